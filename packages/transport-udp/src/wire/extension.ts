/**
 * The zmtp-basket UDP extension's datagrams (PROTOCOL.md, version 1): HELLO, WELCOME,
 * DATA and FEEDBACK. All integers big-endian. Decoding never throws and never copies: it
 * returns views into the datagram, or a fault saying why the datagram is dropped.
 */
import { InvalidArgumentError } from '@zmtp/core';
import type { CongestionMode } from '../congestion/controller.js';
import type { DeliveryMode } from '../options.js';
import { seqAdd } from './serial.js';

/**
 * `20 'Z' 'M' 'U'`: libzmq reads the first byte as a 32-byte group, which a 16-byte HELLO
 * cannot hold (so libzmq drops it) and which fits libzmq's inline message (so it allocates
 * nothing); then our mark. (A copy for readers.)
 */
export const MAGIC = new Uint8Array([0x20, 0x5a, 0x4d, 0x55]);
export const EXTENSION_VERSION = 1;

export const DatagramType = { hello: 1, welcome: 2, data: 3, feedback: 4, bundle: 5 } as const;
export type DatagramKind = keyof typeof DatagramType;

/** Magic, version, type, session. */
export const COMMON_HEADER = 10;
/** HELLO and WELCOME are this long (longer ones are read; the rest is ignored). */
export const HANDSHAKE_SIZE = 16;
export const DATA_HEADER = 26;
export const FEEDBACK_HEADER = 31;

/** A DATA datagram must carry at least one payload byte. */
export const MIN_SEGMENT_SIZE = DATA_HEADER + 1;
/** The segment size field is 16 bits. */
export const MAX_SEGMENT_SIZE = 0xffff;
export const MAX_FRAGMENTS = 0xffff;

const congestionIds: Readonly<Record<CongestionMode, number>> = { none: 0, ccid2: 2, tfrc: 3 };
const deliveryIds: Readonly<Record<DeliveryMode, number>> = { arrival: 1, 'newest-only': 2 };
/** HELLO's delivery byte when the Radio leaves the choice to the Dish. */
const DISH_CHOICE = 0;

/** The wire id of a congestion control mode; throws for an unknown mode. */
export function congestionId(mode: CongestionMode): number {
  if (!Object.hasOwn(congestionIds, mode)) {
    throw new InvalidArgumentError(`congestion must be 'none', 'ccid2' or 'tfrc'; got ${String(mode)}`);
  }
  return congestionIds[mode];
}

export function congestionFromId(id: number): CongestionMode | undefined {
  return id === 0 ? 'none' : id === 2 ? 'ccid2' : id === 3 ? 'tfrc' : undefined;
}

/** The wire id of a delivery mode; throws for an unknown mode. */
export function deliveryId(mode: DeliveryMode): number {
  if (!Object.hasOwn(deliveryIds, mode)) {
    throw new InvalidArgumentError(`delivery must be 'arrival' or 'newest-only'; got ${String(mode)}`);
  }
  return deliveryIds[mode];
}

export function deliveryFromId(id: number): DeliveryMode | undefined {
  return id === 1 ? 'arrival' : id === 2 ? 'newest-only' : undefined;
}

// ---- Field sets ----

export interface HelloFields {
  readonly session: number;
  readonly congestion: CongestionMode;
  /** Undefined: the Dish's choice. */
  readonly delivery?: DeliveryMode;
  /** Bytes of a full DATA datagram the Radio will send. */
  readonly segmentSize: number;
}

/** What the Dish accepted: the same fields, with the delivery mode always settled. */
export interface WelcomeFields {
  readonly session: number;
  readonly congestion: CongestionMode;
  readonly delivery: DeliveryMode;
  readonly segmentSize: number;
}

/** The DATA fields that change per datagram as it leaves (see `stampData`). */
export interface DataStamp {
  /** This datagram's sequence number (32-bit serial). */
  readonly seq: number;
  /** Send time in microseconds, wrapping at 2^32. */
  readonly sendTime: number;
  /** The Radio's smoothed RTT in microseconds, 0 if unknown. */
  readonly rtt: number;
}

export interface DataHeader extends DataStamp {
  readonly session: number;
  /** 0-based fragment index, below `count`. */
  readonly index: number;
  /** Fragments of the message, 1..65535. */
  readonly count: number;
}

export interface FeedbackFields {
  readonly session: number;
  /** Send time echoed from the newest DATA received (meaningless while `received` is 0). */
  readonly echoTime: number;
  /** Microseconds between receiving that DATA and sending this FEEDBACK. */
  readonly echoDelay: number;
  /** Greatest DATA sequence number received. */
  readonly greatestSeq: number;
  /** DATA datagrams received in this session (wraps at 2^32). */
  readonly received: number;
  /** DATA datagrams counted as lost in this session (wraps at 2^32). */
  readonly lost: number;
  /** Whose body this is. */
  readonly congestion: CongestionMode;
}

// ---- Decoded values ----

export interface HelloDatagram extends HelloFields {
  readonly kind: 'hello';
}

export interface WelcomeDatagram extends WelcomeFields {
  readonly kind: 'welcome';
}

export interface DataDatagram extends DataHeader {
  readonly kind: 'data';
  /** A BUNDLE: several whole small messages in one datagram (../wire/bundle.ts), index 0 of 1. */
  readonly bundle: boolean;
  /** `seq - index`: the message's sequence number, which newest-only delivery compares. */
  readonly messageSeq: number;
  /** A slice of the message in libzmq's layout (a view into the datagram). */
  readonly payload: Uint8Array;
}

export interface FeedbackDatagram extends FeedbackFields {
  readonly kind: 'feedback';
  /** The congestion controller's own bytes (a view into the datagram). */
  readonly body: Uint8Array;
}

export type ExtensionDatagram = HelloDatagram | WelcomeDatagram | DataDatagram | FeedbackDatagram;

/** Why an extension datagram is dropped. */
export type ExtensionFault =
  /** No magic: a plain libzmq datagram, not ours. */
  | 'notExtension'
  /** Shorter than its header. */
  | 'truncated'
  | 'badVersion'
  | 'badType'
  /** Fragment count 0, index not below count, or no payload. */
  | 'badFragment'
  /** A congestion control id other than 0, 2, 3. */
  | 'badCongestion'
  /** A delivery id other than 0 (HELLO only), 1, 2. */
  | 'badDelivery'
  /** A segment size too small to carry a payload byte. */
  | 'badSegmentSize';

// ---- Detection and decoding ----

/** Whether the datagram starts with the extension's magic (any version). */
export function isExtension(datagram: Uint8Array): boolean {
  return (
    datagram.length >= 4 &&
    datagram[0] === 0x20 &&
    datagram[1] === 0x5a &&
    datagram[2] === 0x4d &&
    datagram[3] === 0x55
  );
}

/** Reads any extension datagram. Returns views into `datagram`; never throws. */
export function decodeExtension(datagram: Uint8Array): ExtensionDatagram | ExtensionFault {
  if (!isExtension(datagram)) return 'notExtension';
  if (datagram.length < COMMON_HEADER) return 'truncated';
  if (datagram[4] !== EXTENSION_VERSION) return 'badVersion';
  const session = readU32(datagram, 6);
  switch (datagram[5]) {
    case DatagramType.hello:
    case DatagramType.welcome:
      return decodeHandshake(datagram, session);
    case DatagramType.data:
    case DatagramType.bundle:
      return decodeData(datagram, session);
    case DatagramType.feedback:
      return decodeFeedback(datagram, session);
    default:
      return 'badType';
  }
}

function decodeHandshake(datagram: Uint8Array, session: number): HelloDatagram | WelcomeDatagram | ExtensionFault {
  if (datagram.length < HANDSHAKE_SIZE) return 'truncated';
  const congestion = congestionFromId(datagram[10]);
  if (congestion === undefined) return 'badCongestion';
  const segmentSize = readU16(datagram, 12);
  if (segmentSize < MIN_SEGMENT_SIZE) return 'badSegmentSize';
  // Bytes 14..15 are reserved: written as 0, ignored when read.
  const hello = datagram[5] === DatagramType.hello;
  const deliveryByte = datagram[11];
  if (hello && deliveryByte === DISH_CHOICE) return { kind: 'hello', session, congestion, segmentSize };
  const delivery = deliveryFromId(deliveryByte);
  if (delivery === undefined) return 'badDelivery';
  return hello
    ? { kind: 'hello', session, congestion, delivery, segmentSize }
    : { kind: 'welcome', session, congestion, delivery, segmentSize };
}

function decodeData(datagram: Uint8Array, session: number): DataDatagram | ExtensionFault {
  if (datagram.length < DATA_HEADER) return 'truncated';
  const index = readU16(datagram, 14);
  const count = readU16(datagram, 16);
  const bundle = datagram[5] === DatagramType.bundle;
  if (index >= count || datagram.length === DATA_HEADER || (bundle && count !== 1)) return 'badFragment';
  const seq = readU32(datagram, 10);
  return {
    kind: 'data',
    bundle,
    session,
    seq,
    index,
    count,
    sendTime: readU32(datagram, 18),
    rtt: readU32(datagram, 22),
    messageSeq: seqAdd(seq, -index),
    payload: datagram.subarray(DATA_HEADER),
  };
}

function decodeFeedback(datagram: Uint8Array, session: number): FeedbackDatagram | ExtensionFault {
  if (datagram.length < FEEDBACK_HEADER) return 'truncated';
  const congestion = congestionFromId(datagram[30]);
  if (congestion === undefined) return 'badCongestion';
  return {
    kind: 'feedback',
    session,
    echoTime: readU32(datagram, 10),
    echoDelay: readU32(datagram, 14),
    greatestSeq: readU32(datagram, 18),
    received: readU32(datagram, 22),
    lost: readU32(datagram, 26),
    congestion,
    body: datagram.subarray(FEEDBACK_HEADER),
  };
}

// ---- Encoding ----

export function encodeHello(fields: HelloFields): Uint8Array {
  const delivery = fields.delivery === undefined ? DISH_CHOICE : deliveryId(fields.delivery);
  return encodeHandshake(DatagramType.hello, fields, delivery);
}

export function encodeWelcome(fields: WelcomeFields): Uint8Array {
  return encodeHandshake(DatagramType.welcome, fields, deliveryId(fields.delivery));
}

function encodeHandshake(type: number, fields: HelloFields, delivery: number): Uint8Array {
  const { segmentSize } = fields;
  if (!Number.isInteger(segmentSize) || segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
    throw new InvalidArgumentError(
      `segmentSize must be an integer from ${MIN_SEGMENT_SIZE} to ${MAX_SEGMENT_SIZE}; got ${String(segmentSize)}`,
    );
  }
  const datagram = new Uint8Array(HANDSHAKE_SIZE);
  writeCommon(datagram, type, fields.session);
  datagram[10] = congestionId(fields.congestion);
  datagram[11] = delivery;
  writeU16(datagram, 12, segmentSize);
  return datagram;
}

/** One DATA datagram: the header, then the payload parts in order, in one allocation. */
export function encodeData(
  header: DataHeader,
  payload: Uint8Array | readonly Uint8Array[],
  type: typeof DatagramType.data | typeof DatagramType.bundle = DatagramType.data,
): Uint8Array {
  const parts = payload instanceof Uint8Array ? [payload] : payload;
  let length = DATA_HEADER;
  for (const part of parts) length += part.length;
  const datagram = new Uint8Array(length);
  writeDataHeader(datagram, header, type);
  let offset = DATA_HEADER;
  for (const part of parts) {
    datagram.set(part, offset);
    offset += part.length;
  }
  return datagram;
}

/**
 * Writes a DATA header into the first 26 bytes of `target` (a datagram the caller fills
 * with the payload after it). Throws for a bad fragment index or count.
 */
export function writeDataHeader(
  target: Uint8Array,
  header: DataHeader,
  type: typeof DatagramType.data | typeof DatagramType.bundle = DatagramType.data,
): void {
  const { index, count } = header;
  if (!Number.isInteger(count) || count < 1 || count > MAX_FRAGMENTS || !Number.isInteger(index) || index < 0 || index >= count) {
    throw new InvalidArgumentError(
      `DATA fragment index must be 0..count-1 and count 1..${MAX_FRAGMENTS}; got index ${String(index)} of ${String(count)}`,
    );
  }
  if (target.length < DATA_HEADER) {
    throw new InvalidArgumentError(`A DATA datagram needs at least ${DATA_HEADER} bytes; got ${target.length}`);
  }
  writeCommon(target, type, header.session);
  writeU16(target, 14, index);
  writeU16(target, 16, count);
  stampData(target, header.seq, header.sendTime, header.rtt);
}

/**
 * Rewrites the fields of a built DATA datagram that are only known as it leaves: sequence
 * number, send time, RTT. The fragments of one message need consecutive sequence numbers
 * (index 0 gets the message's own), so a sender that drops must drop whole messages.
 */
export function stampData(datagram: Uint8Array, seq: number, sendTime: number, rtt: number): void {
  writeU32(datagram, 10, seq);
  writeU32(datagram, 18, sendTime);
  writeU32(datagram, 22, rtt);
}

/** FEEDBACK: the header, then the congestion controller's body. */
export function encodeFeedback(fields: FeedbackFields, body: Uint8Array): Uint8Array {
  const datagram = new Uint8Array(FEEDBACK_HEADER + body.length);
  writeCommon(datagram, DatagramType.feedback, fields.session);
  writeU32(datagram, 10, fields.echoTime);
  writeU32(datagram, 14, fields.echoDelay);
  writeU32(datagram, 18, fields.greatestSeq);
  writeU32(datagram, 22, fields.received);
  writeU32(datagram, 26, fields.lost);
  datagram[30] = congestionId(fields.congestion);
  datagram.set(body, FEEDBACK_HEADER);
  return datagram;
}

function writeCommon(target: Uint8Array, type: number, session: number): void {
  target[0] = 0x20; // MAGIC, written byte by byte so nothing can alter it
  target[1] = 0x5a;
  target[2] = 0x4d;
  target[3] = 0x55;
  target[4] = EXTENSION_VERSION;
  target[5] = type;
  writeU32(target, 6, session);
}

// ---- Big-endian integers (numbers outside the range are wrapped, as the fields wrap) ----

function readU16(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] << 8) | bytes[offset + 1];
}

function readU32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
}

function writeU16(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value >>> 8;
  bytes[offset + 1] = value;
}

function writeU32(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value >>> 24;
  bytes[offset + 1] = value >>> 16;
  bytes[offset + 2] = value >>> 8;
  bytes[offset + 3] = value;
}
