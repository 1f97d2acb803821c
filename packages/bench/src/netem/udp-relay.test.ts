import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { InvalidArgumentError } from '@zmtp/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startUdpRelay, type UdpRelay } from './udp-relay.js';

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const thing of open.splice(0)) await thing.close();
});

/** A UDP echo server that also records the datagrams it saw. */
async function echoServer(): Promise<{ port: number; seen: string[]; sources: Set<number> }> {
  const socket = createSocket('udp4');
  const seen: string[] = [];
  const sources = new Set<number>();
  socket.on('message', (data, from) => {
    seen.push(data.toString());
    sources.add(from.port);
    socket.send(data, from.port, from.address);
  });
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  open.push(socket);
  return { port: socket.address().port, seen, sources };
}

async function client(): Promise<{ socket: Socket; replies: string[] }> {
  const socket = createSocket('udp4');
  const replies: string[] = [];
  socket.on('message', (data) => replies.push(data.toString()));
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  open.push(socket);
  return { socket, replies };
}

/**
 * Sends n numbered datagrams in batches, each once the relay has read the last: the
 * kernel drops what overflows a socket's receive buffer (about 256 small datagrams).
 */
async function sendNumbered(socket: Socket, relay: UdpRelay, n: number, tag = ''): Promise<void> {
  const start = relay.stats().forward.received;
  for (let i = 0; i < n; i++) {
    await new Promise<void>((resolve) => socket.send(`${tag}${i}`, relay.address.port, relay.address.host, () => resolve()));
    if (i % 50 === 49 || i === n - 1) await until(() => relay.stats().forward.received === start + i + 1, 'the relay to read a batch');
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, i < 10 ? 0 : 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function relayTo(port: number, options: Parameters<typeof startUdpRelay>[0] | object = {}): Promise<UdpRelay> {
  const relay = await startUdpRelay({ target: `127.0.0.1:${port}`, ...options });
  open.push(relay);
  return relay;
}

describe('startUdpRelay', () => {
  it('carries datagrams to the target and replies back, counting both ways', async () => {
    const echo = await echoServer();
    const relay = await relayTo(echo.port);
    const c = await client();
    await sendNumbered(c.socket, relay, 100);
    await until(() => c.replies.length === 100, 'all replies');
    expect(echo.seen).toEqual(Array.from({ length: 100 }, (_, i) => String(i)));
    const stats = relay.stats();
    expect(stats.forward).toMatchObject({ received: 100, delivered: 100 });
    expect(stats.reverse).toMatchObject({ received: 100, delivered: 100 });
    expect(stats.clients).toBe(1);
  });

  it('drops by a seeded pattern: the same seed drops the same datagrams', async () => {
    const survivors = async (seed: number): Promise<string[]> => {
      const echo = await echoServer();
      const relay = await relayTo(echo.port, { forward: { loss: 0.3 }, seed });
      const c = await client();
      await sendNumbered(c.socket, relay, 300);
      const expected = 300 - relay.stats().forward.lost;
      await until(() => echo.seen.length === expected, 'the survivors');
      expect(relay.stats().forward.lost).toBeGreaterThan(60);
      expect(relay.stats().forward.lost).toBeLessThan(120);
      return echo.seen;
    };
    const first = await survivors(1234);
    expect(await survivors(1234)).toEqual(first);
    expect(await survivors(4321)).not.toEqual(first);
  });

  it('holds datagrams back by the delay (a lower bound only: no timing upper bound in tests)', async () => {
    const echo = await echoServer();
    const relay = await relayTo(echo.port, { forward: { delay: 30 } });
    const c = await client();
    const start = performance.now();
    await sendNumbered(c.socket, relay, 1);
    await until(() => c.replies.length === 1, 'the reply');
    expect(performance.now() - start).toBeGreaterThanOrEqual(29);
    expect(relay.settings.reverse.delay).toBe(0);
  });

  it('gives each client its own source port at the target and routes replies back', async () => {
    const echo = await echoServer();
    const relay = await relayTo(echo.port);
    const [c1, c2] = [await client(), await client()];
    await sendNumbered(c1.socket, relay, 5, 'one-');
    await sendNumbered(c2.socket, relay, 5, 'two-');
    await until(() => c1.replies.length === 5 && c2.replies.length === 5, 'replies to both');
    expect(c1.replies.every((r) => r.startsWith('one-'))).toBe(true);
    expect(c2.replies.every((r) => r.startsWith('two-'))).toBe(true);
    expect(echo.sources.size).toBe(2);
  });

  it('forgets the least recently active client beyond maxClients', async () => {
    const echo = await echoServer();
    const relay = await relayTo(echo.port, { maxClients: 2 });
    for (let i = 0; i < 3; i++) await sendNumbered((await client()).socket, relay, 1);
    await until(() => echo.seen.length === 3, 'three datagrams');
    expect(relay.stats().clients).toBe(2);
  });

  it('applies updates to later datagrams', async () => {
    const echo = await echoServer();
    const relay = await relayTo(echo.port);
    const c = await client();
    relay.update({ forward: { loss: 1 } });
    await sendNumbered(c.socket, relay, 20);
    expect(relay.stats().forward.lost).toBe(20);
    expect(relay.settings.reverse.loss).toBe(0);
    expect(echo.seen).toEqual([]);
  });

  it('rejects bad options with typed errors', async () => {
    await expect(startUdpRelay({} as never)).rejects.toThrow(InvalidArgumentError);
    await expect(startUdpRelay({ target: 'nowhere' })).rejects.toThrow(/host:port/);
    await expect(startUdpRelay({ target: 9, maxClients: 0 })).rejects.toThrow(/maxClients/);
    const echo = await echoServer();
    const relay = await relayTo(echo.port);
    await expect(startUdpRelay({ target: echo.port, listen: relay.address.port })).rejects.toThrow(/cannot listen/);
  });
});
