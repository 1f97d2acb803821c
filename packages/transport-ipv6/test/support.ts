/**
 * Shared plumbing for the integration tests: contexts with the plugin, sockets that are
 * closed after each test, bounded waits for events and messages.
 */
import { afterEach } from 'vitest';
import * as zmq from '@zmtp/core';
import * as libzmq from 'zeromq';
import { ipv6, type Ipv6PluginOptions } from '@zmtp/transport-ipv6';

/** Every wait is bounded: a hang fails with a message instead of the test timeout. */
export const WAIT_MS = 5_000;

const open: Array<{ close(): void }> = [];
afterEach(() => {
  for (const socket of open.splice(0)) socket.close();
});

/** Closes the socket after the current test. */
export function track<S extends { close(): void }>(socket: S): S {
  open.push(socket);
  return socket;
}

/** A fresh context with the plugin installed, so tests do not share settings. */
export function context(options?: Ipv6PluginOptions): zmq.Context {
  return new zmq.Context().use(ipv6(options));
}

type OursOptions = { context?: zmq.Context; ipv6?: boolean; ipv6Only?: boolean } & Record<string, unknown>;
type OursClass = 'Push' | 'Pull' | 'Dealer' | 'Router' | 'Request' | 'Reply';

/** One of our sockets (linger 0, the plugin's context unless given one), closed after the test. */
export function ours<K extends OursClass>(kind: K, options: OursOptions = {}): InstanceType<(typeof zmq)[K]> {
  const Class = zmq[kind] as unknown as new (options: Record<string, unknown>) => InstanceType<(typeof zmq)[K]>;
  return track(new Class({ linger: 0, context: options.context ?? context(), ...options }));
}

/** A libzmq socket (linger 0), closed after the test. */
export function native<K extends OursClass>(kind: K, options: Record<string, unknown> = {}): InstanceType<(typeof libzmq)[K]> {
  const Class = libzmq[kind] as unknown as new (options: Record<string, unknown>) => InstanceType<(typeof libzmq)[K]>;
  return track(new Class({ linger: 0, ...options }));
}

/** Resolves with `promise`, or rejects after `ms` saying what was awaited. */
export function within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The events API both implementations share, loosely typed. */
interface EventSource {
  on(type: string, listener: (event: { address?: string }) => void): unknown;
  off(type: string, listener: (event: { address?: string }) => void): unknown;
}

/** The next event of `type` on a socket of either implementation. */
export function nextEvent(socket: { readonly events: object }, type: string): Promise<{ address?: string }> {
  const events = socket.events as EventSource;
  return within(
    new Promise((resolve) => {
      const listener = (event: { address?: string }) => {
        events.off(type, listener);
        resolve(event);
      };
      events.on(type, listener);
    }),
    `a "${type}" event`,
  );
}

export const text = (frames: readonly Uint8Array[]): string[] => frames.map((f) => new TextDecoder().decode(f));

/** The endpoint with its port replaced by "P", to compare the format of two binds. */
export const withoutPort = (endpoint: string | null): string | null => endpoint && endpoint.replace(/:[0-9]+$/, ':P');

/** The port of a bound endpoint. */
export const portOf = (endpoint: string | null): number => Number(/:([0-9]+)$/.exec(endpoint ?? '')?.[1]);

/** Whether this host has IPv6 on loopback (a container may not); tests that need it skip otherwise. */
export async function hasIpv6Loopback(): Promise<boolean> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(0, '::1', () => server.close(() => resolve(true)));
  });
}
