import type { SchedulerFactory } from '@zmtp/core';
import type { SchedulerCapabilities } from '../capabilities.js';

/** What the scheduler subject's `setup()` returns for one check. */
export interface SchedulerFixture {
  /** The factory, as the plugin installs it under `schedulers`. */
  readonly factory: SchedulerFactory;
}

/** A scheduler as the scheduler suite takes it. */
export interface SchedulerSubject {
  /** Shown in test names and the report (`round-robin`, `priority`). */
  readonly name: string;
  readonly capabilities: SchedulerCapabilities;
  /** Runs before every check. */
  setup(): SchedulerFixture | Promise<SchedulerFixture>;
  /** Runs after every check. */
  teardown?(fixture: SchedulerFixture): void | Promise<void>;
  /** Time limit per check in ms (default 20 000). */
  readonly timeoutMs?: number;
}
