import { AuthenticationError, ProtocolError } from '../errors.js';
import type { Metadata } from '../contracts/mechanism.js';
import { encodeCommand } from './command.js';
import { decodeMetadata, encodeMetadata } from './metadata.js';

/** Command names of ZMTP 3.1 and its NULL / PLAIN mechanisms. */
export const READY = 'READY';
export const ERROR = 'ERROR';
export const PING = 'PING';
export const PONG = 'PONG';
export const SUBSCRIBE = 'SUBSCRIBE';
export const CANCEL = 'CANCEL';
/** Draft RADIO/DISH group membership (libzmq 4.2+, from a DISH to a RADIO). */
export const JOIN = 'JOIN';
export const LEAVE = 'LEAVE';
export const HELLO = 'HELLO';
export const WELCOME = 'WELCOME';
export const INITIATE = 'INITIATE';

/** Most context bytes a PING carries (RFC 37); libzmq echoes at most this many. */
export const PING_CONTEXT_MAX = 16;
/** Largest TTL a PING can carry, in deciseconds. */
export const PING_TTL_MAX = 0xffff;

/** READY (or INITIATE): the command name followed by the properties. */
export function encodeMetadataCommand(name: string, metadata: Metadata): Uint8Array {
  return encodeCommand(name, encodeMetadata(metadata));
}

export function encodeReady(metadata: Metadata): Uint8Array {
  return encodeMetadataCommand(READY, metadata);
}

/** The properties of a READY / INITIATE, from the data after the name. */
export function decodeMetadataCommand(name: string, data: Uint8Array): Map<string, Uint8Array> {
  return decodeMetadata(data, name);
}

/** ERROR with a reason of at most 255 bytes (longer reasons are cut). */
export function encodeError(reason: string): Uint8Array {
  const text = new TextEncoder().encode(reason).subarray(0, 255);
  return encodeCommand(ERROR, Uint8Array.of(text.length), text);
}

/** The reason of an ERROR, from the data after the name. */
export function decodeError(data: Uint8Array): string {
  if (data.length < 1 || data[0] > data.length - 1) {
    throw new ProtocolError(
      'ERR_ZMTP_MALFORMED_COMMAND_ERROR',
      'Peer sent a malformed ERROR command: the reason length does not match the command size.',
    );
  }
  return new TextDecoder().decode(data.subarray(1, 1 + data[0]));
}

/**
 * libzmq's PLAIN (plain_common.hpp, 4.3.x and later) spells its ERROR name as
 * the C literal "\x05ERROR", which C reads as the hex escape \x05E: on the
 * wire that is `5e 'RROR'`, a 5-byte prefix and no name length. Its PLAIN
 * client expects exactly that form. Recognised on input, never sent.
 */
const LIBZMQ_PLAIN_ERROR_PREFIX = [0x5e, 0x52, 0x52, 0x4f, 0x52];
/** `05 'ERROR'`. */
const STANDARD_ERROR_PREFIX = [0x05, 0x45, 0x52, 0x52, 0x4f, 0x52];

/**
 * The reason of an ERROR command body, in the standard form (`05 ERROR len
 * reason`) or libzmq PLAIN's malformed one; undefined when the body is no ERROR.
 */
export function errorCommandReason(body: Uint8Array): string | undefined {
  if (startsWith(body, STANDARD_ERROR_PREFIX)) return decodeError(body.subarray(STANDARD_ERROR_PREFIX.length));
  if (startsWith(body, LIBZMQ_PLAIN_ERROR_PREFIX)) return decodeError(body.subarray(LIBZMQ_PLAIN_ERROR_PREFIX.length));
  return undefined;
}

function startsWith(body: Uint8Array, prefix: readonly number[]): boolean {
  if (body.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (body[i] !== prefix[i]) return false;
  return true;
}

/**
 * What an ERROR from the peer during a handshake means for us: an
 * authentication failure, with the ZAP status when the reason is one ("400").
 */
export function peerRejection(reason: string, mechanism: string): AuthenticationError {
  const status = /^[0-9]{3}$/.test(reason) ? Number(reason) : 400;
  return new AuthenticationError(
    status,
    `Peer refused the ${mechanism} handshake with ERROR "${reason}"; check the credentials or security options.`,
  );
}

/** PING with a TTL in deciseconds and up to 16 bytes of context. */
export function encodePing(ttlDeciseconds: number, context: Uint8Array = EMPTY): Uint8Array {
  const ttl = Math.max(0, Math.min(PING_TTL_MAX, Math.floor(ttlDeciseconds)));
  return encodeCommand(PING, Uint8Array.of(ttl >>> 8, ttl & 0xff), context.subarray(0, PING_CONTEXT_MAX));
}

export interface Ping {
  /** Deciseconds; 0 means the peer set none. */
  readonly ttl: number;
  /** At most 16 bytes (longer contexts are cut, as libzmq does). */
  readonly context: Uint8Array;
}

/** Decodes the data after `PING`. Shorter than the 2-byte TTL is malformed (libzmq would echo stray memory). */
export function decodePing(data: Uint8Array): Ping {
  if (data.length < 2) {
    throw new ProtocolError(
      'ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED',
      `Peer sent a PING without its 2-byte TTL (${data.length} data bytes); the connection was closed.`,
    );
  }
  return { ttl: (data[0] << 8) | data[1], context: data.subarray(2, 2 + PING_CONTEXT_MAX) };
}

/** PONG echoing a PING's context. */
export function encodePong(context: Uint8Array): Uint8Array {
  return encodeCommand(PONG, context);
}

export function encodeSubscribe(topic: Uint8Array): Uint8Array {
  return encodeCommand(SUBSCRIBE, topic);
}

export function encodeCancel(topic: Uint8Array): Uint8Array {
  return encodeCommand(CANCEL, topic);
}

const EMPTY = new Uint8Array(0);

export function encodeJoin(group: Uint8Array): Uint8Array {
  return encodeCommand(JOIN, group);
}

export function encodeLeave(group: Uint8Array): Uint8Array {
  return encodeCommand(LEAVE, group);
}
