const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const toBytes = (text: string): Uint8Array => encoder.encode(text);
export const toText = (bytes: Uint8Array): string => decoder.decode(bytes);

/** A frame whose bytes depend on `seed`, so a swapped or shifted frame is caught. */
export function patternFrame(seed: number, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (seed * 31 + i) & 0xff;
  return bytes;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Throws with a readable diff when a received multipart message is not the expected one. */
export function assertMessage(received: readonly Uint8Array[], expected: readonly Uint8Array[], what: string): void {
  const sizes = (parts: readonly Uint8Array[]) => `[${parts.map((p) => p.byteLength).join(', ')}] bytes`;
  if (received.length !== expected.length) {
    throw new Error(`${what}: got ${received.length} frames ${sizes(received)}, expected ${expected.length} ${sizes(expected)}`);
  }
  received.forEach((part, i) => {
    if (!sameBytes(part, expected[i])) {
      throw new Error(`${what}: frame ${i} differs (got ${part.byteLength} bytes, expected ${expected[i].byteLength})`);
    }
  });
}
