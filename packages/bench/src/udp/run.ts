/**
 * One Radio -> Dish run: a receiver (here or in a forked process), optionally the seeded
 * impairment relay between the two, warm-up until the path carries messages, then
 * `duration` seconds of measured sending, and a count of what arrived.
 */
import type { DuplexImpairmentOptions } from '../netem/impairment.js';
import { startUdpRelay, type UdpRelay, type UdpRelayStats } from '../netem/udp-relay.js';
import { forkReceiver } from './fork-receiver.js';
import { sendLoop, type OfferedRate } from './send-loop.js';
import { BENCH, startReceiver, startSender, WARM, type Receiver, type ReceiverCounts, type UdpImpl } from './sides.js';
import type { UdpMode } from './udp-modes.js';

export interface UdpRunSpec {
  readonly impl: UdpImpl;
  /** Body bytes per message (the group comes on top). */
  readonly size: number;
  /** 1: Radio and Dish in one process; 2: the Dish in a forked one. */
  readonly processes: 1 | 2;
  readonly rate: OfferedRate;
  /** Seconds measured. */
  readonly duration: number;
  /** Seconds of traffic after the path is up, before measuring. */
  readonly warmup: number;
  /** Our plugin's congestion and delivery modes (ignored by the baselines). */
  readonly mode: UdpMode;
  /** When set, traffic goes through startUdpRelay with these impairments. */
  readonly link?: DuplexImpairmentOptions;
}

export interface UdpRunResult {
  /** Messages the application sent in the measured window (each a `send` call that returned). */
  readonly sent: number;
  /** Of those, messages the Dish received. */
  readonly received: number;
  /** Messages of a wrong group or size at the Dish (damage; should be 0). */
  readonly bad: number;
  readonly seconds: number;
  readonly sentPerSecond: number;
  readonly receivedPerSecond: number;
  /** 1 - received / sent. */
  readonly loss: number;
  /**
   * Ours and raw: datagrams the sender handed to the kernel in the window, per second, and
   * the share of sends that never got there (dropped by the sending library: a full pipe,
   * a full send queue, congestion control); the rest of the loss happened after.
   */
  readonly wirePerSecond?: number;
  readonly droppedAtSender?: number;
  /** Ours: the plugin's counters over the window, sender and receiver side. */
  readonly senderCounters?: Record<string, number>;
  readonly receiverCounters?: Record<string, number>;
  /** The relay's counters, when the run went through it. */
  readonly relay?: UdpRelayStats;
}

/** The path must carry a warm-up message within this time, or the run fails. */
const WARM_LIMIT_S = 10;
/** After sending stops, counts are read until they stop changing for this long. */
const QUIET_MS = 200;

export async function runUdp(spec: UdpRunSpec): Promise<UdpRunResult> {
  const receiver: Receiver =
    spec.processes === 1 ? await startReceiver(spec.impl, spec.size, spec.mode) : await forkReceiver(spec.impl, spec.size, spec.mode);
  let relay: UdpRelay | undefined;
  try {
    let endpoint = receiver.endpoint;
    if (spec.link) {
      relay = await startUdpRelay({ ...spec.link, target: endpoint.slice('udp://'.length) });
      endpoint = `udp://${relay.address.host}:${relay.address.port}`;
    }
    const sender = await startSender(spec.impl, spec.size, endpoint, spec.mode);
    let senderOpen = true;
    const closeSender = async () => {
      if (senderOpen) await sender.close();
      senderOpen = false;
    };
    try {
      let warmedAt: number | undefined;
      void receiver.warmed.then(() => (warmedAt = performance.now()));
      await sendLoop(
        () => sender.send(WARM),
        spec.rate,
        (elapsed) => {
          if (warmedAt === undefined && elapsed > WARM_LIMIT_S) {
            throw new Error(`no message reached the ${spec.impl} Dish within ${WARM_LIMIT_S} s`);
          }
          return warmedAt !== undefined && (performance.now() - warmedAt) / 1000 >= spec.warmup;
        },
      );
      // Warm-up traffic still queued (a congestion-controlled sender's backlog) drains first,
      // so it does not take the measured messages' place.
      const receiverBefore = (await settledCounts(receiver)).library;
      const senderBefore = sender.counters();
      const { sent, seconds } = await sendLoop(() => sender.send(BENCH), spec.rate, (elapsed) => elapsed >= spec.duration);
      // Close the sender at once: a congestion-controlled one still holds a backlog, and what
      // it would send after the window must not count as received within it.
      await closeSender();
      const counts = await settledCounts(receiver);
      // After the counts settled: the sender's last send callbacks have run too.
      const senderCounters = difference(sender.counters(), senderBefore);
      const receiverCounters = difference(counts.library, receiverBefore);
      const wire = senderCounters?.datagramsSent;
      return {
        sent,
        received: counts.received,
        bad: counts.bad,
        seconds,
        sentPerSecond: sent / seconds,
        receivedPerSecond: counts.received / seconds,
        loss: sent > 0 ? 1 - counts.received / sent : 0,
        wirePerSecond: wire === undefined ? undefined : wire / seconds,
        droppedAtSender: droppedAtSender(sent, counts.received, wire, receiverCounters?.datagramsReceived),
        senderCounters,
        receiverCounters,
        relay: relay?.stats(),
      };
    } finally {
      await closeSender();
    }
  } finally {
    await relay?.close();
    await receiver.close();
  }
}

/** Counters over the measured window (warm-up traffic left out). */
function difference(after?: Record<string, number>, before?: Record<string, number>): Record<string, number> | undefined {
  if (!after) return undefined;
  return Object.fromEntries(Object.entries(after).map(([key, value]) => [key, value - (before?.[key] ?? 0)]));
}

/** What is still in flight (socket buffers, send queues, the relay's delay line) counts too: read until arrivals stop. */
async function settledCounts(receiver: Receiver): Promise<ReceiverCounts> {
  const arrivals = (counts: ReceiverCounts) => counts.received + counts.warm + counts.bad;
  let last = await receiver.counts();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    const now = await receiver.counts();
    if (arrivals(now) === arrivals(last)) return now;
    last = now;
  }
}

/**
 * The share of sent messages that never left the sender. With one datagram per message it
 * is what did not reach the kernel. When our receiver counts datagrams too, messages that
 * left are inferred from those received and the datagram loss on the path, which also holds
 * when a datagram carries several messages (a BUNDLE) or part of one.
 */
function droppedAtSender(sent: number, received: number, wire?: number, wireReceived?: number): number | undefined {
  if (wire === undefined || sent === 0) return undefined;
  if (wireReceived === undefined || wire === 0) return Math.max(0, 1 - wire / sent);
  const delivered = Math.min(1, wireReceived / wire);
  return delivered === 0 ? Math.max(0, 1 - wire / sent) : Math.max(0, 1 - received / delivered / sent);
}
