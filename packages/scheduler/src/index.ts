/**
 * @zmtp/scheduler: O(1) strict-priority and weighted schedulers for @zmtp/core's load
 * balancing (Push, Dealer, Request) and fair queueing (Pull, Dealer, Router, Reply,
 * Subscriber). Install with `context.use(scheduler())`.
 */
export { scheduler, schedulerFactory, schedulerNames, type SchedulerName } from './plugin.js';
export { DeficitScheduler } from './deficit-scheduler.js';
export type { Entry } from './entry.js';
export type { Level } from './level.js';
export { defaultQuantum, type DeficitSchedulerOptions, type SchedulerPluginOptions } from './options.js';
