/**
 * BUNDLE datagrams: while congestion control holds messages back, the Radio packs the small
 * ones waiting into one datagram, so a rate counted in packets carries many messages and the
 * Dish wakes once for all of them. Payload: for each message, its length (16 bits) and its
 * bytes in libzmq's layout (group length byte, group, body).
 */
import type { Message } from '@zmtp/core';
import { DATA_HEADER, DatagramType, encodeData, type DataHeader } from './extension.js';
import { messageSize } from './fragments.js';

/** What one message adds to a bundle: its length field and its bytes. */
export function bundledSize(group: Uint8Array, body: Uint8Array): number {
  return 2 + messageSize(group, body);
}

/** A BUNDLE of `messages` (each `[group, body]`), which the caller has sized to fit. */
export function encodeBundle(header: DataHeader, messages: readonly Message[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [group, body] of messages) {
    const size = messageSize(group, body);
    parts.push(Uint8Array.of(size >>> 8, size & 0xff, group.length), group, body);
  }
  return encodeData(header, parts, DatagramType.bundle);
}

/** The messages of a BUNDLE's payload (views, libzmq layout), or undefined when the lengths do not add up. */
export function splitBundle(payload: Uint8Array): Uint8Array[] | undefined {
  const messages: Uint8Array[] = [];
  let offset = 0;
  while (offset < payload.length) {
    if (offset + 2 > payload.length) return undefined;
    const size = (payload[offset] << 8) | payload[offset + 1];
    offset += 2;
    if (size === 0 || offset + size > payload.length) return undefined;
    messages.push(payload.subarray(offset, offset + size));
    offset += size;
  }
  return messages;
}

/** Bytes of a BUNDLE datagram before its first message. */
export const BUNDLE_HEADER = DATA_HEADER;
