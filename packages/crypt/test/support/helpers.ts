/** Bounded waits, events and clean-up for the crypt tests. */
import type { SocketEvent } from '@zmtp/core';

export const WAIT_MS = 5_000;

/** Resolves like `promise`, or rejects after `ms` naming what was awaited. */
export function within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Our sockets and zeromq.js's: both have `events.on(type, listener)`. */
interface Observable {
  readonly events: object;
}

type On = (type: string, listener: (event: SocketEvent) => void) => unknown;

/** The first event of one of `types` on `socket`. */
export function nextEvent(socket: Observable, types: string | string[], who: string, ms = WAIT_MS): Promise<SocketEvent> {
  const list = Array.isArray(types) ? types : [types];
  return within(
    new Promise<SocketEvent>((resolve) => {
      const on = (socket.events as { on: On }).on.bind(socket.events);
      for (const type of list) on(type, resolve);
    }),
    `${list.join(' or ')} on ${who}`,
    ms,
  );
}

/** Sockets and other resources a test opened; `afterEach(cleanup.run)`. */
export class Cleanup {
  private readonly items: (() => void | Promise<void>)[] = [];

  add<T extends { close(): unknown }>(item: T): T {
    this.items.push(() => {
      void item.close();
    });
    return item;
  }

  defer(fn: () => void | Promise<void>): void {
    this.items.push(fn);
  }

  readonly run = async (): Promise<void> => {
    for (const fn of this.items.splice(0).reverse()) await fn();
  };
}

export const text = (parts: readonly Uint8Array[]): string[] => parts.map((p) => Buffer.from(p).toString());
