import { describe, expect, it } from 'vitest';
import type { Connection, ConnectionHandler } from '../contracts/connection.js';
import type { TransportOptions } from '../contracts/transport.js';
import { ConnectionRefusedError } from '../errors.js';
import { MEMORY_UNREAD_LIMIT, memory } from './memory.js';

const options: TransportOptions = { socket: {}, socketType: 'PAIR' };
const never = new AbortController().signal;
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function record(connection: Connection): { chunks: Uint8Array[]; drains: number; log: string[] } {
  const state = { chunks: [] as Uint8Array[], drains: 0, log: [] as string[] };
  const handler: ConnectionHandler = {
    data: (chunk) => state.chunks.push(chunk),
    drain: () => {
      state.drains += 1;
    },
    end: () => state.log.push('end'),
    close: (error) => state.log.push(error ? `close:${error.message}` : 'close'),
  };
  connection.setHandler(handler);
  return state;
}

async function pair(name = 'pipe'): Promise<{ client: Connection; server: Connection }> {
  const transport = memory();
  let server: Connection | undefined;
  await transport.listen(`memory://${name}`, options, (accepted) => {
    server = accepted;
  });
  const client = await transport.dial(`memory://${name}`, options, never);
  if (!server) throw new Error('the listener accepted nothing');
  return { client, server };
}

describe('memory transport', () => {
  it('gives every transport instance its own names', async () => {
    const first = memory();
    const second = memory();
    await first.listen('memory://shared', options, () => {});
    await second.listen('memory://shared', options, () => {}); // no EADDRINUSE across registries
    const third = memory();
    await expect(third.dial('memory://shared', options, never)).rejects.toBeInstanceOf(ConnectionRefusedError);
  });

  it('hands chunks over by reference, asynchronously', async () => {
    const { client, server } = await pair();
    const received = record(server);
    const chunk = new Uint8Array([1, 2, 3]);
    client.write(chunk);
    expect(received.chunks).toHaveLength(0);
    await tick();
    expect(received.chunks).toHaveLength(1);
    expect(received.chunks[0]).toBe(chunk);
  });

  it(`returns false once the peer holds more than ${MEMORY_UNREAD_LIMIT} unread bytes, and drains when it reads`, async () => {
    const { client, server } = await pair();
    const sender = record(client);
    const receiver = record(server);
    server.pause();
    const chunk = new Uint8Array(16 * 1024);
    let written = 0;
    while (client.write(chunk)) {
      written += chunk.length;
      await tick();
      if (written > 4 * MEMORY_UNREAD_LIMIT) throw new Error('write never returned false');
    }
    written += chunk.length;
    expect(written).toBeGreaterThan(MEMORY_UNREAD_LIMIT);
    expect(written).toBeLessThanOrEqual(MEMORY_UNREAD_LIMIT + 2 * chunk.length);
    await tick();
    expect(sender.drains).toBe(0);
    server.resume();
    await tick();
    expect(sender.drains).toBe(1);
    expect(receiver.chunks.reduce((sum, c) => sum + c.length, 0)).toBe(written);
  });

  it('unbinds the name when the listener closes, so it can be bound again', async () => {
    const transport = memory();
    const listener = await transport.listen('memory://again', options, () => {});
    expect(listener.endpoint).toBe('memory://again');
    await listener.close();
    await expect(transport.dial('memory://again', options, never)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await transport.listen('memory://again', options, () => {});
  });

  it('rejects the dial and closes both ends when the accept handler throws', async () => {
    const transport = memory();
    await transport.listen('memory://broken', options, () => {
      throw new Error('accept failed');
    });
    await expect(transport.dial('memory://broken', options, never)).rejects.toThrow('accept failed');
  });

  it('lets the peer read what was written before a destroy, then ends and closes it', async () => {
    const { client, server } = await pair();
    const received = record(server);
    const local = record(client);
    client.write(new Uint8Array([7]));
    client.destroy();
    await tick();
    expect(received.chunks.map((chunk) => chunk[0])).toEqual([7]);
    expect(received.log).toEqual(['end', 'close']);
    expect(local.log).toEqual(['close']);
    expect(server.write(new Uint8Array([1]))).toBe(false);
  });

  it('keeps end and close behind data a paused peer has not read', async () => {
    const { client, server } = await pair();
    const received = record(server);
    server.pause();
    client.write(new Uint8Array([1]));
    client.destroy();
    await tick();
    expect(received.log).toEqual([]);
    server.resume();
    await tick();
    expect(received.chunks).toHaveLength(1);
    expect(received.log).toEqual(['end', 'close']);
  });
});
