/**
 * Shared plumbing for the interop tests: which implementation is under test, fresh
 * endpoints, socket cleanup, bounded waits and frame conversions.
 *
 * "ours" is whatever '@zmtp/core' resolves to (our implementation, or zeromq.js itself
 * under ZMTP_IMPL=zeromq, which checks the tests against libzmq on both sides); "libzmq"
 * is always the native zeromq.js binding.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zmq from '@zmtp/core';
import * as libzmq from 'zeromq';

/** True when '@zmtp/core' is aliased to the native zeromq package (ZMTP_IMPL=zeromq). */
export const usingNativeImpl = process.env.ZMTP_IMPL === 'zeromq';

/** Default bound for every wait in these tests; a hang fails with a message instead. */
export const WAIT_MS = 5_000;

export type Side = 'ours' | 'libzmq';
export type TransportKind = 'tcp' | 'ipc';
export const transports: readonly TransportKind[] = ['tcp', 'ipc'];

export type Frame = Uint8Array | string;

/** The slice of the zeromq.js socket API the tests use, shared by both implementations. */
export interface AnySocket {
  bind(address: string): Promise<void>;
  unbind(address: string): Promise<void>;
  connect(address: string, options?: { routingId?: string }): void;
  disconnect(address: string): void;
  send(message: Frame | Frame[]): Promise<void>;
  receive(): Promise<Uint8Array[]>;
  close(): void;
  readonly closed: boolean;
  readonly lastEndpoint: string | null;
  readonly events: {
    on(type: string, listener: (event: SocketEvent) => void): unknown;
    off(type: string, listener: (event: SocketEvent) => void): unknown;
  };
}

export interface SocketEvent {
  type: string;
  address?: string;
  error?: { code?: string; status?: number };
}

/** Extra methods of SUB sockets. */
export interface Subscribing extends AnySocket {
  subscribe(...topics: string[]): void;
  unsubscribe(...topics: string[]): void;
}

export const socketTypes = [
  'Pair',
  'Publisher',
  'Subscriber',
  'XPublisher',
  'XSubscriber',
  'Push',
  'Pull',
  'Request',
  'Reply',
  'Dealer',
  'Router',
] as const;
export type SocketTypeName = (typeof socketTypes)[number];

type SocketConstructor = new (options?: Record<string, unknown>) => AnySocket;

/** Opens a socket of `type` on `side`, with linger 0 unless the options say otherwise. */
export function openSocket(
  side: Side,
  type: SocketTypeName,
  options: Record<string, unknown> = {},
): AnySocket {
  const namespace = (side === 'ours' ? zmq : libzmq) as unknown as Record<SocketTypeName, SocketConstructor>;
  return new namespace[type]({ linger: 0, ...options });
}

/**
 * Tracks sockets and ipc paths created by a test so `afterEach(cleanup.run)` closes and
 * removes them even when an assertion failed half-way.
 */
export class Cleanup {
  private readonly sockets: { close(): void; readonly closed: boolean }[] = [];
  private readonly paths: string[] = [];
  private readonly extra: (() => void | Promise<void>)[] = [];

  socket<T extends { close(): void; readonly closed: boolean }>(socket: T): T {
    this.sockets.push(socket);
    return socket;
  }

  path(path: string): string {
    this.paths.push(path);
    return path;
  }

  add(fn: () => void | Promise<void>): void {
    this.extra.push(fn);
  }

  readonly run = async (): Promise<void> => {
    for (const socket of this.sockets.splice(0)) {
      if (!socket.closed) socket.close();
    }
    for (const fn of this.extra.splice(0)) await fn();
    for (const path of this.paths.splice(0)) rmSync(path, { force: true });
  };
}

let ipcCounter = 0;

/** A bind address nobody else uses: port `*` on loopback, or a fresh ipc path. */
export function freshBindAddress(kind: TransportKind, cleanup: Cleanup): string {
  if (kind === 'tcp') return 'tcp://127.0.0.1:*';
  ipcCounter += 1;
  const suffix = Math.random().toString(36).slice(2, 8);
  const path = cleanup.path(join(tmpdir(), `zmtp-interop-${process.pid}-${ipcCounter}-${suffix}.sock`));
  return `ipc://${path}`;
}

/** Binds and returns the concrete endpoint peers can connect to. */
export async function bindFresh(socket: AnySocket, kind: TransportKind, cleanup: Cleanup): Promise<string> {
  await within(socket.bind(freshBindAddress(kind, cleanup)), `bind over ${kind}`);
  const endpoint = socket.lastEndpoint;
  if (!endpoint) throw new Error(`lastEndpoint is empty after binding over ${kind}`);
  return endpoint;
}

/** Resolves like `promise`, or rejects after `ms` with a message naming what was awaited. */
export function within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Sends, failing after `ms` if the send stays blocked (e.g. no peer ever attached). */
export function sendWithin(socket: AnySocket, message: Frame | Frame[], ms = WAIT_MS): Promise<void> {
  const frames = Array.isArray(message) ? message : [message];
  const shown = frames.map((f) => (typeof f === 'string' ? f : `<${f.byteLength} bytes>`).slice(0, 40)).join(' | ');
  return within(socket.send(message), `send of [${shown}] to complete`, ms);
}

/** Receives one message as Buffers (whatever array type the implementation returns). */
export async function receiveWithin(socket: AnySocket, what: string, ms = WAIT_MS): Promise<Buffer[]> {
  const parts = await within(socket.receive(), what, ms);
  return parts.map((part) => Buffer.from(part.buffer, part.byteOffset, part.byteLength));
}

/** Frames as UTF-8 strings, for readable assertions. */
export function texts(parts: readonly Uint8Array[]): string[] {
  return parts.map((part) => Buffer.from(part.buffer, part.byteOffset, part.byteLength).toString('utf8'));
}

/** Resolves with the first event of `type` on `socket` (described by `who`), or fails after `ms`. */
export function nextEvent(socket: AnySocket, type: string | readonly string[], who: string, ms = WAIT_MS): Promise<SocketEvent> {
  const types = typeof type === 'string' ? [type] : type;
  let listener: ((event: SocketEvent) => void) | undefined;
  const seen = new Promise<SocketEvent>((resolve) => {
    listener = (event) => resolve(event);
    for (const t of types) socket.events.on(t, listener);
  });
  return within(seen, `event '${types.join("' or '")}' on ${who}`, ms).finally(() => {
    if (listener && !socket.closed) for (const t of types) socket.events.off(t, listener);
  });
}

const tick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls `attempt` every `intervalMs` until `arrived` settles, failing after `ms`.
 * This is for PUB sockets, which drop messages until the subscription has reached
 * them (the "slow joiner"), so the only way to know is to publish again.
 */
export async function repeatUntil<T>(
  attempt: () => Promise<void>,
  arrived: Promise<T>,
  what: string,
  ms = WAIT_MS,
  intervalMs = 25,
): Promise<T> {
  let done = false;
  const outcome = arrived.finally(() => {
    done = true;
  });
  const loop = (async () => {
    while (!done) {
      await attempt();
      await Promise.race([outcome.catch(() => undefined), tick(intervalMs)]);
    }
  })();
  const result = await within(outcome, what, ms).finally(() => {
    done = true;
  });
  await loop;
  return result;
}

/** Retries an async action while it throws `code` (e.g. EADDRINUSE during a rebind), bounded. */
export async function retryOn<T>(code: string, action: () => Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await action();
    } catch (err) {
      if ((err as { code?: string }).code !== code || Date.now() > deadline) {
        throw new Error(`${what} failed: ${(err as Error).message}`, { cause: err });
      }
      await tick(20);
    }
  }
}

/** Deterministic pseudo-random bytes, so a corrupted byte shows up in the comparison. */
export function patternBytes(length: number, seed = 1): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}
