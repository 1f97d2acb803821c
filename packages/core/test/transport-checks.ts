/**
 * Reusable checks for stream transports, run through the `StreamTransport` and
 * `Connection` contracts only. Each check takes the transport under test and a
 * factory of addresses, so any transport (core's or a plugin's) can run them;
 * `describeTransportChecks` registers them all with vitest.
 */
import { describe, expect, it } from 'vitest';
import type { Connection, ConnectionHandler } from '../src/contracts/connection.js';
import type { Listener, StreamTransport, TransportOptions } from '../src/contracts/transport.js';
import type { ErrorCode } from '../src/errors.js';
import { ZmqError } from '../src/errors.js';

/** What the checks need to know about a transport. */
export interface TransportUnderTest {
  /** Shown in test names. */
  readonly name: string;
  /** Makes the transport; called once per check (memory gets a fresh registry each time). */
  makeTransport(): StreamTransport;
  /**
   * A fresh address to listen on, different on every call (an ephemeral port or `ipc://*` is fine).
   * The endpoint the listener then reports must be dialable and be what dialers see as the remote
   * address, so bind a concrete host (`tcp://127.0.0.1:*`), not a wildcard one (`tcp://*:*`).
   */
  listenAddress(): string;
  /** An address where nothing listens. */
  deadAddress(): string | Promise<string>;
  /** Options passed to listen and dial; defaults to no socket options and a DEALER socket. */
  readonly options?: TransportOptions;
}

const defaultOptions: TransportOptions = { socket: {}, socketType: 'DEALER' };

// ---- helpers ------------------------------------------------------------------

/** Lets timers, I/O and microtasks run for a while (never used to assert speed). */
export function settle(ms = 30): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Records everything a connection reports, and waits for conditions on it. */
export class ConnectionProbe implements ConnectionHandler {
  readonly chunks: Uint8Array[] = [];
  received = 0;
  ended = false;
  closes = 0;
  closeError: Error | undefined;
  drains = 0;
  /** Events in arrival order, to check that data precedes end precedes close. */
  readonly events: string[] = [];
  private readCursor = 0;
  private readOffset = 0;
  private waiters: { ready: () => boolean; resolve: () => void; reject: (error: Error) => void; what: string }[] = [];

  constructor(readonly connection: Connection) {
    connection.setHandler(this);
  }

  data(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.received += chunk.length;
    if (this.events[this.events.length - 1] !== 'data') this.events.push('data');
    this.check();
  }
  drain(): void {
    this.drains += 1;
    this.check();
  }
  end(): void {
    this.ended = true;
    this.events.push('end');
    this.check();
  }
  close(error?: Error): void {
    this.closes += 1;
    this.closeError = error;
    this.events.push('close');
    this.check();
  }

  get closed(): boolean {
    return this.closes > 0;
  }

  /** Resolves once `ready()` holds; rejects if the connection closes first. */
  until(ready: () => boolean, what: string): Promise<void> {
    if (ready()) return Promise.resolve();
    if (this.closed) return Promise.reject(new Error(`connection closed while waiting for ${what}`));
    return new Promise((resolve, reject) => this.waiters.push({ ready, resolve, reject, what }));
  }

  /** Takes the next `length` bytes of the stream, waiting for them if needed. */
  async read(length: number): Promise<Uint8Array> {
    await this.until(() => this.received - this.consumed() >= length, `${length} more bytes`);
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const chunk = this.chunks[this.readCursor];
      const take = Math.min(chunk.length - this.readOffset, length - filled);
      out.set(chunk.subarray(this.readOffset, this.readOffset + take), filled);
      filled += take;
      this.readOffset += take;
      if (this.readOffset === chunk.length) {
        this.readCursor += 1;
        this.readOffset = 0;
      }
    }
    return out;
  }

  /** Everything received so far, as one array. */
  bytes(): Uint8Array {
    return concat(this.chunks);
  }

  text(): string {
    return new TextDecoder().decode(this.bytes());
  }

  private consumed(): number {
    let total = this.readOffset;
    for (let i = 0; i < this.readCursor; i++) total += this.chunks[i].length;
    return total;
  }

  private check(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const waiter of waiting) {
      if (waiter.ready()) waiter.resolve();
      else if (this.closed) waiter.reject(new Error(`connection closed while waiting for ${waiter.what}`));
      else this.waiters.push(waiter);
    }
  }
}

export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const chunk of chunks) size += chunk.length;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** The first index where `a` and `b` differ (a length mismatch counts), or -1. */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : length;
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** Bytes that differ from position to position, so reordering or loss shows. */
export function pattern(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = state & 0xff;
  }
  return out;
}

/** Accepted connections, in order, for `next()` to take. */
class AcceptQueue {
  private readonly ready: Connection[] = [];
  private readonly waiting: ((connection: Connection) => void)[] = [];
  readonly all: Connection[] = [];

  readonly accept = (connection: Connection): void => {
    this.all.push(connection);
    const waiter = this.waiting.shift();
    if (waiter) waiter(connection);
    else this.ready.push(connection);
  };

  next(): Promise<Connection> {
    const connection = this.ready.shift();
    if (connection) return Promise.resolve(connection);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

/** Everything a check opened, so it can be closed whatever happens. */
export class CheckScope {
  readonly transport: StreamTransport;
  readonly options: TransportOptions;
  private readonly listeners: Listener[] = [];
  private readonly connections: Connection[] = [];

  constructor(readonly subject: TransportUnderTest) {
    this.transport = subject.makeTransport();
    this.options = subject.options ?? defaultOptions;
  }

  async listen(address = this.subject.listenAddress()): Promise<{ listener: Listener; accepted: AcceptQueue }> {
    const accepted = new AcceptQueue();
    const listener = await this.transport.listen(address, this.options, (connection) => {
      this.connections.push(connection);
      accepted.accept(connection);
    });
    this.listeners.push(listener);
    return { listener, accepted };
  }

  async dial(endpoint: string, signal = new AbortController().signal): Promise<Connection> {
    const connection = await this.transport.dial(endpoint, this.options, signal);
    this.connections.push(connection);
    return connection;
  }

  /** A listener and one connection through it: `client` dialed, `server` accepted. */
  async pair(): Promise<{ listener: Listener; client: Connection; server: Connection }> {
    const { listener, accepted } = await this.listen();
    const client = await this.dial(listener.endpoint);
    const server = await accepted.next();
    return { listener, client, server };
  }

  async dispose(): Promise<void> {
    for (const connection of this.connections) connection.destroy();
    await Promise.all(this.listeners.map((listener) => listener.close()));
  }
}

/** Runs `body` with a fresh scope and closes what it opened. */
export async function withScope(subject: TransportUnderTest, body: (scope: CheckScope) => Promise<void>): Promise<void> {
  const scope = new CheckScope(subject);
  try {
    await body(scope);
  } finally {
    await scope.dispose();
  }
}

async function expectZmqError(promise: Promise<unknown>, code: ErrorCode, message?: RegExp): Promise<ZmqError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error, `expected a rejection with ${code}`).toBeInstanceOf(ZmqError);
  const zmqError = error as ZmqError;
  expect(zmqError.code).toBe(code);
  if (message) expect(zmqError.message).toMatch(message);
  return zmqError;
}

// ---- the checks -----------------------------------------------------------------

/** A dial reaches the listener, which accepts one connection; bytes flow both ways. */
export function checkListenAndAccept(subject: TransportUnderTest): Promise<void> {
  return withScope(subject, async (scope) => {
    const { listener, accepted } = await scope.listen();
    expect(listener.endpoint.startsWith(`${scope.transport.schemes[0]}://`)).toBe(true);
    const client = await scope.dial(listener.endpoint);
    const server = await accepted.next();
    const clientProbe = new ConnectionProbe(client);
    const serverProbe = new ConnectionProbe(server);
    client.write(encode('hello'));
    expect(decode(await serverProbe.read(5))).toBe('hello');
    server.write(encode('world'));
    expect(decode(await clientProbe.read(5))).toBe('world');
    expect(accepted.all).toHaveLength(1);
  });
}

/** Dialing an address where nothing listens rejects with ECONNREFUSED. */
export function checkDialRefused(subject: TransportUnderTest): Promise<void> {
  return withScope(subject, async (scope) => {
    const dead = await subject.deadAddress();
    await expectZmqError(scope.dial(dead), 'ECONNREFUSED');
  });
}

/** A signal aborted before the dial makes it reject with the signal's reason, and nothing connects. */
export function checkAbortBeforeDial(subject: TransportUnderTest): Promise<void> {
  return withScope(subject, async (scope) => {
    const { listener, accepted } = await scope.listen();
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await expect(scope.dial(listener.endpoint, controller.signal)).rejects.toBe(reason);
    await settle();
    expect(accepted.all).toHaveLength(0);
  });
}

/** Aborting while the dial is under way rejects with the reason and closes the half-open connection. */
export function checkAbortDuringDial(subject: TransportUnderTest): Promise<void> {
  return withScope(subject, async (scope) => {
    const { listener, accepted } = await scope.listen();
    const controller = new AbortController();
    const reason = new Error('caller gave up mid-dial');
    const dialing = scope.dial(listener.endpoint, controller.signal);
    controller.abort(reason);
    await expect(dialing).rejects.toBe(reason);
    // Whatever the listener accepted from that attempt must be torn down.
    await settle();
    for (const connection of accepted.all) {
      const probe = new ConnectionProbe(connection);
      await probe.until(() => probe.ended || probe.closed, 'the aborted dial to be torn down');
    }
    // The listener still works.
    const client = await scope.dial(listener.endpoint);
    expect(client).toBeDefined();
  });
}

/** A second listen on a bound address fails with EADDRINUSE; after close the address can be bound again. */
export function checkAddressInUse(subject: TransportUnderTest): Promise<void> {
  return withScope(subject, async (scope) => {
    const { listener } = await scope.listen();
    await expectZmqError(scope.listen(listener.endpoint), 'EADDRINUSE');
    await listener.close();
    const again = await scope.listen(listener.endpoint);
    expect(again.listener.endpoint).toBe(listener.endpoint);
  });
}

/** Closing a listener keeps accepted connections usable and refuses new dials. */
export function checkListenerCloseKeepsConnections(subject: TransportUnderTest): Promise<void> {
  return withScope(subject, async (scope) => {
    const { listener, client, server } = await scope.pair();
    const clientProbe = new ConnectionProbe(client);
    const serverProbe = new ConnectionProbe(server);
    await listener.close();
    await listener.close(); // closing twice is harmless
    client.write(encode('still'));
    expect(decode(await serverProbe.read(5))).toBe('still');
    server.write(encode('here!'));
    expect(decode(await clientProbe.read(5))).toBe('here!');
    await expectZmqError(scope.dial(listener.endpoint), 'ECONNREFUSED');
    expect(clientProbe.closed || serverProbe.closed).toBe(false);
  });
}

/** Five request/acknowledge round trips on one connection. */
export function checkPingAck(subject: TransportUnderTest): Promise<void> {
  return withScope(subject, async (scope) => {
    const { client, server } = await scope.pair();
    const clientProbe = new ConnectionProbe(client);
    const serverProbe = new ConnectionProbe(server);
    for (let round = 0; round < 5; round++) {
      client.write(encode(`ping${round}`));
      expect(decode(await serverProbe.read(5))).toBe(`ping${round}`);
      server.write(encode(`ack${round}`));
      expect(decode(await clientProbe.read(4))).toBe(`ack${round}`);
    }
  });
}

/** Two dialers get two distinct accepted connections, and bytes do not cross. */
export function checkTwoDialers(subject: TransportUnderTest): Promise<void> {
  return withScope(subject, async (scope) => {
    const { listener, accepted } = await scope.listen();
    const first = await scope.dial(listener.endpoint);
    const second = await scope.dial(listener.endpoint);
    const servers = [await accepted.next(), await accepted.next()];
    expect(servers[0]).not.toBe(servers[1]);
    expect(first).not.toBe(second);
    const serverProbes = servers.map((server) => new ConnectionProbe(server));
    const firstProbe = new ConnectionProbe(first);
    const secondProbe = new ConnectionProbe(second);
    first.write(encode('A'));
    second.write(encode('B'));
    const names = await Promise.all(serverProbes.map(async (probe) => decode(await probe.read(1))));
    expect([...names].sort()).toEqual(['A', 'B']);
    // Answer each server's dialer by name; each dialer must get its own answer.
    servers.forEach((server, index) => server.write(encode(`to-${names[index]}`)));
    expect(decode(await firstProbe.read(4))).toBe('to-A');
    expect(decode(await secondProbe.read(4))).toBe('to-B');
  });
}

/** 1 MiB each way at the same time arrives intact. */
export function checkLargePayloads(subject: TransportUnderTest): Promise<void> {
  return withScope(subject, async (scope) => {
    const size = 1024 * 1024;
    const { client, server } = await scope.pair();
    const clientProbe = new ConnectionProbe(client);
    const serverProbe = new ConnectionProbe(server);
    const up = pattern(size, 1);
    const down = pattern(size, 2);
    client.write(up);
    // The other way goes in 64 KiB pieces through writev where the transport has it.
    const pieces: Uint8Array[] = [];
    for (let offset = 0; offset < size; offset += 64 * 1024) pieces.push(down.subarray(offset, offset + 64 * 1024));
    if (server.writev) server.writev(pieces);
    else for (const piece of pieces) server.write(piece);
    const [atServer, atClient] = await Promise.all([serverProbe.read(size), clientProbe.read(size)]);
    expect(firstDifference(atServer, up)).toBe(-1);
    expect(firstDifference(atClient, down)).toBe(-1);
  });
}

/** 2 000 small writes arrive complete and in order. */
export function checkManySmallWrites(subject: TransportUnderTest): Promise<void> {
  return withScope(subject, async (scope) => {
    const count = 2000;
    const { client, server } = await scope.pair();
    const serverProbe = new ConnectionProbe(server);
    for (let i = 0; i < count; i++) {
      const chunk = new Uint8Array(4);
      new DataView(chunk.buffer).setUint32(0, i);
      client.write(chunk);
    }
    const all = await serverProbe.read(count * 4);
    const view = new DataView(all.buffer, all.byteOffset, all.byteLength);
    const outOfOrder: number[] = [];
    for (let i = 0; i < count; i++) if (view.getUint32(i * 4) !== i) outOfOrder.push(i);
    expect(outOfOrder).toEqual([]);
  });
}

/**
 * A paused receiver makes `write` return false; no data reaches it while
 * paused; after `resume` everything arrives and `drain` comes.
 */
export function checkBackpressure(subject: TransportUnderTest, maxBytes = 512 * 1024 * 1024): Promise<void> {
  return withScope(subject, async (scope) => {
    const { client, server } = await scope.pair();
    const receiver = new ConnectionProbe(server);
    const sender = new ConnectionProbe(client);
    server.pause();
    const chunk = pattern(64 * 1024, 3);
    let written = 0;
    let accepted = true;
    while (accepted) {
      // Let the transport move bytes between writes, so the limit found is the paused receiver's.
      await new Promise((resolve) => setImmediate(resolve));
      accepted = client.write(chunk);
      written += chunk.length;
      if (written > maxBytes) throw new Error(`write never returned false after ${written} bytes to a paused receiver`);
    }
    await settle();
    expect(receiver.received).toBe(0);
    server.resume();
    await receiver.until(() => receiver.received === written, `all ${written} bytes after resume`);
    await sender.until(() => sender.drains > 0, 'drain');
    expect(sender.drains).toBe(1);
    const bytes = receiver.bytes();
    for (let offset = 0; offset < written; offset += chunk.length) {
      if (firstDifference(bytes.subarray(offset, offset + chunk.length), chunk) !== -1) {
        throw new Error(`bytes at offset ${offset} differ from what was written`);
      }
    }
  });
}

/**
 * Destroying one side: it reports `close` exactly once, writes on it return
 * false, and the other side sees the end of the stream and closes when it ends too.
 */
export function checkRemoteClose(subject: TransportUnderTest): Promise<void> {
  return withScope(subject, async (scope) => {
    const { client, server } = await scope.pair();
    const clientProbe = new ConnectionProbe(client);
    const serverProbe = new ConnectionProbe(server);
    client.write(encode('last words'));
    expect(decode(await serverProbe.read(10))).toBe('last words');
    client.destroy();
    client.destroy(); // a second destroy changes nothing
    await clientProbe.until(() => clientProbe.closed, 'close after destroy');
    expect(client.write(encode('x'))).toBe(false);
    await serverProbe.until(() => serverProbe.ended || serverProbe.closed, 'the end of the stream');
    server.end();
    await serverProbe.until(() => serverProbe.closed, 'close');
    expect(server.write(encode('x'))).toBe(false);
    await settle();
    expect(clientProbe.closes).toBe(1);
    expect(serverProbe.closes).toBe(1);
    expect(clientProbe.closeError).toBeUndefined();
    expect(serverProbe.events[serverProbe.events.length - 1]).toBe('close');
  });
}

/** After one side ends, the other still receives its data, can answer, and both close after both ended. */
export function checkHalfClose(subject: TransportUnderTest): Promise<void> {
  return withScope(subject, async (scope) => {
    const { client, server } = await scope.pair();
    const clientProbe = new ConnectionProbe(client);
    const serverProbe = new ConnectionProbe(server);
    client.write(encode('bye'));
    client.end();
    expect(client.write(encode('too late'))).toBe(false);
    await serverProbe.until(() => serverProbe.ended, 'end');
    expect(serverProbe.text()).toBe('bye');
    expect(serverProbe.closed).toBe(false);
    server.write(encode('ok'));
    expect(decode(await clientProbe.read(2))).toBe('ok');
    server.end();
    await Promise.all([
      clientProbe.until(() => clientProbe.closed, 'client close'),
      serverProbe.until(() => serverProbe.closed, 'server close'),
    ]);
    expect(clientProbe.events).toEqual(['data', 'end', 'close']);
    expect(serverProbe.events).toEqual(['data', 'end', 'close']);
    expect(clientProbe.closeError).toBeUndefined();
    expect(serverProbe.closeError).toBeUndefined();
  });
}

/** Both ends report addresses as endpoints that match each other and the listener. */
export function checkAddresses(subject: TransportUnderTest): Promise<void> {
  return withScope(subject, async (scope) => {
    const { listener, client, server } = await scope.pair();
    const scheme = `${scope.transport.schemes[0]}://`;
    for (const address of [client.localAddress, client.remoteAddress, server.localAddress, server.remoteAddress]) {
      expect(address.startsWith(scheme)).toBe(true);
    }
    expect(client.remoteAddress).toBe(listener.endpoint);
    expect(server.localAddress).toBe(listener.endpoint);
    expect(server.remoteAddress).toBe(client.localAddress);
  });
}

/** One row of an endpoint table: the operation, the endpoint, and the error it must give. */
export interface EndpointErrorCase {
  readonly op: 'listen' | 'dial';
  readonly endpoint: string;
  readonly code: ErrorCode;
  /** What the message must say (the bad part, the fix). */
  readonly message?: RegExp;
}

/**
 * Every row must fail with its code (and message). Syntax errors (EINVAL,
 * EPROTONOSUPPORT) must also come synchronously from `checkEndpoint` when the
 * transport has it, so that `connect()` can throw at once as libzmq's does.
 */
export function checkEndpointErrors(subject: TransportUnderTest, cases: readonly EndpointErrorCase[]): Promise<void> {
  return withScope(subject, async (scope) => {
    for (const row of cases) {
      const attempt = row.op === 'listen' ? scope.listen(row.endpoint) : scope.dial(row.endpoint);
      try {
        await expectZmqError(attempt, row.code, row.message);
        const check = scope.transport.checkEndpoint?.bind(scope.transport);
        if (check && (row.code === 'EINVAL' || row.code === 'EPROTONOSUPPORT')) {
          await expectZmqError(
            new Promise((resolve) => resolve(check(row.endpoint, row.op === 'listen' ? 'listen' : 'dial'))),
            row.code,
            row.message,
          );
        }
      } catch (error) {
        throw new Error(`${row.op} "${row.endpoint}": ${(error as Error).message}`);
      }
    }
  });
}

/** Every endpoint must pass `checkEndpoint` and be accepted by listen; `reported` matches what the listener reports. */
export function checkListenEndpoints(
  subject: TransportUnderTest,
  cases: readonly { endpoint: string; reported: RegExp }[],
): Promise<void> {
  return withScope(subject, async (scope) => {
    for (const row of cases) {
      scope.transport.checkEndpoint?.(row.endpoint, 'listen');
      const { listener } = await scope.listen(row.endpoint);
      expect(listener.endpoint, row.endpoint).toMatch(row.reported);
      await listener.close();
    }
  });
}

/** Registers every generic check as a vitest test. */
export function describeTransportChecks(subject: TransportUnderTest): void {
  describe(`${subject.name} transport conformance`, () => {
    it('listens and accepts', () => checkListenAndAccept(subject));
    it('refuses a dial to nothing with ECONNREFUSED', () => checkDialRefused(subject));
    it('aborts before dialing', () => checkAbortBeforeDial(subject));
    it('aborts during dialing', () => checkAbortDuringDial(subject));
    it('gives EADDRINUSE for a second listen on one address', () => checkAddressInUse(subject));
    it('keeps connections when the listener closes, and refuses new dials', () =>
      checkListenerCloseKeepsConnections(subject));
    it('does five ping/ack round trips', () => checkPingAck(subject));
    it('gives two dialers distinct connections', () => checkTwoDialers(subject));
    it('moves 1 MiB each way', () => checkLargePayloads(subject));
    it('delivers 2 000 small writes in order', () => checkManySmallWrites(subject));
    it('applies backpressure from a paused receiver', () => checkBackpressure(subject));
    it('reports remote close', () => checkRemoteClose(subject));
    it('supports half close', () => checkHalfClose(subject));
    it('reports local and remote addresses', () => checkAddresses(subject));
  });
}
