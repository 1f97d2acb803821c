/**
 * The dense round of one level against a model of deficit round robin: the pipes that
 * had their turn this round, the one having it, and those waiting. Whatever sequence of
 * joins, leaves and turns, each pipe gets exactly one turn per round.
 */
import { describe, expect, it } from 'vitest';
import { Entry } from '../src/entry.js';
import { Level } from '../src/level.js';
import { randomInts } from './support/drive.js';

class Model {
  served = new Set<number>();
  current: number | undefined;
  waiting = new Set<number>();
  turns = new Map<number, number>();

  /** The real level chose `pipe` as the next turn: it must be waiting, or start a new round. */
  startTurn(pipe: number | undefined): void {
    if (pipe === undefined) {
      expect(this.waiting.size + this.served.size).toBe(0);
      this.current = undefined;
      return;
    }
    if (this.waiting.size === 0) {
      expect(this.served.has(pipe), `${pipe} starts a new round`).toBe(true);
      this.waiting = this.served;
      this.served = new Set();
    }
    expect(this.waiting.has(pipe), `${pipe} was waiting for its turn`).toBe(true);
    this.waiting.delete(pipe);
    this.current = pipe;
    this.turns.set(pipe, (this.turns.get(pipe) ?? 0) + 1);
  }
}

function check(level: Level<number>, model: Model): void {
  const { pipes, entries, cursor } = level;
  expect(pipes.slice(level.size).every((pipe) => pipe === undefined)).toBe(true);
  for (let slot = 0; slot < level.size; slot++) {
    const entry = entries[slot]!;
    expect(entry.index).toBe(slot);
    expect(pipes[slot]).toBe(entry.pipe);
    expect(level.weight[slot]).toBe(entry.weight);
  }
  expect(new Set(pipes.slice(0, cursor))).toEqual(model.served);
  expect(pipes[cursor]).toBe(model.current);
  expect(new Set(pipes.slice(cursor + 1, level.size))).toEqual(model.waiting);
}

describe('Level', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`keeps one turn per pipe per round through random churn (seed ${seed})`, () => {
      const random = randomInts(seed, 0, 1_000_000);
      const level = new Level<number>();
      const model = new Model();
      const entries = Array.from({ length: 12 }, (_, pipe) => new Entry(pipe, 0, 1 + (pipe % 3)));
      for (let step = 0; step < 2000; step++) {
        const entry = entries[random() % entries.length];
        const op = random() % 10;
        if (entry.index < 0 && op < 3) {
          level.append(entry, 1);
          model.waiting.add(entry.pipe);
          if (model.current === undefined) model.startTurn(entry.pipe);
        } else if (entry.index >= 0 && op < 5) {
          const wasCurrent = model.current === entry.pipe;
          level.remove(entry, 1);
          model.served.delete(entry.pipe);
          model.waiting.delete(entry.pipe);
          if (wasCurrent) model.startTurn(level.pipes[level.cursor]);
        } else if (level.size > 0) {
          const current = level.pipes[level.cursor]!;
          const endsTurn = level.deficit[level.cursor] - 1 <= 0;
          level.charge(level.cursor, 1, 1);
          if (endsTurn) {
            model.served.add(current);
            model.startTurn(level.pipes[level.cursor]);
          }
        }
        check(level, model);
      }
      expect([...model.turns.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(200);
    });
  }
});
