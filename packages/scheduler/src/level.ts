import type { Entry } from './entry.js';

/**
 * The active pipes of one priority level, in round order, as dense parallel arrays
 * (libzmq's index-swapped array, extended for deficit round robin). A round walks the
 * arrays from slot 0 up, so picking reads memory in order however pipes came and went.
 *
 * Slots `[0, cursor)` had their turn this round, `cursor` is having it, and the rest
 * wait. New pipes join at the end, so they get their turn after every waiting pipe.
 * Removing a slot moves at most three others and keeps that split, so no pipe loses or
 * gains a turn in the round.
 */
export class Level<P> {
  /** Slots `[0, size)` are in use; later ones are spare capacity, kept to avoid regrowing. */
  readonly pipes: (P | undefined)[] = [];
  readonly entries: (Entry<P> | undefined)[] = [];
  /** Credit of each slot in cost units: positive while the turn may go on. */
  readonly deficit: number[] = [];
  readonly weight: number[] = [];
  size = 0;
  cursor = 0;

  /** Appends an active pipe; when it is the only one, its turn starts with `quantum`. */
  append(entry: Entry<P>, quantum: number): void {
    const slot = this.size++;
    entry.index = slot;
    if (slot === this.pipes.length) {
      this.pipes.push(entry.pipe);
      this.entries.push(entry);
      this.deficit.push(entry.carried);
      this.weight.push(entry.weight);
    } else {
      this.pipes[slot] = entry.pipe;
      this.entries[slot] = entry;
      this.deficit[slot] = entry.carried;
      this.weight[slot] = entry.weight;
    }
    if (slot === 0) {
      this.cursor = 0;
      this.deficit[0] += quantum * entry.weight;
    }
  }

  /**
   * Charges `cost` to the slot of `entry`. When the current turn's credit runs out the
   * turn passes to the next slot (a new round after the last), which gets `quantum × weight`.
   */
  charge(slot: number, cost: number, quantum: number): void {
    const credit = (this.deficit[slot] -= cost);
    if (credit > 0 || slot !== this.cursor) return;
    let next = slot + 1;
    if (next === this.size) next = 0;
    this.cursor = next;
    this.deficit[next] += quantum * this.weight[next];
  }

  /** Takes an entry out, keeping its debt (not its credit) in `entry.carried`. */
  remove(entry: Entry<P>, quantum: number): void {
    const slot = entry.index;
    const credit = this.deficit[slot];
    entry.carried = credit < 0 ? credit : 0;
    entry.index = -1;
    const last = this.size - 1;
    const cursor = this.cursor;
    if (slot > cursor) {
      // A waiting pipe: the last one (also waiting) takes its slot.
      this.move(last, slot);
    } else if (slot === cursor) {
      // The current pipe: a waiting one takes over, or a new round starts.
      this.move(last, slot);
      if (slot === last) this.cursor = 0;
      if (last > 0) this.deficit[this.cursor] += quantum * this.weight[this.cursor];
    } else {
      // A pipe that had its turn: shift the served/current split down by one slot.
      this.move(cursor - 1, slot);
      this.move(cursor, cursor - 1);
      this.move(last, cursor);
      this.cursor = cursor - 1;
    }
    // Drop the references so a removed pipe can be collected.
    this.pipes[last] = undefined;
    this.entries[last] = undefined;
    this.size = last;
  }

  private move(from: number, to: number): void {
    if (from === to) return;
    const entry = this.entries[from]!;
    entry.index = to;
    this.entries[to] = entry;
    this.pipes[to] = this.pipes[from];
    this.deficit[to] = this.deficit[from];
    this.weight[to] = this.weight[from];
  }
}
