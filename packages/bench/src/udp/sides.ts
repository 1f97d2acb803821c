/**
 * The two ends of a Radio -> Dish run for each implementation, behind one small API:
 * our Radio and Dish over udp://, zeromq.js's draft Radio and Dish (libzmq's UDP engine),
 * and a raw Node dgram socket sending the same datagrams (libzmq's layout: group length,
 * group, body), the ceiling for a JavaScript sender and receiver.
 */
import { createSocket, type Socket as DgramSocket } from 'node:dgram';
import { Context } from '@zmtp/core';
import { Dish, Radio } from '@zmtp/core/draft';
import { oursUdp, type UdpMode } from './udp-modes.js';

export const UDP_IMPLS = ['ours', 'zeromq', 'raw'] as const;
export type UdpImpl = (typeof UDP_IMPLS)[number];

export const implLabels: Record<UdpImpl, string> = { ours: '@zmtp/core', zeromq: 'zeromq.js', raw: 'raw dgram' };

/**
 * Groups: warm-up traffic, then measured traffic. Told apart by length, so counting
 * costs the receiver nothing per byte.
 */
export const WARM = 'warm';
export const BENCH = 'bench';

export interface ReceiverCounts {
  /** Measured messages of the expected size. */
  received: number;
  /** Warm-up messages. */
  warm: number;
  /** Messages of a wrong group or size (should stay 0). */
  bad: number;
  /** Ours: the plugin's counters (where messages were dropped). */
  library?: Record<string, number>;
}

export interface Receiver {
  /** Where a sender sends: `udp://127.0.0.1:port`. */
  readonly endpoint: string;
  counts(): Promise<ReceiverCounts>;
  /** Resolves at the first warm-up message: the path is up. */
  readonly warmed: Promise<void>;
  close(): Promise<void>;
}

export interface Sender {
  /** Sends one message of the run's size to `group`. */
  send(group: typeof WARM | typeof BENCH): Promise<void> | void;
  /**
   * Ours and raw: counters of the sending side, `datagramsSent` (handed to the kernel)
   * among them; zeromq.js keeps its own inside libzmq.
   */
  counters(): Record<string, number> | undefined;
  close(): Promise<void>;
}

/** A plugin's live counters as plain numbers. */
function countersOf(plugin: object): Record<string, number> | undefined {
  const statistics = (plugin as { statistics?: Record<string, unknown> }).statistics;
  if (!statistics) return undefined;
  return Object.fromEntries(Object.entries(statistics).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
}

/** A counter that resolves `warmed` at the first warm-up message. */
class Tally {
  readonly counts: ReceiverCounts = { received: 0, warm: 0, bad: 0 };
  readonly warmed: Promise<void>;
  private resolveWarmed!: () => void;

  constructor(private readonly size: number) {
    this.warmed = new Promise((resolve) => (this.resolveWarmed = resolve));
  }

  add(groupLength: number, bodyLength: number): void {
    if (groupLength === BENCH.length && bodyLength === this.size) this.counts.received++;
    else if (groupLength === WARM.length && bodyLength === this.size) {
      if (this.counts.warm++ === 0) this.resolveWarmed();
    } else this.counts.bad++;
  }
}

export async function startReceiver(impl: UdpImpl, size: number, mode: UdpMode = {}): Promise<Receiver> {
  const tally = new Tally(size);
  if (impl === 'ours') {
    const plugin = oursUdp(mode);
    const dish = new Dish({ context: new Context().use(plugin), linger: 0 });
    await dish.bind('udp://127.0.0.1:*');
    dish.join(WARM, BENCH);
    void (async () => {
      // Ends when close() makes receive() reject.
      for (;;) {
        const [body, { group }] = await dish.receive();
        tally.add(group.length, body.length);
      }
    })().catch(() => {});
    return receiver(dish.lastEndpoint!, tally, async () => dish.close(), () => countersOf(plugin));
  }
  if (impl === 'zeromq') {
    const zmq = await import('zeromq/draft.js');
    const port = await freePort(); // libzmq's udp:// bind takes no "*"
    const dish = new zmq.Dish({ linger: 0 });
    await dish.bind(`udp://127.0.0.1:${port}`);
    // zeromq.js 6.8.0's own join loses `this`; the native method works.
    const nativeJoin = (Object.getPrototypeOf(zmq.Dish.prototype) as { join(this: unknown, group: string): void }).join;
    nativeJoin.call(dish, WARM);
    nativeJoin.call(dish, BENCH);
    void (async () => {
      for (;;) {
        const [body, { group }] = await dish.receive();
        tally.add(group.length, body.length);
      }
    })().catch(() => {});
    return receiver(`udp://127.0.0.1:${port}`, tally, async () => dish.close());
  }
  const socket = createSocket('udp4');
  socket.on('message', (datagram: Buffer) => tally.add(datagram[0], datagram.length - 1 - datagram[0]));
  await bind(socket, 0);
  return receiver(`udp://127.0.0.1:${socket.address().port}`, tally, () => closeSocket(socket));
}

function receiver(endpoint: string, tally: Tally, close: () => Promise<void>, library?: () => Record<string, number> | undefined): Receiver {
  return { endpoint, counts: async () => ({ ...tally.counts, library: library?.() }), warmed: tally.warmed, close };
}

/** Sends waiting in Node beyond which the raw sender drops, as our Radio's engine does. */
const RAW_MAX_IN_FLIGHT = 1024;

export async function startSender(impl: UdpImpl, size: number, endpoint: string, mode: UdpMode = {}): Promise<Sender> {
  const body = Buffer.alloc(size, 7);
  if (impl === 'ours') {
    const plugin = oursUdp(mode);
    const radio = new Radio({ context: new Context().use(plugin), linger: 0 });
    radio.connect(endpoint);
    return { send: (group) => radio.send(body, { group }), counters: () => countersOf(plugin), close: async () => radio.close() };
  }
  if (impl === 'zeromq') {
    const zmq = await import('zeromq/draft.js');
    const radio = new zmq.Radio({ linger: 0 });
    radio.connect(endpoint);
    return { send: (group) => radio.send(body, { group }), counters: () => undefined, close: async () => radio.close() };
  }
  const { hostname, port } = new URL(endpoint.replace(/^udp:/, 'http:'));
  const socket = createSocket('udp4');
  await bind(socket, 0);
  const datagrams = {
    [WARM]: Buffer.concat([Buffer.of(WARM.length), Buffer.from(WARM), body]),
    [BENCH]: Buffer.concat([Buffer.of(BENCH.length), Buffer.from(BENCH), body]),
  };
  let inFlight = 0;
  const counters = { datagramsSent: 0, sendDropped: 0, errors: 0 };
  const sent = (error: Error | null): void => {
    inFlight--;
    if (error) counters.errors++;
    else counters.datagramsSent++;
  };
  return {
    send(group) {
      if (inFlight >= RAW_MAX_IN_FLIGHT) {
        counters.sendDropped++;
        return;
      }
      inFlight++;
      socket.send(datagrams[group], Number(port), hostname, sent);
    },
    counters: () => ({ ...counters }),
    close: () => closeSocket(socket),
  };
}

function bind(socket: DgramSocket, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
}

function closeSocket(socket: DgramSocket): Promise<void> {
  return new Promise((resolve) => socket.close(() => resolve()));
}

/** A UDP port that was free a moment ago. */
async function freePort(): Promise<number> {
  const socket = createSocket('udp4');
  await bind(socket, 0);
  const { port } = socket.address();
  await closeSocket(socket);
  return port;
}
