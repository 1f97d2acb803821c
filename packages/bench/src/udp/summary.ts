/** Runs grouped into cases, with medians and the ratios of ours to the baselines of the same run. */
import { median } from '../stats.js';
import type { UdpRunResult, UdpRunSpec } from './run.js';
import type { OfferedRate } from './send-loop.js';
import { implLabels, type UdpImpl } from './sides.js';
import { modeLabel, type UdpMode } from './udp-modes.js';

/** One run as recorded: what was asked, and what came out (or why it failed). */
export interface UdpRunRecord {
  readonly spec: UdpRunSpec;
  readonly rep: number;
  readonly result?: UdpRunResult;
  readonly error?: string;
}

export interface UdpFigures {
  readonly runs: number;
  readonly failed: number;
  /** Medians over the runs that completed. */
  readonly sentPerSecond: number;
  readonly receivedPerSecond: number;
  /** Body bytes received per second. */
  readonly goodput: number;
  readonly loss: number;
  /** Ours and raw: datagrams handed to the kernel per second, and the share of sends dropped before. */
  readonly wirePerSecond?: number;
  readonly droppedAtSender?: number;
  /** Damaged messages, summed over the runs (should be 0). */
  readonly bad: number;
}

export interface UdpRow {
  readonly impl: UdpImpl;
  /** Ours only: the plugin's modes. */
  readonly mode?: UdpMode;
  readonly label: string;
  readonly figures?: UdpFigures;
  readonly errors: readonly string[];
  /** Ours only: received per second ÷ the baseline's, same case. */
  readonly vsZeromq?: number;
  readonly vsRaw?: number;
}

export interface UdpCase {
  readonly size: number;
  readonly processes: 1 | 2;
  readonly rate: OfferedRate;
  readonly rows: readonly UdpRow[];
}

/** The same case: size, processes and rate. */
export const caseKey = (spec: Pick<UdpRunSpec, 'size' | 'processes' | 'rate'>): string => `${spec.size}|${spec.processes}|${spec.rate}`;

/** One row per implementation (ours once per mode). */
export const rowKey = (spec: Pick<UdpRunSpec, 'impl' | 'mode'>): string => (spec.impl === 'ours' ? `ours|${modeLabel(spec.mode)}` : spec.impl);

export function rowLabel(impl: UdpImpl, mode: UdpMode | undefined, modesShown: boolean): string {
  return impl === 'ours' && modesShown ? `${implLabels.ours} (${modeLabel(mode ?? {})})` : implLabels[impl];
}

function optionalMedian(values: ReadonlyArray<number | undefined>): number | undefined {
  const known = values.filter((value): value is number => value !== undefined);
  return known.length > 0 ? median(known) : undefined;
}

export function summarize(records: readonly UdpRunRecord[], modesShown: boolean): UdpCase[] {
  const cases = new Map<string, UdpRunRecord[]>();
  for (const record of records) {
    const key = caseKey(record.spec);
    cases.set(key, [...(cases.get(key) ?? []), record]);
  }
  return [...cases.values()].map((caseRecords) => {
    const { size, processes, rate } = caseRecords[0].spec;
    const rows = new Map<string, UdpRunRecord[]>();
    for (const record of caseRecords) {
      const key = rowKey(record.spec);
      rows.set(key, [...(rows.get(key) ?? []), record]);
    }
    const built = [...rows.values()].map((rowRecords) => {
      const { impl, mode } = rowRecords[0].spec;
      const done = rowRecords.flatMap((r) => (r.result ? [r.result] : []));
      const figures: UdpFigures | undefined =
        done.length === 0
          ? undefined
          : {
              runs: rowRecords.length,
              failed: rowRecords.length - done.length,
              sentPerSecond: median(done.map((r) => r.sentPerSecond)),
              receivedPerSecond: median(done.map((r) => r.receivedPerSecond)),
              goodput: median(done.map((r) => r.receivedPerSecond)) * size,
              loss: median(done.map((r) => r.loss)),
              wirePerSecond: optionalMedian(done.map((r) => r.wirePerSecond)),
              droppedAtSender: optionalMedian(done.map((r) => r.droppedAtSender)),
              bad: done.reduce((sum, r) => sum + r.bad, 0),
            };
      const errors = rowRecords.flatMap((r) => (r.error ? [r.error] : []));
      return { impl, mode: impl === 'ours' ? mode : undefined, label: rowLabel(impl, mode, modesShown), figures, errors };
    });
    const received = (impl: UdpImpl) => built.find((row) => row.impl === impl)?.figures?.receivedPerSecond;
    const ratio = (ours: number | undefined, base: number | undefined) => (ours !== undefined && base ? ours / base : undefined);
    const withRatios = built.map((row) =>
      row.impl !== 'ours'
        ? row
        : {
            ...row,
            vsZeromq: ratio(row.figures?.receivedPerSecond, received('zeromq')),
            vsRaw: ratio(row.figures?.receivedPerSecond, received('raw')),
          },
    );
    return { size, processes, rate, rows: withRatios };
  });
}
