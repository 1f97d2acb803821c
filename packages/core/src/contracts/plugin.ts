import type { Mechanism } from './mechanism.js';
import type { SchedulerFactory } from './scheduler.js';
import type { Transport } from './transport.js';

/** What `context.use()` installs: any mix of transports, mechanisms and schedulers. */
export interface Plugin {
  readonly spec?: 'zmtp/plugin@1';
  readonly name: string;
  readonly transports?: readonly Transport[];
  readonly mechanisms?: readonly Mechanism[];
  /** Schedulers by name, chosen with a socket's `scheduler` option. */
  readonly schedulers?: Readonly<Record<string, SchedulerFactory>>;
}
