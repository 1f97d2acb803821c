import type { Scheduler, SchedulerEntryOptions } from '@zmtp/core';
import type { SchedulerCapabilities } from '../capabilities.js';
import type { BlockCounter } from './block-counter.js';
import type { SchedulerFixture } from './scheduler-subject.js';

export const EQUAL: SchedulerEntryOptions = { priority: 8, weight: 1 };

/** A pipe for contract checks: a labelled object, compared by identity. */
export interface TestPipe {
  readonly label: string;
}

/** One scheduler check's world. */
export class SchedulerScope {
  constructor(
    readonly fixture: SchedulerFixture,
    readonly capabilities: SchedulerCapabilities,
    /** The worker's block counter, or why there is none. */
    readonly blocks: BlockCounter | string,
    readonly subject: string,
  ) {}

  /** A fresh scheduler for `direction`, checked to carry the contract's spec. */
  create<P = TestPipe>(direction: 'out' | 'in'): Scheduler<P> {
    const scheduler = this.fixture.factory<P>(direction);
    if (scheduler?.spec !== 'zmtp/scheduler@1') {
      throw new Error(`the factory returned a scheduler with spec "${String(scheduler?.spec)}"; expected zmtp/scheduler@1`);
    }
    return scheduler;
  }
}

/** Labelled pipes. */
export function pipes(...labels: string[]): TestPipe[] {
  return labels.map((label) => ({ label }));
}

/** Picks `count` times (next, then consumed), returning the labels picked. */
export function pick(scheduler: Scheduler<TestPipe>, count: number): string[] {
  const picked: string[] = [];
  for (let i = 0; i < count; i++) {
    const pipe = scheduler.next();
    if (!pipe) throw new Error(`next() returned nothing on pick ${i} with ${scheduler.activeCount} active pipe(s)`);
    picked.push(pipe.label);
    scheduler.consumed(pipe, 1);
  }
  return picked;
}
