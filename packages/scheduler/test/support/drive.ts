import type { Scheduler } from '@zmtp/core';
import { DeficitScheduler, type DeficitSchedulerOptions } from '@zmtp/scheduler';

export const priorityOnly: DeficitSchedulerOptions = { priorities: true, weights: false, unit: 'messages', quantum: 1 };
export const weightedBytes = (quantum: number): DeficitSchedulerOptions => ({
  priorities: false,
  weights: true,
  unit: 'bytes',
  quantum,
});
export const weightedCount: DeficitSchedulerOptions = { priorities: false, weights: true, unit: 'messages', quantum: 1 };

/** A scheduler with `pipes` added (priority, weight) and activated in order. */
export function withPipes(
  options: DeficitSchedulerOptions,
  pipes: Record<string, [priority: number, weight: number]>,
): DeficitScheduler<string> {
  const s = new DeficitScheduler<string>(options);
  for (const [pipe, [priority, weight]] of Object.entries(pipes)) {
    s.add(pipe, { priority, weight });
    s.activate(pipe);
  }
  return s;
}

/** Picks and consumes `n` messages (of `size(pipe)` bytes) the way core's load balancer does. */
export function picks<P>(s: Scheduler<P>, n: number, size: (pipe: P) => number = () => 1): P[] {
  const out: P[] = [];
  for (let i = 0; i < n; i++) {
    const pipe = s.next();
    if (pipe === undefined) break;
    out.push(pipe);
    s.consumed(pipe, size(pipe));
  }
  return out;
}

/** Deterministic pseudo-random integers in [min, max] (mulberry32), so failures replay. */
export function randomInts(seed: number, min: number, max: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return min + Math.floor(unit * (max - min + 1));
  };
}
