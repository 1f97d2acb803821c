import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../errors.js';
import { bytes } from './connection-pair.test-helper.js';
import { FrameDecoder } from './frame-decoder.js';
import { FLAG_COMMAND, FLAG_MORE } from './frame.js';

function decodeAll(decoder: FrameDecoder): { flags: number; body: Uint8Array }[] {
  const frames = [];
  for (let body = decoder.next(); body !== undefined; body = decoder.next()) frames.push({ flags: decoder.flags, body });
  return frames;
}

function protocolError(action: () => unknown): ProtocolError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    return error as ProtocolError;
  }
  throw new Error('expected a ProtocolError');
}

describe('FrameDecoder', () => {
  it('decodes short, long, command and multipart frames from one chunk', () => {
    const decoder = new FrameDecoder({ maxFrameSize: -1 });
    const long = new Uint8Array(300).fill(7);
    decoder.push(
      bytes([0x01, 0x01], 'a', [0x00, 0x02], 'bc', [0x04, 0x05, 0x04], 'PING', [0x02, 0, 0, 0, 0, 0, 0, 0x01, 0x2c], long),
    );
    const frames = decodeAll(decoder);
    expect(frames.map((f) => f.flags)).toEqual([FLAG_MORE, 0, FLAG_COMMAND, 0]);
    expect(new TextDecoder().decode(frames[0].body)).toBe('a');
    expect(new TextDecoder().decode(frames[1].body)).toBe('bc');
    expect(frames[2].body).toEqual(bytes([4], 'PING'));
    expect(frames[3].body).toEqual(long);
  });

  it('returns bodies inside one chunk as views of it, without copying', () => {
    const decoder = new FrameDecoder({ maxFrameSize: -1 });
    const chunk = bytes([0x00, 0x03], 'abc');
    decoder.push(chunk);
    const body = decoder.next()!;
    expect(body.buffer).toBe(chunk.buffer);
    expect(body.byteOffset).toBe(2);
  });

  it('joins a body split across chunks, arriving a byte at a time', () => {
    const decoder = new FrameDecoder({ maxFrameSize: -1 });
    const wire = bytes([0x01, 0x02], 'hi', [0x02, 0, 0, 0, 0, 0, 0, 0, 0x03], 'end');
    const frames = [];
    for (const byte of wire) {
      decoder.push(Uint8Array.of(byte));
      frames.push(...decodeAll(decoder));
    }
    expect(frames.map((f) => [f.flags, new TextDecoder().decode(f.body)])).toEqual([
      [FLAG_MORE, 'hi'],
      [0, 'end'],
    ]);
    expect(decoder.queue.length).toBe(0);
  });

  it('accepts a LONG-form size for a small body, as libzmq does', () => {
    const decoder = new FrameDecoder({ maxFrameSize: -1 });
    decoder.push(bytes([0x02, 0, 0, 0, 0, 0, 0, 0, 0x02], 'ok'));
    expect(decodeAll(decoder).map((f) => new TextDecoder().decode(f.body))).toEqual(['ok']);
  });

  it('decodes empty frames', () => {
    const decoder = new FrameDecoder({ maxFrameSize: -1 });
    decoder.push(Uint8Array.of(0x01, 0x00, 0x00, 0x00));
    expect(decodeAll(decoder).map((f) => [f.flags, f.body.length])).toEqual([
      [FLAG_MORE, 0],
      [0, 0],
    ]);
  });

  it.each([0x08, 0x10, 0x80, 0xf9])('refuses reserved flag bits 0x%s at the flags byte', (flags) => {
    const decoder = new FrameDecoder({ maxFrameSize: -1 });
    decoder.push(Uint8Array.of(flags));
    const error = protocolError(() => decoder.next());
    expect(error.code).toBe('ERR_ZMTP_RESERVED_FLAGS');
    expect(error.message).toMatch(/reserved flag bits/);
  });

  it('refuses a command frame with MORE set', () => {
    const decoder = new FrameDecoder({ maxFrameSize: -1 });
    decoder.push(Uint8Array.of(0x05, 0x01, 0x00));
    expect(protocolError(() => decoder.next()).code).toBe('ERR_ZMTP_MALFORMED_FRAME');
  });

  it('refuses a 2^63 declared size as soon as the 8 size bytes are in, without a body', () => {
    const decoder = new FrameDecoder({ maxFrameSize: -1 });
    decoder.push(Uint8Array.of(0x02, 0x80, 0, 0, 0, 0, 0, 0, 0));
    const error = protocolError(() => decoder.next());
    expect(error.code).toBe('ERR_ZMTP_FRAME_TOO_LARGE');
    expect(error.message).toMatch(/hard limit/);
  });

  it('refuses 2^63 - 1 and 2^40 as well (the hard cap holds with no maxMessageSize)', () => {
    for (const size of [
      [0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
      [0, 0, 0x01, 0, 0, 0, 0, 0],
    ]) {
      const decoder = new FrameDecoder({ maxFrameSize: -1 });
      decoder.push(Uint8Array.from([0x02, ...size]));
      expect(protocolError(() => decoder.next()).code).toBe('ERR_ZMTP_FRAME_TOO_LARGE');
    }
  });

  it('enforces maxMessageSize per frame at the header, short and long', () => {
    const short = new FrameDecoder({ maxFrameSize: 4 });
    short.push(Uint8Array.of(0x00, 0x05));
    const error = protocolError(() => short.next());
    expect(error.code).toBe('ERR_ZMTP_FRAME_TOO_LARGE');
    expect(error.message).toMatch(/maxMessageSize of 4/);

    const long = new FrameDecoder({ maxFrameSize: 1000 });
    long.push(Uint8Array.of(0x02, 0, 0, 0, 0, 0, 0, 0x03, 0xe9));
    expect(protocolError(() => long.next()).code).toBe('ERR_ZMTP_FRAME_TOO_LARGE');

    const fits = new FrameDecoder({ maxFrameSize: 4 });
    fits.push(bytes([0x01, 0x04], 'abcd', [0x00, 0x04], 'efgh'));
    expect(decodeAll(fits)).toHaveLength(2);
  });

  it('applies a lower hard limit when given one', () => {
    const decoder = new FrameDecoder({ maxFrameSize: -1, hardLimit: 100 });
    decoder.push(Uint8Array.of(0x00, 101));
    expect(protocolError(() => decoder.next()).code).toBe('ERR_ZMTP_FRAME_TOO_LARGE');
  });

  it('does not buffer for a declared size it has not received: memory follows the bytes that came', () => {
    const decoder = new FrameDecoder({ maxFrameSize: -1 });
    decoder.push(Uint8Array.of(0x02, 0, 0, 0, 0, 0x10, 0, 0, 0)); // declares 256 MiB
    expect(decoder.next()).toBeUndefined();
    decoder.push(new Uint8Array(10));
    expect(decoder.next()).toBeUndefined();
    expect(decoder.queue.length).toBe(10);
  });
});
