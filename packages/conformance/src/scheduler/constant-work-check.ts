import type { Scheduler, SchedulerEntryOptions } from '@zmtp/core';
import type { SchedulerCheck } from './contract-checks.js';
import type { SchedulerScope } from './scheduler-scope.js';
import { WorkMeter } from './work-meter.js';

const SMALL = 16;
const LARGE = 4096;
const OPERATIONS = 512;
const WARM_UP = 2 * LARGE;

type Settings = (i: number) => SchedulerEntryOptions;
const equal: Settings = () => ({ priority: 8, weight: 1 });
const mixed: Settings = (i) => ({ priority: 1 + (i % 16), weight: 1 + (i % 3) });

const OPERATION_NAMES = ['pick', 'toggle', 'churn'] as const;
type Costs = Record<(typeof OPERATION_NAMES)[number], number>;

/**
 * Work per operation with `size` active pipes: a pick (next, then consumed),
 * deactivating and activating one pipe, removing one and adding another.
 */
function costs(scope: SchedulerScope, meter: WorkMeter, size: number, settings: Settings): { costs: Costs; blocks: number } {
  const scheduler: Scheduler<object> = scope.create<object>('out');
  const pipes: object[] = [];
  for (let i = 0; i < size; i++) {
    const pipe = meter.pipes.make();
    pipes.push(pipe);
    scheduler.add(pipe, settings(i));
    scheduler.activate(pipe);
  }
  // The same warm-up at every size, so the optimizer treats both alike.
  for (let i = 0; i < WARM_UP; i++) scheduler.consumed(scheduler.next()!, 64);
  let blocks = 0;
  const per = (body: () => void): number => {
    const reading = meter.measure(body);
    blocks += reading.blocks;
    return reading.work / OPERATIONS;
  };
  const pick = per(() => {
    for (let i = 0; i < OPERATIONS; i++) scheduler.consumed(scheduler.next()!, 64);
  });
  const toggle = per(() => {
    for (let i = 0; i < OPERATIONS; i++) {
      const pipe = pipes[(i * 7919) % size];
      scheduler.deactivate(pipe);
      scheduler.activate(pipe);
    }
  });
  const fresh: object[] = [];
  for (let i = 0; i < OPERATIONS; i++) fresh.push(meter.pipes.make());
  const churn = per(() => {
    for (let i = 0; i < OPERATIONS; i++) {
      const at = (i * 7919) % size;
      scheduler.remove(pipes[at]);
      pipes[at] = fresh[i];
      scheduler.add(fresh[i], settings(at));
      scheduler.activate(fresh[i]);
    }
  });
  return { costs: { pick, toggle, churn }, blocks };
}

const format = (value: number): string => value.toFixed(1);

export const constantWork: SchedulerCheck = {
  name: 'constant-work',
  title: `O(1): the work per pick, activation and removal does not grow from ${SMALL} to ${LARGE} pipes (counted, not timed)`,
  async run(scope, note) {
    const meter = new WorkMeter(typeof scope.blocks === 'string' ? undefined : scope.blocks);
    const failures: string[] = [];
    const figures: string[] = [];
    let blocks = 0;
    for (const [label, settings] of [['equal settings', equal], ['mixed priorities and weights', mixed]] as const) {
      const small = costs(scope, meter, SMALL, settings);
      const large = costs(scope, meter, LARGE, settings);
      blocks += small.blocks + large.blocks;
      for (const op of OPERATION_NAMES) {
        figures.push(`${label}, ${op}: ${format(small.costs[op])} at ${SMALL} pipes, ${format(large.costs[op])} at ${LARGE}`);
        // Constant work may still vary a little (hash maps, lazy clean-up); linear work grows 256 times.
        if (large.costs[op] > 2 * small.costs[op] + 8) {
          failures.push(`${op} with ${label}: ${format(large.costs[op])} work units per operation at ${LARGE} pipes, against ${format(small.costs[op])} at ${SMALL}`);
        }
      }
    }
    if (typeof scope.blocks === 'string') note(`V8 block counting unavailable (${scope.blocks}); counted collection work and pipe accesses only`);
    else if (blocks === 0) note('V8 counted no blocks of the scheduler (its code was compiled before counting began); counted collection work and pipe accesses only');
    note(`work units per operation: ${figures.join('; ')}`);
    if (failures.length > 0) throw new Error(`work grows with the number of pipes: ${failures.join('; ')}`);
  },
};
