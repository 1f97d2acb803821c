/**
 * Cost per pick: one `next()` plus the `consumed()` that follows it, as core's load
 * balancer calls them, with every pipe active and saturated. Timed in short batches;
 * the fastest batch is the figure least disturbed by other processes on the machine.
 */
import type { Scheduler } from '@zmtp/core';

/** A stand-in for core's Pipe: schedulers only use it as an identity. */
export interface FakePipe {
  readonly id: number;
}

export interface PickCostOptions {
  /** Message size passed to `consumed()`. */
  readonly bytes: number;
  /** Timed batches per size and round. */
  readonly batches: number;
  /** Smallest batch duration, so timer resolution does not matter. */
  readonly batchMs: number;
  /** Rounds over all sizes, interleaved so that a noisy moment hits every size alike. */
  readonly rounds: number;
}

export interface PickCost {
  readonly pipes: number;
  /** Fastest batch, ns per pick. */
  readonly bestNs: number;
  /** Median batch, ns per pick. */
  readonly medianNs: number;
}

/** A scheduler with `pipes` saturated pipes (weights 1 to 4), ready to pick from. */
function loaded(make: () => Scheduler<FakePipe>, pipes: number): Scheduler<FakePipe> {
  const scheduler = make();
  for (let id = 0; id < pipes; id++) {
    const pipe: FakePipe = { id };
    scheduler.add(pipe, { priority: 8, weight: 1 + (id % 4) });
    scheduler.activate(pipe);
  }
  return scheduler;
}

function timePicks(scheduler: Scheduler<FakePipe>, picks: number, bytes: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < picks; i++) {
    const pipe = scheduler.next()!;
    scheduler.consumed(pipe, bytes);
  }
  return Number(process.hrtime.bigint() - start);
}

/** Nanoseconds per pick for each number of pipes. Run one scheduler class per process. */
export function pickCosts(make: () => Scheduler<FakePipe>, sizes: readonly number[], options: PickCostOptions): PickCost[] {
  const schedulers = sizes.map((pipes) => loaded(make, pipes));
  // Size each batch to last about batchMs (this also warms up the JIT).
  const picks = schedulers.map((scheduler) => {
    let count = 16;
    while (timePicks(scheduler, count, options.bytes) < options.batchMs * 1e6) count *= 2;
    return count;
  });
  const samples: number[][] = sizes.map(() => []);
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < sizes.length; k++) {
      const i = (k + round) % sizes.length;
      for (let b = 0; b < options.batches; b++) {
        samples[i].push(timePicks(schedulers[i], picks[i], options.bytes) / picks[i]);
      }
    }
  }
  return sizes.map((pipes, i) => ({ pipes, bestNs: Math.min(...samples[i]), medianNs: median(samples[i]) }));
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
