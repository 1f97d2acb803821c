/** What each side of a workload gets, and the helpers every workload shares. */
import type { Backend, BenchSocket, SocketKind } from '../backend/types.js';
import type { CaseSpec } from '../cases.js';
import type { Link } from '../link.js';

export interface SideContext {
  backend: Backend;
  spec: CaseSpec;
  link: Link;
  /** Where the binding side binds (its process made it: an ipc path is local to it). */
  address: string;
  warmupMs: number;
  durationMs: number;
}

/** Throughput and latency of one run, as the measuring side saw them. */
export interface Figures {
  /** Messages counted in the window (pub-sub: summed over subscribers; req-rep: round trips). */
  messages: number;
  seconds: number;
  msgsPerSec: number;
  /** Payload bytes per second. */
  bytesPerSec: number;
  latency?: { p50Us: number; p90Us: number; p99Us: number; meanUs: number; maxUs: number };
  /** slow-consumer: resident memory of this side, sampled while it ran. */
  memory?: { idleRssKiB: number; rssSamplesKiB: number[] };
}

/** The other side's memory, sampled in its own process (slow-consumer only). */
export interface OtherResult {
  idleRssKiB?: number;
  rssSamplesKiB?: number[];
  /** The producer hit its memory cap and stopped sending. */
  capped?: boolean;
}

/**
 * The measuring side's figures, and its sockets still open: they close only after the
 * other side has stopped, because a publisher left without subscribers (or a pusher in
 * a tight loop) would never block, and so never yield to hear the stop.
 */
export interface Measured {
  figures: Figures;
  sockets: BenchSocket[];
}

export interface Workload {
  /** Which side binds; the other connects to the endpoint it announces. */
  binder: 'measure' | 'other';
  /** The side that measures; resolves once its window closed. */
  measure(ctx: SideContext): Promise<Measured>;
  /** The side that drives the traffic (or answers it) until the link says stop. */
  other(ctx: SideContext): Promise<OtherResult>;
}

/** Binds and announces the endpoint, or waits for it and connects, as the workload says. */
export async function openSocket(ctx: SideContext, kind: SocketKind, binds: boolean): Promise<BenchSocket> {
  const settings = { hwm: ctx.spec.hwm };
  if (binds) {
    const { socket, endpoint } = await ctx.backend.bind(kind, ctx.address, settings);
    ctx.link.send({ type: 'endpoint', endpoint });
    return socket;
  }
  const { endpoint } = await ctx.link.next('endpoint');
  return ctx.backend.connect(kind, endpoint, settings);
}

/** A stop flag set, and the sockets closed, when the link says stop. */
export function stopOnSignal(ctx: SideContext, ...sockets: BenchSocket[]): { stopped: boolean } {
  const state = { stopped: false };
  ctx.link.next('stop').then(
    () => {
      state.stopped = true;
      for (const socket of sockets) socket.close();
    },
    () => undefined, // a failed link ends the run elsewhere
  );
  return state;
}

/**
 * `await send()` in a loop until stopped, as a zeromq.js user writes it. A pending send
 * rejects when the socket closes; that is the normal end. EAGAIN means "try again": a
 * zeromq.js publisher with noDrop rejects with it when a subscriber is full (libzmq's
 * XPUB reports itself writable all the same), so the loop yields and retries, as a
 * zeromq.js user has to. The clock check every 1024 sends is a safety net in case a stop
 * never arrives.
 */
export async function sendUntilStopped(
  send: () => Promise<void>,
  state: { stopped: boolean },
  ctx: SideContext,
): Promise<void> {
  const deadline = performance.now() + ctx.warmupMs + ctx.durationMs + 60_000;
  let n = 0;
  while (!state.stopped) {
    try {
      await send();
    } catch (error) {
      if (state.stopped) return;
      if ((error as { code?: string }).code !== 'EAGAIN') throw error;
      await new Promise(setImmediate);
      continue;
    }
    if ((++n & 1023) === 0 && performance.now() > deadline) return;
  }
}

/** The payload every message carries: one buffer, reused, as libzmq's perf tools do. */
export function payload(size: number): Buffer {
  return Buffer.alloc(size, 0x5a);
}

/** How many messages pass between clock reads: fewer for big messages, which arrive slower. */
export function clockMask(size: number): number {
  return size >= 65536 ? 0 : size >= 1024 ? 15 : 255;
}
