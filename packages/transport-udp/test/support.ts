/** Shared plumbing: sockets closed after each test, bounded waits, probing until a path is live. */
import { createSocket } from 'node:dgram';
import { afterEach } from 'vitest';
import type { UdpPlugin } from '@zmtp/transport-udp';
import type * as libzmqDraft from 'zeromq/draft.js';

const open: Array<{ close(): void }> = [];
afterEach(() => {
  for (const socket of open.splice(0)) socket.close();
});

/** Closes the socket after the current test. */
export function track<S extends { close(): void }>(socket: S): S {
  open.push(socket);
  return socket;
}

/** Resolves with `promise`, or rejects after 5 s saying what was awaited. */
export function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after 5000 ms waiting for ${what}`)), 5_000);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface AnyRadio {
  send(message: string | Uint8Array, options: { group: string }): Promise<void>;
}
export interface AnyDish {
  receive(): Promise<[Uint8Array, { group: Uint8Array }]>;
  readonly readable: boolean;
}

const decoder = new TextDecoder();

/** The next message at a Dish as `group:body`. */
export async function next(dish: AnyDish): Promise<string> {
  const [body, { group }] = await within(dish.receive(), 'a message at the Dish');
  return `${decoder.decode(group)}:${decoder.decode(body)}`;
}

/**
 * Waits until datagrams flow (the connect completes asynchronously, and UDP drops what
 * was sent before): sends probes until one is readable, then an end marker, and reads
 * up to it, so the next message read is the next one sent.
 */
export async function settle(send: () => Promise<void>, dish: AnyDish, group: string, marker: () => Promise<void>): Promise<void> {
  for (let attempt = 0; !dish.readable; attempt++) {
    if (attempt > 500) throw new Error(`gave up waiting for the Dish to receive group "${group}"`);
    await send();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await marker();
  while ((await next(dish)) !== `${group}:settled`);
}

/** Settles a Radio / Dish pair on `group`. */
export function settlePair(radio: AnyRadio, dish: AnyDish, group: string): Promise<void> {
  return settle(() => radio.send('probe', { group }), dish, group, () => radio.send('settled', { group }));
}

/** A UDP port that was free a moment ago (for libzmq, whose udp:// bind takes no "*"). */
export async function freePort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** Waits until the Radio's side of the path runs the extension. */
export async function extensionUp(plugin: UdpPlugin): Promise<void> {
  for (let attempt = 0; !plugin.peers().some((peer) => peer.side === 'radio' && peer.extension); attempt++) {
    if (attempt > 300) throw new Error('the extension was never negotiated');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Joins `group` on libzmq's Dish: zeromq.js 6.8.0's own `join` loses `this`; the native method works. */
export function nativeJoin(dish: libzmqDraft.Dish, group: string): void {
  (Object.getPrototypeOf(dish.constructor.prototype) as { join(this: unknown, group: string): void }).join.call(dish, group);
}
