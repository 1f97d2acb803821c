import type { SchedulerCapabilities } from '../capabilities.js';
import { registerChecks, type Check } from '../check.js';
import { DEFAULT_TIMEOUT_MS } from '../subject.js';
import { atomicMultipart } from './atomic-check.js';
import { acquireBlockCounter } from './block-counter.js';
import { constantWork } from './constant-work-check.js';
import { contract, priorities, roundRobin } from './contract-checks.js';
import { SchedulerScope } from './scheduler-scope.js';
import type { SchedulerSubject } from './scheduler-subject.js';

/** Every scheduler check, in the order they run: the O(1) check first, before the others run the scheduler's code. */
export const schedulerChecks: readonly Check<SchedulerCapabilities, SchedulerScope>[] = [
  constantWork,
  contract,
  roundRobin,
  priorities,
  atomicMultipart,
];

// The suite's own files, which block counting leaves out.
const ownFiles = new URL('../', import.meta.url).href;

/**
 * Registers the scheduler suite for `subject` with vitest: the contract's
 * operations, round robin and priority where claimed, atomic multipart, and
 * constant work per operation, counted rather than timed.
 *
 * Block counting starts here, at registration, because V8 counts blocks only in
 * code compiled after it starts: call this before anything runs the scheduler.
 */
export function schedulerSuite(subject: SchedulerSubject): void {
  const blocks = acquireBlockCounter(ownFiles);
  registerChecks({
    suite: 'scheduler',
    subject: subject.name,
    capabilities: subject.capabilities,
    checks: schedulerChecks,
    timeoutMs: subject.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    open: async () => new SchedulerScope(await subject.setup(), subject.capabilities, blocks.counter, subject.name),
    close: async (scope) => {
      await subject.teardown?.(scope.fixture);
    },
    finish: () => blocks.release(),
  });
}
