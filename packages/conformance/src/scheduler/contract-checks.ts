import { expect } from 'vitest';
import type { SchedulerCapabilities } from '../capabilities.js';
import type { Check } from '../check.js';
import { EQUAL, pick, pipes, type SchedulerScope, type TestPipe } from './scheduler-scope.js';
import type { Scheduler } from '@zmtp/core';

export type SchedulerCheck = Check<SchedulerCapabilities, SchedulerScope>;

const DIRECTIONS = ['out', 'in'] as const;

function expectState(scheduler: Scheduler<TestPipe>, active: string[], step: string): void {
  expect(scheduler.activeCount, `activeCount ${step}`).toBe(active.length);
  const next = scheduler.next();
  if (active.length === 0) {
    expect(next, `next() ${step}`).toBeUndefined();
    return;
  }
  if (!next || !active.includes(next.label)) {
    throw new Error(`next() ${step} returned ${next ? next.label : 'nothing'}; the active pipes are ${active.join(', ')}`);
  }
  expect(scheduler.next(), 'a second next() without consumed()').toBe(next);
}

/** Picks enough times that every active pipe at equal settings must have come up. */
function expectAllPicked(scheduler: Scheduler<TestPipe>, active: string[], step: string): void {
  const picked = new Set(pick(scheduler, active.length * 16));
  const missing = active.filter((label) => !picked.has(label));
  if (missing.length > 0) throw new Error(`${step}: ${missing.join(', ')} never picked in ${active.length * 16} picks at equal priority and weight`);
  const strangers = [...picked].filter((label) => !active.includes(label));
  if (strangers.length > 0) throw new Error(`${step}: picked ${strangers.join(', ')}, which are not active`);
}

export const contract: SchedulerCheck = {
  name: 'contract',
  title: 'add, activate, deactivate, remove, next and consumed behave as the contract says, in both directions',
  async run(scope) {
    for (const direction of DIRECTIONS) {
      const scheduler = scope.create(direction);
      const [a, b, c] = pipes('a', 'b', 'c');
      expectState(scheduler, [], `of a new ${direction} scheduler`);
      for (const pipe of [a, b, c]) scheduler.add(pipe, EQUAL);
      expectState(scheduler, [], 'after add() (pipes start inactive)');
      scheduler.activate(a);
      expectState(scheduler, ['a'], 'after activate(a)');
      scheduler.activate(a);
      expectState(scheduler, ['a'], 'after activate(a) twice');
      scheduler.activate(b);
      scheduler.activate(c);
      expectState(scheduler, ['a', 'b', 'c'], 'after activating all three');
      expectAllPicked(scheduler, ['a', 'b', 'c'], 'three active pipes');
      scheduler.deactivate(b);
      scheduler.deactivate(b);
      expectState(scheduler, ['a', 'c'], 'after deactivate(b) twice');
      expectAllPicked(scheduler, ['a', 'c'], 'after deactivate(b)');
      scheduler.remove(c);
      expectState(scheduler, ['a'], 'after remove(c) while active');
      scheduler.remove(b);
      expectState(scheduler, ['a'], 'after remove(b) while inactive');
      scheduler.remove({ label: 'never added' });
      expectState(scheduler, ['a'], 'after removing a pipe never added');
      scheduler.deactivate(a);
      expectState(scheduler, [], 'after deactivating the last pipe');
      scheduler.add(c, EQUAL);
      expectState(scheduler, [], 'after adding a removed pipe again');
      scheduler.activate(c);
      scheduler.activate(a);
      expectState(scheduler, ['a', 'c'], 'after activating a and the re-added c');
      expectAllPicked(scheduler, ['a', 'c'], 'a and the re-added c');
    }
  },
};

/** True when every window of `size` consecutive picks holds `size` different pipes. */
function strictRounds(picked: string[], size: number): boolean {
  for (let i = 0; i + size <= picked.length; i++) {
    if (new Set(picked.slice(i, i + size)).size !== size) return false;
  }
  return true;
}

export const roundRobin: SchedulerCheck = {
  name: 'round-robin',
  title: 'per-message round robin: every run of n picks over n active pipes holds each pipe once, through changes',
  skip: (caps) => (caps.roundRobin ? undefined : 'the scheduler does not claim round robin (capabilities.roundRobin is false)'),
  async run(scope) {
    for (const direction of DIRECTIONS) {
      const scheduler = scope.create(direction);
      const [a, b, c, d] = pipes('a', 'b', 'c', 'd');
      for (const pipe of [a, b, c, d]) scheduler.add(pipe, EQUAL);
      for (const pipe of [a, b, c]) scheduler.activate(pipe);
      const rounds = [pick(scheduler, 9)];
      scheduler.deactivate(b);
      rounds.push(pick(scheduler, 6));
      scheduler.activate(b);
      scheduler.activate(d);
      rounds.push(pick(scheduler, 12));
      scheduler.remove(a);
      rounds.push(pick(scheduler, 9));
      const sizes = [3, 2, 4, 3];
      rounds.forEach((picked, i) => {
        if (!strictRounds(picked, sizes[i])) {
          throw new Error(`${direction}: picks ${picked.join(' ')} over ${sizes[i]} active pipes are not strict round robin`);
        }
      });
    }
  },
};

export const priorities: SchedulerCheck = {
  name: 'priority',
  title: 'strict priority: a higher-priority active pipe always wins; lower ones serve only while it is inactive',
  skip: (caps) => (caps.priorities ? undefined : 'the scheduler does not claim priorities (capabilities.priorities is false)'),
  async run(scope) {
    for (const direction of DIRECTIONS) {
      const scheduler = scope.create(direction);
      const [high1, high2, low] = pipes('high1', 'high2', 'low');
      scheduler.add(low, { priority: 8, weight: 1 });
      scheduler.add(high1, { priority: 1, weight: 1 });
      scheduler.add(high2, { priority: 1, weight: 1 });
      scheduler.activate(low);
      scheduler.activate(high1);
      expect(new Set(pick(scheduler, 10)), `${direction}: priority 1 against priority 8`).toEqual(new Set(['high1']));
      scheduler.activate(high2);
      expect(new Set(pick(scheduler, 20)), `${direction}: two at priority 1`).toEqual(new Set(['high1', 'high2']));
      scheduler.deactivate(high1);
      scheduler.deactivate(high2);
      expect(new Set(pick(scheduler, 5)), `${direction}: only the low one active`).toEqual(new Set(['low']));
      scheduler.activate(high2);
      expect(new Set(pick(scheduler, 5)), `${direction}: the high one back`).toEqual(new Set(['high2']));
    }
  },
};
