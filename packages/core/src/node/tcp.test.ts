import { Server, Socket, createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as zmq from 'zeromq';
import type { Connection, ConnectionHandler } from '../contracts/connection.js';
import type { Listener, TransportOptions } from '../contracts/transport.js';
import { AddressInUseError, ConnectionRefusedError } from '../errors.js';
import { tcp } from './tcp.js';

const options: TransportOptions = { socket: {}, socketType: 'DEALER' };
const never = (): AbortSignal => new AbortController().signal;

/** Collects bytes from a connection and resolves when `length` have arrived. */
function bytesFrom(connection: Connection, length: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let received = 0;
  return new Promise((resolve, reject) => {
    const handler: ConnectionHandler = {
      data(chunk) {
        chunks.push(chunk);
        received += chunk.length;
        if (received >= length) resolve(Buffer.concat(chunks).subarray(0, length));
      },
      drain() {},
      end() {},
      close(error) {
        reject(error ?? new Error(`closed after ${received} of ${length} bytes`));
      },
    };
    connection.setHandler(handler);
  });
}

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function listen(endpoint: string, socketOptions: Record<string, unknown> = {}) {
  const accepted: Connection[] = [];
  const waiting: ((connection: Connection) => void)[] = [];
  const listener: Listener = await tcp().listen(endpoint, { ...options, socket: socketOptions }, (connection) => {
    cleanup.push(() => connection.destroy());
    const waiter = waiting.shift();
    if (waiter) waiter(connection);
    else accepted.push(connection);
  });
  cleanup.push(() => listener.close());
  const next = (): Promise<Connection> =>
    accepted.length > 0 ? Promise.resolve(accepted.shift()!) : new Promise((resolve) => waiting.push(resolve));
  const port = Number(listener.endpoint.slice(listener.endpoint.lastIndexOf(':') + 1));
  return { listener, next, port };
}

async function dial(endpoint: string, socketOptions: Record<string, unknown> = {}, signal = never()) {
  const connection = await tcp().dial(endpoint, { ...options, socket: socketOptions }, signal);
  cleanup.push(() => connection.destroy());
  return connection;
}

describe('tcp transport', () => {
  it('connects from the source address given before ";"', async () => {
    const { next, port } = await listen('tcp://127.0.0.1:*');
    const client = await dial(`tcp://127.0.0.2:0;127.0.0.1:${port}`);
    const server = await next();
    expect(client.localAddress).toMatch(/^tcp:\/\/127\.0\.0\.2:[1-9][0-9]*$/);
    expect(server.remoteAddress).toBe(client.localAddress);
  });

  it('takes an interface name and a fixed port as the source', async () => {
    const { next, port } = await listen('tcp://127.0.0.1:*');
    const spare = await listen('tcp://127.0.0.1:*'); // find a free port, then free it
    await spare.listener.close();
    await dial(`tcp://lo:${spare.port};127.0.0.1:${port}`);
    const server = await next();
    expect(server.remoteAddress).toBe(`tcp://127.0.0.1:${spare.port}`);
  });

  it('resolves DNS names when connecting', async () => {
    const { next, port } = await listen('tcp://127.0.0.1:*');
    const client = await dial(`tcp://localhost:${port}`);
    await next();
    expect(client.remoteAddress).toBe(`tcp://127.0.0.1:${port}`);
  });

  it('rejects with the abort reason while a name is being resolved', async () => {
    const { port } = await listen('tcp://127.0.0.1:*');
    const controller = new AbortController();
    const dialing = dial(`tcp://localhost:${port}`, {}, controller.signal);
    controller.abort(new Error('stop resolving'));
    await expect(dialing).rejects.toThrow('stop resolving');
  });

  it('maps ECONNREFUSED to ConnectionRefusedError with the endpoint in the message', async () => {
    const spare = await listen('tcp://127.0.0.1:*');
    await spare.listener.close();
    const error = await dial(`tcp://127.0.0.1:${spare.port}`).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ConnectionRefusedError);
    expect((error as Error).message).toContain(`tcp://127.0.0.1:${spare.port}`);
  });

  it('gives AddressInUseError when another program holds the port', async () => {
    const other: Server = createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => other.close(resolve)));
    const { port } = other.address() as { port: number };
    await expect(listen(`tcp://127.0.0.1:${port}`)).rejects.toBeInstanceOf(AddressInUseError);
    await expect(listen(`tcp://*:${port}`)).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('passes backlog (default 100) to listen and ignores unknown options', async () => {
    const listenSpy = vi.spyOn(Server.prototype, 'listen');
    await listen('tcp://127.0.0.1:*');
    await listen('tcp://127.0.0.1:*', { backlog: 7, somethingElse: 'ignored' });
    const backlogs = listenSpy.mock.calls.map((call) => (call[0] as { backlog?: number }).backlog);
    expect(backlogs).toEqual([100, 7]);
  });

  it('switches TCP keepalive on with the idle time from tcpKeepalive options, on both sides', async () => {
    const keepalive = vi.spyOn(Socket.prototype, 'setKeepAlive');
    const socketOptions = { tcpKeepalive: 1, tcpKeepaliveIdle: 30, tcpKeepaliveCount: 3, tcpKeepaliveInterval: 5 };
    const { next, port } = await listen('tcp://127.0.0.1:*', socketOptions);
    await dial(`tcp://127.0.0.1:${port}`, socketOptions);
    await next();
    expect(keepalive.mock.calls).toEqual([
      [true, 30_000],
      [true, 30_000],
    ]);
    const plain = await listen('tcp://127.0.0.1:*');
    keepalive.mockClear();
    await dial(`tcp://127.0.0.1:${plain.port}`, { tcpKeepalive: 0 });
    await dial(`tcp://127.0.0.1:${plain.port}`, { tcpKeepalive: -1 });
    await plain.next();
    await plain.next();
    expect(keepalive.mock.calls).toEqual([[false]]);
  });

  it('carries bytes to and from libzmq (zeromq.js): both send their ZMTP signature first', async () => {
    const native = new zmq.Dealer({ linger: 0 });
    cleanup.push(() => native.close());
    await native.bind('tcp://127.0.0.1:*');
    const toNative = await dial(native.lastEndpoint!);
    const greeting = await bytesFrom(toNative, 10);
    expect(greeting[0]).toBe(0xff);
    expect(greeting[9]).toBe(0x7f);

    const { listener, next } = await listen('tcp://127.0.0.1:*');
    const client = new zmq.Dealer({ linger: 0 });
    cleanup.push(() => client.close());
    client.connect(listener.endpoint);
    const fromNative = await bytesFrom(await next(), 10);
    expect(fromNative[0]).toBe(0xff);
    expect(fromNative[9]).toBe(0x7f);
  });
});
