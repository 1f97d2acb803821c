import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { InvalidArgumentError } from '@zmtp/core';
import { realClock, type Clock } from './clock.js';
import { DuplexPath, type DuplexCounters } from './duplex-path.js';
import type { DuplexImpairment, DuplexImpairmentOptions } from './impairment.js';
import { resolveUdpAddress, type UdpAddress, type UdpAddressLike } from './udp-address.js';

export interface UdpRelayOptions extends DuplexImpairmentOptions {
  /** Where clients send. Default '127.0.0.1:0' (any free port; see `address`). */
  listen?: UdpAddressLike;
  /** Where their datagrams go. */
  target: UdpAddressLike;
  /** Clients remembered at once; the least recently active is forgotten beyond it. Default 64. */
  maxClients?: number;
  /** A client silent this long (ms) is forgotten. Default 60000. */
  idleTimeout?: number;
  /** Time source of the impairments; the default is the event loop's. */
  clock?: Clock;
}

export interface UdpRelayStats extends DuplexCounters {
  /** Clients known now. */
  clients: number;
  /** Datagrams from the target side that did not come from the target. */
  strangers: number;
  /** Socket send errors (e.g. the target port is closed). */
  sendErrors: number;
}

export interface UdpRelay {
  /** The address clients send to. */
  readonly address: UdpAddress;
  readonly target: UdpAddress;
  /** The seed in use (the given one, or the random one picked). */
  readonly seed: number;
  readonly settings: DuplexImpairment;
  stats(): UdpRelayStats;
  /** Changes only the settings given, for packets from now on. */
  update(change: DuplexImpairmentOptions): DuplexImpairment;
  close(): Promise<void>;
}

interface Client {
  address: string;
  port: number;
  upstream: Socket;
  lastSeen: number;
  closed: boolean;
}

const RELAY_KEYS = new Set(['listen', 'target', 'maxClients', 'idleTimeout', 'clock']);

function positiveInteger(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError(`${what} must be an integer >= 1, got ${String(value)}`);
  return value;
}

function bind(socket: Socket, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    socket.once('error', onError);
    socket.bind(port, host, () => {
      socket.off('error', onError);
      resolve();
    });
  });
}

/**
 * A UDP relay that impairs traffic both ways: clients send to `address`, the relay
 * forwards to `target` from one socket per client (so the target sees distinct peers,
 * as behind a NAT), and replies come back the same way. Memory stays bounded: clients
 * are capped and expire, and each direction caps what it holds.
 */
export async function startUdpRelay(options: UdpRelayOptions): Promise<UdpRelay> {
  if (typeof options !== 'object' || options === null || options.target === undefined) {
    throw new InvalidArgumentError("startUdpRelay needs { target: 'host:port' } (and optionally listen, delay, loss, rate, ...)");
  }
  const maxClients = positiveInteger(options.maxClients, 64, 'maxClients');
  const idleTimeout = positiveInteger(options.idleTimeout, 60_000, 'idleTimeout');
  const clock = options.clock ?? realClock;
  const impairments = Object.fromEntries(Object.entries(options).filter(([key]) => !RELAY_KEYS.has(key))) as DuplexImpairmentOptions;
  const target = await resolveUdpAddress(options.target, 'target');
  const listenAt = await resolveUdpAddress(options.listen ?? 0, 'listen');

  const clients = new Map<string, Client>();
  let strangers = 0;
  let sendErrors = 0;
  const onSent = (error: Error | null): void => {
    if (error) sendErrors++;
  };
  let closed = false;
  const listener = createSocket({ type: listenAt.family });
  listener.on('error', () => sendErrors++);

  const path = new DuplexPath<Client, Client>(
    impairments,
    clock,
    (packet, client) => {
      if (!client.closed) client.upstream.send(packet, target.port, target.host, onSent);
    },
    (packet, client) => {
      if (!closed) listener.send(packet, client.port, client.address, onSent);
    },
  );

  const forget = (key: string, client: Client): void => {
    clients.delete(key);
    client.closed = true;
    client.upstream.close();
  };

  const clientFor = (from: RemoteInfo): Client => {
    const key = `${from.address}|${from.port}`;
    let client = clients.get(key);
    if (client) {
      clients.delete(key); // re-insert: the Map's order is then least recently active first
    } else {
      if (clients.size >= maxClients) {
        const [oldestKey, oldest] = clients.entries().next().value as [string, Client];
        forget(oldestKey, oldest);
      }
      const upstream = createSocket({ type: target.family });
      const created: Client = { address: from.address, port: from.port, upstream, lastSeen: 0, closed: false };
      upstream.on('error', () => sendErrors++);
      upstream.on('message', (data, rinfo) => {
        if (rinfo.port !== target.port || rinfo.address !== target.host) {
          strangers++;
          return;
        }
        created.lastSeen = clock.now();
        path.reverse.send(data, created);
      });
      client = created;
    }
    client.lastSeen = clock.now();
    clients.set(key, client);
    return client;
  };

  listener.on('message', (data, from) => {
    if (!closed) path.forward.send(data, clientFor(from));
  });
  try {
    await bind(listener, listenAt.port, listenAt.host);
  } catch (error) {
    path.close();
    listener.close();
    throw new InvalidArgumentError(`cannot listen on ${listenAt.host}:${listenAt.port}: ${(error as Error).message}; pick another port or 0`);
  }
  const bound = listener.address();

  const sweep = setInterval(() => {
    const now = clock.now();
    for (const [key, client] of clients) if (now - client.lastSeen >= idleTimeout) forget(key, client);
  }, Math.max(10, idleTimeout / 2));
  sweep.unref();

  return {
    address: { host: bound.address, port: bound.port, family: listenAt.family },
    target,
    get seed() {
      return path.settings.seed;
    },
    get settings() {
      return path.settings;
    },
    stats: () => ({ ...path.counters(), clients: clients.size, strangers, sendErrors }),
    update: (change) => path.update(change),
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(sweep);
      path.close();
      for (const [key, client] of clients) forget(key, client);
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}
