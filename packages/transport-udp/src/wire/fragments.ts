/**
 * Splitting one message into DATA datagrams and reading a reassembled one back. A message
 * travels in libzmq's layout (group length byte, group, body); each DATA datagram carries
 * the next slice of those bytes, so a one-fragment DATA is a plain datagram behind a header.
 */
import { InvalidArgumentError } from '@zmtp/core';
import {
  DATA_HEADER,
  MAX_FRAGMENTS,
  MAX_SEGMENT_SIZE,
  MIN_SEGMENT_SIZE,
  writeDataHeader,
  type DataStamp,
} from './extension.js';
import { seqAdd } from './serial.js';

/** Payload bytes one DATA datagram of `segmentSize` bytes carries. */
export function fragmentPayloadSize(segmentSize: number): number {
  if (!Number.isInteger(segmentSize) || segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
    throw new InvalidArgumentError(
      `segmentSize must be an integer from ${MIN_SEGMENT_SIZE} to ${MAX_SEGMENT_SIZE}; got ${String(segmentSize)}`,
    );
  }
  return segmentSize - DATA_HEADER;
}

/** Bytes of a message in libzmq's layout: length byte, group, body. */
export function messageSize(group: Uint8Array, body: Uint8Array): number {
  return 1 + group.length + body.length;
}

/** DATA datagrams needed for `size` bytes of message (libzmq layout) at `segmentSize`. */
export function fragmentCount(size: number, segmentSize: number): number {
  return Math.max(1, Math.ceil(size / fragmentPayloadSize(segmentSize)));
}

/**
 * The DATA datagrams of one message. Fragment `i` gets sequence number `stamp.seq + i`
 * (restamp with `stampData` as each leaves if the numbers are assigned later). Each datagram
 * is allocated once and its slice of group and body copied into it once.
 */
export function encodeFragments(
  group: Uint8Array,
  body: Uint8Array,
  segmentSize: number,
  stamp: DataStamp & { readonly session: number },
): Uint8Array[] {
  if (group.length > 255) {
    throw new InvalidArgumentError(`A group is at most 255 bytes; got ${group.length}. Use a shorter group name`);
  }
  const payloadSize = fragmentPayloadSize(segmentSize);
  const size = messageSize(group, body);
  const count = Math.max(1, Math.ceil(size / payloadSize));
  if (count > MAX_FRAGMENTS) {
    throw new InvalidArgumentError(
      `A ${size}-byte message needs ${count} fragments at segmentSize ${segmentSize}; at most ${MAX_FRAGMENTS}. ` +
        'Send a smaller message or raise segmentSize',
    );
  }
  const groupEnd = 1 + group.length;
  const datagrams: Uint8Array[] = new Array(count);
  for (let index = 0; index < count; index++) {
    const start = index * payloadSize;
    const end = Math.min(start + payloadSize, size);
    const datagram = new Uint8Array(DATA_HEADER + end - start);
    writeDataHeader(datagram, {
      session: stamp.session,
      seq: seqAdd(stamp.seq, index),
      index,
      count,
      sendTime: stamp.sendTime,
      rtt: stamp.rtt,
    });
    // The slice [start, end) of (length byte, group, body), copied piece by piece.
    let offset = DATA_HEADER;
    if (start === 0) datagram[offset++] = group.length;
    if (start < groupEnd && end > 1) {
      const piece = group.subarray(Math.max(start, 1) - 1, Math.min(end, groupEnd) - 1);
      datagram.set(piece, offset);
      offset += piece.length;
    }
    if (end > groupEnd) datagram.set(body.subarray(Math.max(start, groupEnd) - groupEnd, end - groupEnd), offset);
    datagrams[index] = datagram;
  }
  return datagrams;
}

/** Group and body of a whole message in libzmq's layout (views), or why it is malformed. */
export function splitMessage(message: Uint8Array): { group: Uint8Array; body: Uint8Array } | 'empty' | 'truncated' {
  if (message.length === 0) return 'empty';
  const groupEnd = 1 + message[0];
  if (groupEnd > message.length) return 'truncated';
  return { group: message.subarray(1, groupEnd), body: message.subarray(groupEnd) };
}
