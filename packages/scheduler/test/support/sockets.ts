import * as zmq from '@zmtp/core';
import type { Scheduler, SchedulerFactory } from '@zmtp/core';
import { scheduler, schedulerFactory, type SchedulerName } from '@zmtp/scheduler';
import { afterEach } from 'vitest';

/** How long a test waits for something that should happen promptly before failing with a message. */
export const PROMPTLY_MS = 5_000;

interface Closable {
  close(): void;
}

/** Closes every socket (or server) a test registered, after each test. Call once per file. */
export function cleanup(): <S extends Closable>(socket: S) => S {
  const open: Closable[] = [];
  afterEach(() => {
    for (const socket of open.splice(0).reverse()) socket.close();
  });
  return (socket) => {
    open.push(socket);
    return socket;
  };
}

/** A fresh context with the scheduler plugin installed. */
export function schedulerContext(): zmq.Context {
  return new zmq.Context().use(scheduler());
}

/**
 * A context whose `name` scheduler also records every instance it makes, so a test
 * can wait until the scheduler has seen something (pipes with messages waiting)
 * instead of sleeping. The instances are the plugin's own, unwrapped.
 */
export function recordingContext(name: SchedulerName): { context: zmq.Context; made: Scheduler<unknown>[] } {
  const made: Scheduler<unknown>[] = [];
  const factory = schedulerFactory(name);
  const recording: SchedulerFactory = <P>(direction: 'out' | 'in') => {
    const instance = factory<P>(direction);
    made.push(instance as Scheduler<unknown>);
    return instance;
  };
  const context = new zmq.Context().use({ name: 'recording', schedulers: { [name]: recording } });
  return { context, made };
}

/** Resolves once `condition()` holds, checking after each turn of the event loop. */
export async function until(condition: () => boolean, what: string, ms = PROMPTLY_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Resolves or rejects like `promise`, or rejects with a message naming `what` after `ms`. */
export async function within<T>(promise: Promise<T>, what: string, ms = PROMPTLY_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const decoder = new TextDecoder();

/** The next message's parts as text. */
export async function receiveText(socket: { receive(): Promise<Uint8Array[]> }, what: string): Promise<string[]> {
  const parts = await within(socket.receive(), what);
  return parts.map((part) => decoder.decode(part));
}

/** The next event of `type` on a socket. */
export function nextEvent(socket: { events: zmq.Observer }, type: 'disconnect' | 'handshake' | 'accept'): Promise<void> {
  return new Promise((resolve) => {
    const listener = () => {
      socket.events.off(type, listener);
      resolve();
    };
    socket.events.on(type, listener);
  });
}
