import { afterEach, describe, expect, it } from 'vitest';
import * as zmq from '@zmtp/core';

const open: zmq.Socket[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

const payload = new Uint8Array(64 * 1024).fill(7);
const count = 300; // ~19 MiB: far more than kernel buffers hold, so most wait in the pipe

async function connectedPair(pushOptions: ConstructorParameters<typeof zmq.Push>[0]) {
  const pull = new zmq.Pull({ linger: 0 });
  open.push(pull);
  await pull.bind('tcp://127.0.0.1:*');
  const push = new zmq.Push({ sendHighWaterMark: 0, ...pushOptions });
  const handshake = new Promise<void>((resolve) => push.events.on('handshake', () => resolve()));
  push.connect(pull.lastEndpoint!);
  await handshake;
  return { pull, push };
}

async function receiveUntilQuiet(pull: zmq.Pull): Promise<number> {
  pull.receiveTimeout = 1000;
  let received = 0;
  for (;;) {
    try {
      await pull.receive();
      received++;
    } catch (error) {
      if ((error as zmq.ZmqError).code === 'EAGAIN') return received;
      throw error;
    }
  }
}

describe('linger', () => {
  it('by default (-1) delivers everything queued before close', async () => {
    const { pull, push } = await connectedPair({});
    for (let i = 0; i < count; i++) await push.send(payload);
    const ended = new Promise<void>((resolve) => push.events.on('end', () => resolve()));
    push.close();
    expect(await receiveUntilQuiet(pull)).toBe(count);
    await ended;
  });

  it('with 0 drops what is still queued at close', async () => {
    const { pull, push } = await connectedPair({ linger: 0 });
    for (let i = 0; i < count; i++) await push.send(payload);
    push.close();
    const received = await receiveUntilQuiet(pull);
    expect(received).toBeLessThan(count);
  });

  it('with a bound gives up after that many ms when the peer does not read', async () => {
    const pull = new zmq.Pull({ linger: 0, receiveHighWaterMark: 1 });
    open.push(pull);
    await pull.bind('tcp://127.0.0.1:*');
    const push = new zmq.Push({ linger: 200, sendHighWaterMark: 0 });
    const handshake = new Promise<void>((resolve) => push.events.on('handshake', () => resolve()));
    push.connect(pull.lastEndpoint!);
    await handshake;
    for (let i = 0; i < count; i++) await push.send(payload);
    const ended = new Promise<void>((resolve) => push.events.on('end', () => resolve()));
    push.close();
    // Nobody reads, so the queue never empties; the linger bound still ends the socket.
    await ended;
  });
});
