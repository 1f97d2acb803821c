import { InvalidArgumentError, type SchedulerEntryOptions } from '@zmtp/core';

/** Options of the `scheduler()` plugin. */
export interface SchedulerPluginOptions {
  /**
   * The smallest number of bytes a weight-1 pipe may send per turn in the byte-fair
   * schedulers (`'weighted'`, `'priority-weighted'`). The quantum grows by itself to the
   * largest message seen, which keeps every pick O(1). Default 1: the quantum is the
   * largest message so far, the smallest that keeps DRR O(1), so turns stay short.
   */
  quantum?: number;
}

/** How a `DeficitScheduler` orders pipes. */
export interface DeficitSchedulerOptions {
  /** Honour each pipe's priority (strict, 1 before 2); otherwise all share one level. */
  readonly priorities: boolean;
  /** Honour each pipe's weight; otherwise every weight is 1 (plain round robin per unit). */
  readonly weights: boolean;
  /** What a turn measures: bytes (deficit round robin) or whole messages. */
  readonly unit: 'bytes' | 'messages';
  /** Bytes mode: the smallest quantum, per unit of weight. */
  readonly quantum: number;
}

export const defaultQuantum = 1;

/** nanomsg's default priority, used when a pipe is added without options. */
export const defaultEntryOptions: SchedulerEntryOptions = { priority: 8, weight: 1 };

/** The plugin's quantum, checked. */
export function quantumFrom(options: SchedulerPluginOptions | undefined): number {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new InvalidArgumentError('scheduler() takes an options object such as { quantum: 1500 }, or nothing');
  }
  const quantum = options?.quantum ?? defaultQuantum;
  if (!Number.isSafeInteger(quantum) || quantum < 1) {
    throw new InvalidArgumentError(
      `scheduler() option "quantum" must be a positive integer number of bytes (default ${defaultQuantum}); got ${String(quantum)}`,
    );
  }
  return quantum;
}

/** A pipe's level (0 to 15) and weight, checked: the scheduler can be used without core's checks. */
export function entryFrom(options: SchedulerEntryOptions): { level: number; weight: number } {
  const { priority, weight } = options;
  if (!Number.isInteger(priority) || priority < 1 || priority > 16) {
    throw new InvalidArgumentError(`Scheduler "priority" must be an integer from 1 (highest) to 16; got ${String(priority)}`);
  }
  if (!Number.isSafeInteger(weight) || weight < 1) {
    throw new InvalidArgumentError(`Scheduler "weight" must be a positive integer; got ${String(weight)}`);
  }
  return { level: priority - 1, weight };
}
