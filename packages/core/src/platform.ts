/**
 * The byte helpers the platform-neutral layers use. The defaults are plain
 * Uint8Array; the Node entry swaps in Buffer versions so that users receive
 * Buffers, as zeromq.js gives them.
 */
export interface BytePlatform {
  /** A new, uninitialised byte array of `size` bytes. */
  alloc(size: number): Uint8Array;
  /** UTF-8 encoding of a string. */
  fromString(text: string): Uint8Array;
  /** The same bytes, as the platform's preferred type, without copying. */
  wrap(bytes: Uint8Array): Uint8Array;
}

const encoder = new TextEncoder();

let current: BytePlatform = {
  alloc: (size) => new Uint8Array(size),
  fromString: (text) => encoder.encode(text),
  wrap: (bytes) => bytes,
};

export function setBytePlatform(platform: BytePlatform): void {
  current = platform;
}

export const allocBytes = (size: number): Uint8Array => current.alloc(size);
export const bytesFromString = (text: string): Uint8Array => current.fromString(text);
export const wrapBytes = (bytes: Uint8Array): Uint8Array => current.wrap(bytes);
