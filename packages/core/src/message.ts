import { InvalidArgumentError } from './errors.js';
import { bytesFromString, wrapBytes } from './platform.js';

/** One frame of a message. In Node this is a Buffer (a Uint8Array subclass). */
export type Frame = Uint8Array;

/** A whole message: every frame is delivered together or not at all. */
export type Message = Frame[];

/** What `send()` accepts for one part, as zeromq.js does. */
export type MessageLike = string | number | Uint8Array | ArrayBuffer | ArrayBufferView | null;

const empty = new Uint8Array(0);

/** Converts one user-supplied part to a frame without copying binary data. */
export function toFrame(part: MessageLike): Frame {
  if (part === null || part === undefined) return wrapBytes(empty);
  if (typeof part === 'string') return bytesFromString(part);
  if (typeof part === 'number') return bytesFromString(String(part)); // zeromq.js sends numbers as text
  if (part instanceof Uint8Array) return part;
  if (part instanceof ArrayBuffer) return wrapBytes(new Uint8Array(part));
  if (ArrayBuffer.isView(part)) return wrapBytes(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
  throw new InvalidArgumentError(
    `Message parts must be strings, Buffers, Uint8Arrays, ArrayBuffers or null; got ${typeof part}`,
  );
}

/** Converts what `send()` was given (one part or an array of parts) to a message. */
export function toMessage(message: MessageLike | readonly MessageLike[]): Message {
  if (Array.isArray(message)) {
    if (message.length === 0) throw new InvalidArgumentError('A message needs at least one part; send [""] for an empty one');
    return message.map(toFrame);
  }
  return [toFrame(message as MessageLike)];
}

/** Total number of payload bytes in a message. */
export function messageSize(message: Message): number {
  let size = 0;
  for (const frame of message) size += frame.length;
  return size;
}
