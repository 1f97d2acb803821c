import { resolve } from 'node:path';
import { InvalidArgumentError } from '@zmtp/core';
import { describeImpairment, type DuplexImpairment } from './impairment.js';
import {
  congestionControlUnavailable,
  linkDown,
  linkStats,
  linkUp,
  runInNamespace,
  setLinkCongestionControl,
  type LinkInfo,
  type LinkOptions,
} from './link.js';
import type { LinkBenchTransport, ReceiveResult } from './link-transport.js';
import { mathisRate } from './mathis.js';
import { startPeer } from './peer-process.js';
import { formatRate } from './units.js';

export interface TransportRun {
  transport: string;
  label: string;
  /** Goodput at the receiver in bit/s (payload only). */
  goodput?: number;
  bytes?: number;
  elapsedMs?: number;
  /** TCP segments A retransmitted during the run. */
  retransmits?: number;
  /** Packets the link dropped A to B (random loss + full queue) during the run. */
  linkDrops?: number;
  /** Why the row has no figure. */
  skipped?: string;
}

/** Tcp RetransSegs in a namespace (from its own /proc/net/snmp). */
function retransmitted(link: LinkInfo, side: 'a' | 'b'): number | undefined {
  try {
    const lines = runInNamespace(link, side, ['cat', '/proc/net/snmp']).split('\n').filter((l) => l.startsWith('Tcp:'));
    const names = lines[0].split(/\s+/);
    const values = lines[1].split(/\s+/);
    return Number(values[names.indexOf('RetransSegs')]);
  } catch {
    return undefined;
  }
}

export interface MeasureOptions {
  /** Length of the measured window in ms. */
  durationMs: number;
  /** Time after the first payload byte that is not measured. Default 0. */
  warmupMs?: number;
  /** Receiver's port in B. Default 5599. */
  port?: number;
}

/**
 * Runs one transport through a link that is up: receiver in B, sender in A, goodput
 * measured at the receiver over `durationMs`, from its first payload byte plus warm-up.
 */
export async function measureTransport(link: LinkInfo, transport: LinkBenchTransport, m: MeasureOptions): Promise<TransportRun> {
  const { durationMs, warmupMs = 0, port = 5599 } = m;
  const row: TransportRun = { transport: transport.id, label: transport.label };
  if (transport.congestionControl) {
    const why = congestionControlUnavailable(transport.congestionControl);
    if (why) return { ...row, skipped: why };
  }
  setLinkCongestionControl(link, transport.congestionControl);
  const common = ['--module', resolve(transport.peer), '--port', String(port), '--options', JSON.stringify(transport.options ?? {})];
  const retransBefore = retransmitted(link, 'a');
  const dropsBefore = await linkStats(link);
  const receiver = startPeer(link, 'b', ['receive', '--host', link.addresses.b, '--duration', String(durationMs), '--warmup', String(warmupMs), ...common]);
  let sender: ReturnType<typeof startPeer> | undefined;
  try {
    await receiver.ready;
    sender = startPeer(link, 'a', ['send', '--host', link.addresses.b, ...common]);
    // A sender that fails early (cannot connect), or no data at all, must not leave us waiting.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      const limit = durationMs + warmupMs + 30_000;
      timer = setTimeout(() => reject(new Error(`no result within ${limit / 1000} s`)), limit);
    });
    const outcome = await Promise.race([receiver.result, sender.result.then(() => undefined), timeout]).finally(() => clearTimeout(timer));
    const result = (outcome ?? (await receiver.result)) as ReceiveResult;
    const dropsAfter = await linkStats(link);
    const retransAfter = retransmitted(link, 'a');
    return {
      ...row,
      goodput: result.elapsedMs > 0 ? (result.bytes * 8 * 1000) / result.elapsedMs : 0,
      bytes: result.bytes,
      elapsedMs: result.elapsedMs,
      retransmits: retransBefore !== undefined && retransAfter !== undefined ? retransAfter - retransBefore : undefined,
      linkDrops:
        dropsAfter.forward.lost + dropsAfter.forward.queueDropped - (dropsBefore.forward.lost + dropsBefore.forward.queueDropped),
    };
  } finally {
    sender?.stop();
    receiver.stop();
    await Promise.allSettled([sender?.result, receiver.result]);
  }
}

export interface LinkBenchOptions extends LinkOptions {
  transports: LinkBenchTransport[];
  /** Measured time per transport, in ms. Default 10000. */
  durationMs?: number;
  /** Unmeasured start of each run, in ms. Default 0. */
  warmupMs?: number;
  /** Use this link (already up) instead of making a temporary one. */
  link?: LinkInfo;
  /** Called before each run, for a progress line. */
  onRun?: (transport: LinkBenchTransport, index: number) => void;
}

export interface LinkBenchResult {
  settings: DuplexImpairment;
  durationMs: number;
  warmupMs: number;
  /** The Mathis prediction for the forward loss and round trip, where it applies. */
  mathis?: number;
  runs: TransportRun[];
}

/** Runs each transport through the link in turn (one at a time: they would share the bottleneck). */
export async function runLinkBench(options: LinkBenchOptions): Promise<LinkBenchResult> {
  const { transports, durationMs = 10_000, warmupMs = 0, link: given, onRun, ...linkOptions } = options;
  if (!(durationMs > 0)) throw new InvalidArgumentError(`durationMs must be > 0, got ${durationMs}`);
  const link = given ?? (await linkUp({ name: `bench${process.pid % 10000}`, ...linkOptions }));
  try {
    const { settings } = await linkStats(link);
    const runs: TransportRun[] = [];
    for (const [i, transport] of transports.entries()) {
      onRun?.(transport, i);
      try {
        runs.push(await measureTransport(link, transport, { durationMs, warmupMs }));
      } catch (error) {
        runs.push({ transport: transport.id, label: transport.label, skipped: `failed: ${(error as Error).message}` });
      }
    }
    const mathis = mathisRate({ rttMs: settings.forward.delay + settings.reverse.delay, loss: settings.forward.loss });
    return { settings, durationMs, warmupMs, mathis: Number.isFinite(mathis) ? mathis : undefined, runs };
  } finally {
    if (!given) await linkDown(link.name);
  }
}

/** The side-by-side table. */
export function formatLinkBench(result: LinkBenchResult): string {
  const s = result.settings;
  const rate = s.forward.rate;
  const lines = [
    `link A->B: ${describeImpairment(s.forward)}`,
    `link B->A: ${describeImpairment(s.reverse)}`,
    `seed ${s.seed}; goodput at the receiver over ${result.durationMs / 1000} s per transport${result.warmupMs ? ` after ${result.warmupMs / 1000} s of warm-up` : ''}`,
    '',
  ];
  const header = ['transport', 'goodput', rate ? 'of rate' : '', 'retransmits', 'link drops'];
  const rows = result.runs.map((r) =>
    r.skipped
      ? [r.label, `skipped: ${r.skipped}`, '', '', '']
      : [
          r.label,
          formatRate(Math.round(r.goodput ?? 0)),
          rate ? `${(((r.goodput ?? 0) / rate) * 100).toFixed(1)} %` : '',
          r.retransmits === undefined ? '' : String(r.retransmits),
          String(r.linkDrops ?? ''),
        ],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.filter((r) => !r[1].startsWith('skipped')).map((r) => r[i].length)));
  const pad = (cells: string[]): string =>
    cells[1].startsWith('skipped') ? `${cells[0].padEnd(widths[0])}  ${cells[1]}` : cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  lines.push(pad(header), ...rows.map(pad));
  if (result.mathis !== undefined) {
    lines.push('', `Mathis prediction (MSS 1448, RTT ${s.forward.delay + s.reverse.delay} ms, p ${s.forward.loss}): ${formatRate(Math.round(result.mathis))}`);
  }
  return lines.join('\n');
}
