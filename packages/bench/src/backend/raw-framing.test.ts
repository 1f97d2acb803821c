import { describe, expect, it } from 'vitest';
import { FrameDecoder, headerBytes } from './raw-framing.js';

function frame(payload: Buffer): Buffer {
  const header = Buffer.alloc(headerBytes);
  header.writeUInt32BE(payload.length);
  return Buffer.concat([header, payload]);
}

describe('FrameDecoder', () => {
  const payloads = [Buffer.from('a'), Buffer.alloc(0), Buffer.alloc(5_000, 7), Buffer.from('last one')];
  const stream = Buffer.concat(payloads.map(frame));

  it.each([1, 2, 3, 5, 4096, stream.length])('reassembles frames from chunks of %i bytes', (chunkSize) => {
    const decoder = new FrameDecoder();
    const got: Buffer[] = [];
    for (let at = 0; at < stream.length; at += chunkSize) {
      decoder.push(stream.subarray(at, at + chunkSize), (f) => got.push(Buffer.from(f)));
    }
    expect(got).toEqual(payloads);
  });
});
