import * as libzmq from 'zeromq';
import { describe, expect, it } from 'vitest';
import { curveKeyPair, curvePublicKey } from './keys.js';
import { z85Decode, z85Encode } from './z85.js';

describe('Z85', () => {
  it('matches the RFC 32 test vector', () => {
    const bytes = Uint8Array.of(0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b);
    expect(z85Encode(bytes)).toBe('HelloWorld');
    expect([...z85Decode('HelloWorld')]).toEqual([...bytes]);
  });

  it('round-trips every byte value at every position', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => (i * 167 + 13) & 0xff);
    expect([...z85Decode(z85Encode(bytes))]).toEqual([...bytes]);
    expect(z85Encode(new Uint8Array(4).fill(0xff))).toBe('%nSc0');
  });

  it('refuses lengths and characters it cannot encode, saying what is wrong', () => {
    expect(() => z85Encode(new Uint8Array(3))).toThrow(/multiple of 4/);
    expect(() => z85Decode('abcd')).toThrow(/multiple of 5/);
    expect(() => z85Decode('Hello Worl')).toThrow(/" " at position 5/);
    expect(() => z85Decode('%%%%%')).toThrow(/more than 32 bits/);
    expect(() => z85Decode('Hello Worl')).toThrow(expect.objectContaining({ code: 'EINVAL' }));
  });
});

describe('curve keys', () => {
  it("derives libzmq's public key from libzmq's secret key (X25519 and Z85 agree with zeromq.js)", () => {
    for (let i = 0; i < 5; i++) {
      const pair = libzmq.curveKeyPair();
      expect(curvePublicKey(pair.secretKey)).toBe(pair.publicKey);
    }
  });

  it('makes 40-character Z85 pairs whose halves belong together', () => {
    const pair = curveKeyPair();
    expect(pair.publicKey).toHaveLength(40);
    expect(pair.secretKey).toHaveLength(40);
    expect(curvePublicKey(pair.secretKey)).toBe(pair.publicKey);
    expect(curveKeyPair().secretKey).not.toBe(pair.secretKey);
  });
});
