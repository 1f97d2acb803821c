import { randomBytes } from 'node:crypto';
import type { ProtocolError } from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { MESSAGE, RecordCipher } from './record-cipher.js';
import { createCipheriv } from 'node:crypto';
import { AES_256_GCM, CHACHA20_POLY1305, SIZED, SMALL_RECORD, type Suite } from './suites.js';

const MORE = 0x01;
const COMMAND = 0x04;

/** Two ends of one connection: what `a` seals, `b` opens, and back. */
function pair(suite: Suite = AES_256_GCM, rekeyBytes = 2 ** 30) {
  const ab = randomBytes(32);
  const ba = randomBytes(32);
  return { a: new RecordCipher(suite, ab, ba, rekeyBytes), b: new RecordCipher(suite, ba, ab, rekeyBytes), ab, ba };
}

function failure(run: () => unknown): ProtocolError {
  try {
    run();
  } catch (error) {
    return error as ProtocolError;
  }
  throw new Error('expected the record to be refused');
}

describe('opportunistic records', () => {
  it.each([SIZED, AES_256_GCM, CHACHA20_POLY1305])('carries frames and their flags both ways with $name', (suite) => {
    const { a, b } = pair(suite);
    const large = 'L'.repeat(SMALL_RECORD * 3);
    for (const [flags, text] of [[MORE, 'first'], [0, 'last'], [COMMAND, '\x04PING'], [0, ''], [MORE, large], [0, large.slice(1)]] as const) {
      const record = a.encrypt(flags, Buffer.from(text));
      expect(Buffer.from(record).includes(Buffer.from('first'))).toBe(false);
      const frame = b.decrypt(record);
      expect(frame.flags).toBe(flags);
      expect(Buffer.from(frame.body).toString()).toBe(text);
    }
    expect(Buffer.from(a.decrypt(b.encrypt(0, Buffer.from('back'))).body).toString()).toBe('back');
  });

  it("seals small ChaCha20-Poly1305 records with libsodium byte for byte as OpenSSL does", () => {
    const key = randomBytes(32);
    const nonce = randomBytes(12);
    const aad = randomBytes(16);
    const body = randomBytes(100);
    const out = new Uint8Array(1 + body.length + 16);
    CHACHA20_POLY1305.seal(CHACHA20_POLY1305.prepare(key), nonce, aad, 0x01, body, out, 0);
    const openssl = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
    openssl.setAAD(aad, { plaintextLength: 1 + body.length });
    const expected = Buffer.concat([openssl.update(Buffer.concat([Buffer.of(0x01), body])), openssl.final(), openssl.getAuthTag()]);
    expect(Buffer.from(out).equals(expected)).toBe(true);
  });

  it('never repeats a nonce: equal frames give different records', () => {
    const { a } = pair();
    const first = a.encrypt(0, Buffer.from('same'));
    const second = a.encrypt(0, Buffer.from('same'));
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(false);
  });

  it('names a replayed, a dropped and a reordered record', () => {
    const { a, b } = pair();
    const [r1, r2, r3] = ['one', 'two', 'three'].map((t) => a.encrypt(0, Buffer.from(t)));
    b.decrypt(r1);
    const replay = failure(() => b.decrypt(r1));
    expect(replay.code).toBe('ERR_ZMTP_INVALID_SEQUENCE');
    expect(replay.message).toMatch(/replayed/);
    const skipped = failure(() => b.decrypt(r3));
    expect(skipped.code).toBe('ERR_ZMTP_INVALID_SEQUENCE');
    expect(skipped.message).toMatch(/dropped or reordered/);
    expect(Buffer.from(b.decrypt(r2).body).toString()).toBe('two');
  });

  it('refuses a tampered record, a truncated one and a foreign command', () => {
    const { a, b } = pair();
    const record = Buffer.from(a.encrypt(0, Buffer.from('payload')));
    const flipped = Buffer.from(record);
    flipped[20] ^= 0x01;
    expect(failure(() => b.decrypt(flipped))).toMatchObject({ code: 'ERR_ZMTP_CRYPTOGRAPHIC' });
    const cut = failure(() => b.decrypt(record.subarray(0, 20)));
    expect(cut.code).toBe('ERR_ZMTP_MALFORMED_COMMAND_MESSAGE');
    expect(cut.message).toMatch(/truncated/);
    expect(failure(() => b.decrypt(record.subarray(0, record.length - 1))).code).toBe('ERR_ZMTP_CRYPTOGRAPHIC');
    expect(failure(() => b.decrypt(Buffer.from('\x05READYxxxxxxxxxxxxxxxxxxxxxxxxxxxx'))).code).toBe(
      'ERR_ZMTP_UNEXPECTED_COMMAND',
    );
  });

  it('switches keys after the set volume, in step on both sides', () => {
    const { a, b } = pair(AES_256_GCM, 1024);
    const frame = randomBytes(300);
    for (let i = 0; i < 10; i++) expect(Buffer.from(b.decrypt(a.encrypt(0, frame)).body).equals(frame)).toBe(true);
    // 10 x 301 bytes, at most 1024 under one key: a new key after records 4 and 8.
    expect(a.keyUpdates.sent).toBe(2);
    expect(b.keyUpdates.received).toBe(2);
    expect(b.keyUpdates.sent).toBe(0);
  });

  it('uses a new key after an update: a receiver that stays on the old key cannot open what follows', () => {
    const { a, b, ab, ba } = pair(AES_256_GCM, 1024);
    const lagging = new RecordCipher(AES_256_GCM, ba, ab, 2 ** 30);
    const big = a.encrypt(0, randomBytes(2000)); // crosses the volume: marked KEY_UPDATE
    b.decrypt(big);
    lagging.open(MESSAGE, big); // reads the record but ignores the update
    const next = a.encrypt(0, Buffer.from('after'));
    expect(Buffer.from(b.decrypt(next).body).toString()).toBe('after');
    expect(failure(() => lagging.decrypt(next)).code).toBe('ERR_ZMTP_CRYPTOGRAPHIC');
  });
});
