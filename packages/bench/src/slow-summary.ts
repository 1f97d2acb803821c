/** Reads a slow-consumer run: does each side's memory stay within what the HWM allows? */
import type { Impl } from './cases.js';
import type { RunRecord } from './summary.js';
import type { CaseSpec } from './cases.js';

export interface SideMemory {
  idleMiB: number;
  peakMiB: number;
  /** Peak RSS in the second half of the run minus the peak in the first half. */
  lateGrowthMiB: number;
  samplesMiB: number[];
}

export interface SlowSummary {
  caseId: string;
  impl: Impl;
  hwm: number;
  size: number;
  /** What one full pipe holds: HWM × message size. */
  pipeBudgetMiB: number;
  /** The growth over idle each side may show: two full pipes plus a fixed allowance. */
  budgetMiB: number;
  consumedPerSec: number;
  consumer?: SideMemory;
  producer?: SideMemory;
  /** Neither side's peak RSS grew over its idle RSS by more than the budget. */
  bounded: boolean;
  /** The producer reached its memory cap and stopped sending (a run without a limit). */
  producerCapped: boolean;
  error?: string;
}

const mib = (kib: number) => kib / 1024;

/**
 * Growth any run shows whatever the marks: the heap and JIT warming up, garbage not yet
 * collected, socket buffers. Measured runs with HWM 10 grow by 30 to 40 MiB.
 */
const allowanceMiB = 96;

function side(idleKiB: number | undefined, samplesKiB: number[] | undefined): SideMemory | undefined {
  if (idleKiB === undefined || !samplesKiB?.length) return undefined;
  const half = Math.ceil(samplesKiB.length / 2);
  const early = Math.max(...samplesKiB.slice(0, half));
  const late = Math.max(...samplesKiB.slice(half));
  return {
    idleMiB: mib(idleKiB),
    peakMiB: mib(Math.max(...samplesKiB)),
    lateGrowthMiB: mib(late - early),
    samplesMiB: samplesKiB.map(mib),
  };
}

export function summarizeSlow(spec: CaseSpec, record: RunRecord): SlowSummary {
  const out = record.output;
  const consumer = side(out?.figures.memory?.idleRssKiB, out?.figures.memory?.rssSamplesKiB);
  const producer = side(out?.peer?.idleRssKiB, out?.peer?.rssSamplesKiB);
  const pipeBudgetMiB = (spec.hwm * spec.size) / 1024 ** 2;
  const budgetMiB = 2 * pipeBudgetMiB + allowanceMiB;
  const within = (s: SideMemory | undefined) => s === undefined || s.peakMiB - s.idleMiB <= budgetMiB;
  const producerCapped = out?.peer?.capped ?? false;
  return {
    caseId: record.caseId,
    impl: record.impl,
    hwm: spec.hwm,
    size: spec.size,
    pipeBudgetMiB,
    budgetMiB,
    consumedPerSec: out?.figures.msgsPerSec ?? Number.NaN,
    consumer,
    producer,
    bounded: record.ok && !producerCapped && consumer !== undefined && within(consumer) && within(producer),
    producerCapped,
    error: record.error,
  };
}
