/** Folds the repetitions of each case and implementation into medians and ratios. */
import { caseId, implsFor, isLatency, type CaseSpec, type Impl } from './cases.js';
import type { RunOutput } from './run-case.js';
import { median } from './stats.js';

/** One repetition of one case by one implementation, as the JSON file keeps it. */
export interface RunRecord {
  caseId: string;
  impl: Impl;
  rep: number;
  ok: boolean;
  error?: string;
  output?: RunOutput;
}

/** Medians over the successful repetitions. */
export interface ImplSummary {
  runs: number;
  failed: number;
  errors: string[];
  msgsPerSec: number;
  bytesPerSec: number;
  p50Us?: number;
  p99Us?: number;
  /** Peak RSS of the process running the measuring side (both sides in one process). */
  maxRssMiB: number;
  /** Peak RSS of the peer process, in two-process cases. */
  peerMaxRssMiB?: number;
}

export interface CaseSummary {
  id: string;
  spec: CaseSpec;
  impls: Partial<Record<Impl, ImplSummary>>;
  /** ours ÷ baseline of the headline figure (msgs/s, or p50 round trip for REQ/REP). */
  ratios: { zeromq?: number; raw?: number };
}

export function summarize(spec: CaseSpec, records: readonly RunRecord[], wanted: readonly Impl[]): CaseSummary {
  const id = caseId(spec);
  const impls: CaseSummary['impls'] = {};
  for (const impl of implsFor(spec, wanted)) {
    const mine = records.filter((r) => r.caseId === id && r.impl === impl);
    const good = mine.filter((r) => r.ok && r.output).map((r) => r.output!);
    if (mine.length === 0) continue;
    const pick = (f: (o: RunOutput) => number | undefined) => {
      const values = good.map(f).filter((v): v is number => v !== undefined && Number.isFinite(v));
      return values.length ? median(values) : undefined;
    };
    const kib = (v: number | undefined) => (v === undefined ? undefined : v / 1024);
    impls[impl] = {
      runs: good.length,
      failed: mine.length - good.length,
      errors: mine.filter((r) => !r.ok).map((r) => r.error ?? 'failed'),
      msgsPerSec: pick((o) => o.figures.msgsPerSec) ?? Number.NaN,
      bytesPerSec: pick((o) => o.figures.bytesPerSec) ?? Number.NaN,
      p50Us: pick((o) => o.figures.latency?.p50Us),
      p99Us: pick((o) => o.figures.latency?.p99Us),
      maxRssMiB: kib(pick((o) => o.maxRssKiB)) ?? Number.NaN,
      peerMaxRssMiB: kib(pick((o) => o.peer?.maxRssKiB)),
    };
  }
  const headline = (s: ImplSummary | undefined) => (s === undefined ? undefined : isLatency(spec) ? s.p50Us : s.msgsPerSec);
  const ratio = (baseline: Impl) => {
    const ours = headline(impls.ours);
    const base = headline(impls[baseline]);
    return ours !== undefined && base !== undefined && base > 0 && Number.isFinite(ours / base) ? ours / base : undefined;
  };
  return { id, spec, impls, ratios: { zeromq: ratio('zeromq'), raw: ratio('raw') } };
}
