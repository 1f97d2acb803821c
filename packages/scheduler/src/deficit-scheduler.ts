import type { Scheduler, SchedulerEntryOptions } from '@zmtp/core';
import { Entry } from './entry.js';
import { Level } from './level.js';
import { defaultEntryOptions, entryFrom, type DeficitSchedulerOptions } from './options.js';

/** The level every pipe shares when priorities are ignored (nanomsg's default, 8). */
const sharedLevel = defaultEntryOptions.priority - 1;

/**
 * Strict priority over 16 levels with deficit round robin inside each level.
 *
 * - A 16-bit mask has a bit set for each level with an active pipe; the highest
 *   priority is its lowest set bit, found with `Math.clz32`, so no level is scanned.
 * - Each level keeps its active pipes in dense arrays in round order (see `Level`).
 * - A turn adds `quantum × weight` to the pipe's deficit, and each message it carries
 *   subtracts its cost (bytes, or 1 per message). The turn ends when the deficit is no
 *   longer positive. The cost is known only after the message went through (core picks
 *   first, then writes or reads), so a turn may overdraw by less than one message; the
 *   debt is repaid from the next quantum. Because the quantum is at least the largest
 *   cost seen, every turn starts with positive credit, so a pick never skips a pipe.
 *
 * Every operation touches a fixed number of slots. Finding a pipe's record uses a Map
 * (hashing, O(1) expected); `next()`, and `consumed()` for the pipe `next()` returned,
 * do not hash at all. Arrays and the Map grow by doubling (amortized O(1)).
 */
export class DeficitScheduler<P> implements Scheduler<P> {
  readonly spec = 'zmtp/scheduler@1' as const;
  private readonly entries = new Map<P, Entry<P>>();
  /** Made on first use: a socket with one priority has one level. */
  private readonly levels: (Level<P> | undefined)[] = Array.from({ length: 16 }, () => undefined);
  /** Bit `l` set: level `l` has an active pipe. */
  private mask = 0;
  /** The highest level with an active pipe (from `mask`), kept for `next()` and `consumed()`. */
  private top: Level<P> | undefined;
  private active = 0;
  private quantum: number;
  private readonly bytes: boolean;

  constructor(private readonly options: DeficitSchedulerOptions) {
    this.bytes = options.unit === 'bytes';
    this.quantum = this.bytes ? options.quantum : 1;
  }

  get activeCount(): number {
    return this.active;
  }

  /** The current quantum per unit of weight: bytes, or 1 message. */
  get currentQuantum(): number {
    return this.quantum;
  }

  add(pipe: P, options: SchedulerEntryOptions = defaultEntryOptions): void {
    if (this.entries.has(pipe)) return;
    const { level, weight } = entryFrom(options);
    this.entries.set(
      pipe,
      this.createEntry(pipe, this.options.priorities ? level : sharedLevel, this.options.weights ? weight : 1),
    );
  }

  remove(pipe: P): void {
    const entry = this.entries.get(pipe);
    if (entry === undefined) return;
    if (entry.index >= 0) this.leave(entry);
    this.entries.delete(pipe);
  }

  activate(pipe: P): void {
    const entry = this.entries.get(pipe);
    if (entry === undefined || entry.index >= 0) return;
    this.active++;
    (this.levels[entry.level] ??= this.createLevel()).append(entry, this.quantum);
    const bit = 1 << entry.level;
    if ((this.mask & bit) === 0) this.setMask(this.mask | bit);
  }

  deactivate(pipe: P): void {
    const entry = this.entries.get(pipe);
    if (entry !== undefined && entry.index >= 0) this.leave(entry);
  }

  next(): P | undefined {
    const level = this.top;
    return level === undefined ? undefined : (level.pipes[level.cursor] as P);
  }

  consumed(pipe: P, bytes: number): void {
    let cost = 1;
    if (this.bytes) {
      // An empty message costs 1, so a pipe of empty messages cannot hold its turn forever.
      if (bytes > 1) cost = bytes;
      if (cost > this.quantum) this.quantum = cost;
    }
    const level = this.top;
    if (level !== undefined && level.pipes[level.cursor] === pipe) {
      level.charge(level.cursor, cost, this.quantum);
      return;
    }
    // Not the pick of next(): only a caller outside core does this.
    const entry = this.entries.get(pipe);
    if (entry !== undefined && entry.index >= 0) this.levels[entry.level]!.charge(entry.index, cost, this.quantum);
  }

  /** Makes a pipe's record; the complexity tests override it to count touches. */
  protected createEntry(pipe: P, level: number, weight: number): Entry<P> {
    return new Entry(pipe, level, weight);
  }

  /** Makes a level; the complexity tests override it to count touches. */
  protected createLevel(): Level<P> {
    return new Level<P>();
  }

  private leave(entry: Entry<P>): void {
    this.active--;
    const level = this.levels[entry.level]!;
    level.remove(entry, this.quantum);
    if (level.size === 0) this.setMask(this.mask & ~(1 << entry.level));
  }

  private setMask(mask: number): void {
    this.mask = mask;
    // The lowest set bit is the highest priority: 31 - clz32 of that bit alone.
    this.top = mask === 0 ? undefined : this.levels[31 - Math.clz32(mask & -mask)];
  }
}
