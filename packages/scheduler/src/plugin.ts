import { InvalidArgumentError, type Plugin, type SchedulerFactory } from '@zmtp/core';
import { DeficitScheduler } from './deficit-scheduler.js';
import { quantumFrom, type DeficitSchedulerOptions, type SchedulerPluginOptions } from './options.js';

/** The scheduler names the plugin installs, for a socket's `scheduler` option. */
export type SchedulerName =
  | 'priority'
  | 'weighted'
  | 'weighted-count'
  | 'priority-weighted'
  | 'priority-weighted-count';

/** What each name means. */
const kinds: Record<SchedulerName, Omit<DeficitSchedulerOptions, 'quantum'>> = {
  /** Strict priority, per-message round robin within a priority (nanomsg NN_SNDPRIO/NN_RCVPRIO). */
  priority: { priorities: true, weights: false, unit: 'messages' },
  /** Byte-fair deficit round robin by weight; priorities ignored. */
  weighted: { priorities: false, weights: true, unit: 'bytes' },
  /** `weight` whole messages per turn; priorities ignored. */
  'weighted-count': { priorities: false, weights: true, unit: 'messages' },
  /** Strict priority, byte-fair weighted within a priority. */
  'priority-weighted': { priorities: true, weights: true, unit: 'bytes' },
  /** Strict priority, message-count weighted within a priority. */
  'priority-weighted-count': { priorities: true, weights: true, unit: 'messages' },
};

export const schedulerNames: readonly SchedulerName[] = Object.freeze(Object.keys(kinds) as SchedulerName[]);

/** A factory for one named scheduler, for direct use or a custom plugin. */
export function schedulerFactory(name: SchedulerName, options?: SchedulerPluginOptions): SchedulerFactory {
  if (typeof name !== 'string' || !Object.hasOwn(kinds, name)) {
    throw new InvalidArgumentError(`Unknown scheduler name "${String(name)}"; use one of: ${schedulerNames.join(', ')}`);
  }
  const settings: DeficitSchedulerOptions = { ...kinds[name], quantum: quantumFrom(options) };
  return <P>() => new DeficitScheduler<P>(settings);
}

/**
 * The plugin: `context.use(scheduler())`, then pick a scheduler per socket with
 * `new Push({ scheduler: 'priority' })` and set each endpoint's priority and weight with
 * `connect(address, { priority, weight })` or `bind(address, { priority, weight })`.
 */
export function scheduler(options?: SchedulerPluginOptions): Plugin {
  const quantum = quantumFrom(options);
  const schedulers: Record<string, SchedulerFactory> = {};
  for (const name of schedulerNames) schedulers[name] = schedulerFactory(name, { quantum });
  return { spec: 'zmtp/plugin@1', name: '@zmtp/scheduler', schedulers };
}
