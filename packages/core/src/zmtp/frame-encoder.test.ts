import { describe, expect, it } from 'vitest';
import { bytes, concat, hex, settle } from './connection-pair.test-helper.js';
import { FrameDecoder } from './frame-decoder.js';
import { FrameEncoder } from './frame-encoder.js';
import { FLAG_COMMAND, FLAG_MORE } from './frame.js';

function recordingEncoder(options = {}) {
  const flushes: Uint8Array[][] = [];
  const encoder = new FrameEncoder((chunks) => flushes.push(chunks), options);
  return { encoder, flushes };
}

describe('FrameEncoder', () => {
  it('uses the short form up to 255 bytes and the long form above', () => {
    const { encoder, flushes } = recordingEncoder();
    encoder.writeFrame(0, new Uint8Array(255));
    encoder.writeFrame(FLAG_MORE, new Uint8Array(256));
    encoder.flush();
    const wire = concat(flushes[0]);
    expect(hex(wire.subarray(0, 2))).toBe('00 ff');
    expect(hex(wire.subarray(257, 266))).toBe('03 00 00 00 00 00 00 01 00');
    expect(wire.length).toBe(2 + 255 + 9 + 256);
  });

  it('encodes commands and multipart messages', () => {
    const { encoder, flushes } = recordingEncoder();
    encoder.writeCommand(bytes([4], 'PING', [0, 0]));
    encoder.writeMessage([bytes('a'), bytes('bc')]);
    encoder.flush();
    expect(hex(concat(flushes[0]))).toBe(hex(bytes([0x04, 0x07, 0x04], 'PING', [0, 0], [0x01, 0x01], 'a', [0x00, 0x02], 'bc')));
  });

  it('sends everything written in one turn of the event loop as one flush', async () => {
    const { encoder, flushes } = recordingEncoder();
    for (let i = 0; i < 1000; i++) encoder.writeMessage([bytes(`message ${i}`)]);
    expect(flushes).toHaveLength(0);
    await settle(1);
    expect(flushes).toHaveLength(1);
    // Small frames share batch buffers: a few chunks, not one per message.
    expect(flushes[0].length).toBeLessThanOrEqual(2);
    const decoder = new FrameDecoder({ maxFrameSize: -1 });
    for (const chunk of flushes[0]) decoder.push(chunk);
    let count = 0;
    for (let body = decoder.next(); body; body = decoder.next()) {
      expect(new TextDecoder().decode(body)).toBe(`message ${count}`);
      count++;
    }
    expect(count).toBe(1000);
  });

  it('passes large bodies by reference and copies small ones', () => {
    const { encoder, flushes } = recordingEncoder();
    const large = new Uint8Array(64 * 1024).fill(1);
    const small = new Uint8Array(100).fill(2);
    encoder.writeMessage([small, large, small]);
    encoder.flush();
    const chunks = flushes[0];
    expect(chunks).toHaveLength(3);
    expect(chunks[1]).toBe(large);
    expect(chunks[0].buffer).not.toBe(small.buffer);
    expect(hex(chunks[0].subarray(chunks[0].length - 9))).toBe('03 00 00 00 00 00 01 00 00');
  });

  it('never rewrites bytes it already handed to the sink', () => {
    const { encoder, flushes } = recordingEncoder({ batchSize: 64 });
    encoder.writeFrame(0, bytes('first'));
    encoder.flush();
    const first = flushes[0][0];
    const copy = first.slice();
    for (let i = 0; i < 50; i++) encoder.writeFrame(0, bytes('second'));
    encoder.flush();
    expect(first).toEqual(copy);
  });

  it('drops everything after discard', async () => {
    const { encoder, flushes } = recordingEncoder();
    encoder.writeFrame(FLAG_COMMAND, bytes([4], 'PONG'));
    encoder.discard();
    encoder.writeFrame(0, bytes('late'));
    await settle();
    encoder.flush();
    expect(flushes).toHaveLength(0);
  });
});
