/**
 * O(1) by counting work, not time: every record the scheduler keeps per pipe, every
 * level and every array slot of a level is behind a Proxy that counts each read and
 * write. An operation that scanned pipes or levels would touch more as pipes are added. The same meter on a
 * naive O(n) scanner shows the count growing, so the check can fail.
 */
import type { Scheduler } from '@zmtp/core';
import { DeficitScheduler, type DeficitSchedulerOptions, type Entry, type Level } from '@zmtp/scheduler';
import { describe, expect, it } from 'vitest';
// The benchmark's O(n) contrast scheduler: the same meter must see its work grow.
import { NaiveScanScheduler, type ScanRecord } from '../../bench/src/scheduler/naive-scan.js';

interface Meter {
  touches: number;
}

function metered<T extends object>(target: T, meter: Meter): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      meter.touches++;
      return Reflect.get(object, key, receiver);
    },
    set(object, key, value, receiver) {
      meter.touches++;
      return Reflect.set(object, key, value, receiver);
    },
  });
}

/** A DeficitScheduler whose records and level arrays count every touch into `meter`. */
function meteredDeficit(options: DeficitSchedulerOptions, meter: Meter): Metered {
  class Counting extends DeficitScheduler<number> {
    readonly meter = meter;
    protected override createEntry(pipe: number, level: number, weight: number): Entry<number> {
      return metered(super.createEntry(pipe, level, weight), meter);
    }
    protected override createLevel(): Level<number> {
      const level = super.createLevel();
      const fields = level as unknown as Record<string, object>;
      for (const key of ['pipes', 'entries', 'deficit', 'weight']) fields[key] = metered(fields[key], meter);
      return metered(level, meter);
    }
  }
  return new Counting(options);
}

class MeteredScan extends NaiveScanScheduler<number> {
  constructor(readonly meter: Meter) {
    super();
  }
  protected override createRecord(record: ScanRecord<number>): ScanRecord<number> {
    return metered(record, this.meter);
  }
}

type Metered = Scheduler<number> & { meter: Meter };

/**
 * Most touches any single operation needs with `n` pipes: all at priority 16 except
 * pipe 0 at priority 1 and pipe 1 at priority 8, which come and go so that picks
 * cross levels; pipes anywhere in the round, and the current one, leave and come back.
 */
function worstTouches(make: () => Metered, n: number): Record<string, number> {
  const s = make();
  for (let pipe = 0; pipe < n; pipe++) {
    s.add(pipe, { priority: pipe === 0 ? 1 : pipe === 1 ? 8 : 16, weight: 1 + (pipe % 4) });
    if (pipe > 1) s.activate(pipe);
  }
  const worst: Record<string, number> = {};
  const measure = (name: string, operation: () => void) => {
    const before = s.meter.touches;
    operation();
    worst[name] = Math.max(worst[name] ?? 0, s.meter.touches - before);
  };
  const pick = () => {
    const pipe = s.next()!;
    s.consumed(pipe, 100 + (pipe % 1000));
  };
  for (let i = 0; i < 200; i++) {
    measure('pick', pick);
    measure('activate higher', () => s.activate(0));
    measure('pick', pick);
    measure('activate middle', () => s.activate(1));
    measure('deactivate highest', () => s.deactivate(0));
    measure('pick', pick);
    measure('deactivate middle', () => s.deactivate(1));
    measure('pick', pick);
    const victim = 2 + ((i * 7919) % (n - 2));
    measure('remove', () => s.remove(victim));
    measure('add', () => s.add(victim, { priority: 16, weight: 2 }));
    measure('activate', () => s.activate(victim));
    const current = s.next()!;
    measure('deactivate current', () => s.deactivate(current));
    measure('activate', () => s.activate(current));
  }
  return worst;
}

const sizes = [10, 1000, 100_000];
const CEILING = 64;

describe('work per operation', () => {
  for (const unit of ['messages', 'bytes'] as const) {
    it(`does not grow with the number of pipes (${unit})`, () => {
      const options: DeficitSchedulerOptions = { priorities: true, weights: true, unit, quantum: 512 };
      const results = sizes.map((n) => worstTouches(() => meteredDeficit(options, { touches: 0 }), n));
      // The ceiling is fixed whatever the number of pipes: the costliest operation,
      // removing a pipe that already had its turn, moves three slots of four arrays.
      for (const [i, result] of results.entries()) {
        for (const [operation, touches] of Object.entries(result)) {
          expect(touches, `${operation} with ${sizes[i]} pipes`).toBeLessThanOrEqual(CEILING);
        }
      }
      expect(results[2]).toEqual(results[1]);
    });
  }

  it('the meter catches an O(n) scan', () => {
    const [small, large] = [10, 2000].map((n) => worstTouches(() => new MeteredScan({ touches: 0 }), n));
    expect(large.pick).toBeGreaterThan(100 * small.pick);
  });
});
