import { InvalidArgumentError } from '@zmtp/core';

/** The Z85 alphabet (ZeroMQ RFC 32), in digit order. */
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#';

/** Character code -> digit value, -1 for characters outside the alphabet. */
const DIGITS = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGITS[ALPHABET.charCodeAt(i)] = i;

/** Encodes bytes as Z85 text; the length must be a multiple of 4 (32-byte keys give 40 characters). */
export function z85Encode(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array) || bytes.length % 4 !== 0) {
    throw new InvalidArgumentError(
      `z85Encode() takes a Uint8Array whose length is a multiple of 4; got ${describe(bytes)}`,
    );
  }
  let text = '';
  for (let at = 0; at < bytes.length; at += 4) {
    // Multiplying, not shifting, keeps the value an unsigned 32-bit number.
    let value = bytes[at] * 0x1000000 + ((bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]);
    const chunk: string[] = [];
    for (let i = 0; i < 5; i++) {
      chunk.push(ALPHABET[value % 85]);
      value = Math.floor(value / 85);
    }
    text += chunk.reverse().join('');
  }
  return text;
}

/** Decodes Z85 text; the length must be a multiple of 5 (a 40-character key gives 32 bytes). */
export function z85Decode(text: string): Uint8Array {
  if (typeof text !== 'string' || text.length % 5 !== 0) {
    throw new InvalidArgumentError(
      `z85Decode() takes a string whose length is a multiple of 5 (keys are 40 characters); got ${describe(text)}`,
    );
  }
  const bytes = new Uint8Array((text.length / 5) * 4);
  for (let at = 0, out = 0; at < text.length; at += 5, out += 4) {
    let value = 0;
    for (let i = 0; i < 5; i++) {
      const code = text.charCodeAt(at + i);
      const digit = code < 128 ? DIGITS[code] : -1;
      if (digit < 0) {
        throw new InvalidArgumentError(
          `z85Decode(): character ${JSON.stringify(text[at + i])} at position ${at + i} is not in the Z85 alphabet`,
        );
      }
      value = value * 85 + digit;
    }
    if (value > 0xffffffff) {
      throw new InvalidArgumentError(`z85Decode(): the group "${text.slice(at, at + 5)}" encodes more than 32 bits`);
    }
    bytes[out] = value >>> 24;
    bytes[out + 1] = (value >>> 16) & 0xff;
    bytes[out + 2] = (value >>> 8) & 0xff;
    bytes[out + 3] = value & 0xff;
  }
  return bytes;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `${value.length} characters`;
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  return typeof value;
}
