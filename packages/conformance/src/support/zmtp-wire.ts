/**
 * The few ZMTP 3.1 wire facts the suite needs to build bad input and to find
 * frame boundaries in a byte stream (RFC 23). Not an engine.
 */

export const GREETING_SIZE = 64;
export const FLAG_LONG = 0x02;
export const FLAG_COMMAND = 0x04;

/** A ZMTP 3.1 greeting for `mechanism`, as-server 0. */
export function greeting(mechanism = 'NULL'): Uint8Array {
  const bytes = new Uint8Array(GREETING_SIZE);
  bytes[0] = 0xff;
  bytes[9] = 0x7f;
  bytes[10] = 3;
  bytes[11] = 1;
  bytes.set(new TextEncoder().encode(mechanism), 12);
  return bytes;
}

/** The header of a frame: flags, then a one-byte or eight-byte size. */
export function frameHeader(flags: number, size: number): Uint8Array {
  if (size <= 255 && !(flags & FLAG_LONG)) return Uint8Array.of(flags, size);
  const header = new Uint8Array(9);
  header[0] = flags | FLAG_LONG;
  new DataView(header.buffer).setBigUint64(1, BigInt(size));
  return header;
}

/** A whole frame. */
export function frame(flags: number, body: Uint8Array): Uint8Array {
  const header = frameHeader(flags, body.length);
  const out = new Uint8Array(header.length + body.length);
  out.set(header);
  out.set(body, header.length);
  return out;
}
