/** `name-len name`: how a command body starts. */
export function commandPrefix(name: string): Uint8Array {
  const prefix = new Uint8Array(1 + name.length);
  prefix[0] = name.length;
  for (let i = 0; i < name.length; i++) prefix[1 + i] = name.charCodeAt(i);
  return prefix;
}

export function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const part of parts) size += part.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Constant-time comparison of two byte arrays of public length. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i] ^ b[i];
  return difference === 0;
}

/** The name of a command, for messages (`HELLO`), or a note that it has none. */
export function commandName(body: Uint8Array): string {
  const length = body.length > 0 ? body[0] : 0;
  if (length === 0 || length >= body.length) return 'a malformed command';
  let name = '';
  for (let i = 1; i <= length; i++) name += String.fromCharCode(body[i]);
  return /^[A-Za-z]+$/.test(name) ? name : 'a malformed command';
}

/** Writes a non-negative integer below 2^53 as 8 big-endian bytes. */
export function writeUint64(bytes: Uint8Array, at: number, value: number): void {
  const high = Math.floor(value / 0x100000000);
  const low = value >>> 0;
  bytes[at] = high >>> 24;
  bytes[at + 1] = (high >>> 16) & 0xff;
  bytes[at + 2] = (high >>> 8) & 0xff;
  bytes[at + 3] = high & 0xff;
  bytes[at + 4] = low >>> 24;
  bytes[at + 5] = (low >>> 16) & 0xff;
  bytes[at + 6] = (low >>> 8) & 0xff;
  bytes[at + 7] = low & 0xff;
}

/** Reads 8 big-endian bytes as a number (exact below 2^53). */
export function readUint64(bytes: Uint8Array, at: number): number {
  const high = ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
  const low = ((bytes[at + 4] << 24) | (bytes[at + 5] << 16) | (bytes[at + 6] << 8) | bytes[at + 7]) >>> 0;
  return high * 0x100000000 + low;
}
