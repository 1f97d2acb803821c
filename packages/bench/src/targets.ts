/** The targets for @zmtp/core over tcp, checked against the medians of one run. */
import type { Impl } from './cases.js';
import type { CaseSummary, ImplSummary } from './summary.js';

export interface Target {
  id: string;
  /** What must hold, e.g. `PUSH/PULL 64 B msgs/s >= 2.0x zeromq.js`. */
  label: string;
  pattern: 'push-pull' | 'req-rep';
  size: number;
  baseline: Exclude<Impl, 'ours'>;
  figure: (s: ImplSummary) => number | undefined;
  /** at-least: ours/baseline >= limit; at-most: ours/baseline <= limit. */
  bound: 'at-least' | 'at-most';
  limit: number;
}

export const targets: readonly Target[] = [
  {
    id: 'push-pull-64-msgs',
    label: 'PUSH/PULL 64 B msgs/s >= 2.0x zeromq.js',
    pattern: 'push-pull',
    size: 64,
    baseline: 'zeromq',
    figure: (s) => s.msgsPerSec,
    bound: 'at-least',
    limit: 2.0,
  },
  {
    id: 'push-pull-64k-bytes',
    label: 'PUSH/PULL 64 KiB bytes/s >= 0.9x raw net',
    pattern: 'push-pull',
    size: 65536,
    baseline: 'raw',
    figure: (s) => s.bytesPerSec,
    bound: 'at-least',
    limit: 0.9,
  },
  {
    id: 'req-rep-64-rtt',
    label: 'REQ/REP 64 B round trip (p50) <= 0.5x zeromq.js',
    pattern: 'req-rep',
    size: 64,
    baseline: 'zeromq',
    figure: (s) => s.p50Us,
    bound: 'at-most',
    limit: 0.5,
  },
];

export interface TargetResult {
  id: string;
  label: string;
  caseId: string;
  processes: 1 | 2;
  ratio: number;
  pass: boolean;
}

/** One result per target and process mode that the run measured over tcp. */
export function checkTargets(cases: readonly CaseSummary[]): TargetResult[] {
  const results: TargetResult[] = [];
  for (const target of targets) {
    for (const c of cases) {
      const { spec } = c;
      if (spec.transport !== 'tcp' || spec.pattern !== target.pattern || spec.size !== target.size) continue;
      const ours = c.impls.ours && target.figure(c.impls.ours);
      const base = c.impls[target.baseline] && target.figure(c.impls[target.baseline]!);
      if (ours === undefined || base === undefined || !(base > 0) || !Number.isFinite(ours)) continue;
      const ratio = ours / base;
      const pass = target.bound === 'at-least' ? ratio >= target.limit : ratio <= target.limit;
      results.push({ id: target.id, label: target.label, caseId: c.id, processes: spec.processes, ratio, pass });
    }
  }
  return results;
}
