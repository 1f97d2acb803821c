import type { Scheduler, SchedulerEntryOptions } from '@zmtp/core';

/** A naive scanner's record of one pipe. */
export interface ScanRecord<P> {
  pipe: P;
  priority: number;
  active: boolean;
}

/**
 * The obvious O(n) strict-priority round robin: every pick scans all pipes, starting
 * after the last one served, for the best active priority. The contrast for the
 * complexity test and the benchmark; same picks as the 'priority' scheduler while no
 * pipe is activated in the middle of a round.
 */
export class NaiveScanScheduler<P> implements Scheduler<P> {
  readonly spec = 'zmtp/scheduler@1' as const;
  private readonly records: ScanRecord<P>[] = [];
  private readonly index = new Map<P, number>();
  private cursor = -1;
  private active = 0;

  get activeCount(): number {
    return this.active;
  }

  add(pipe: P, options: SchedulerEntryOptions = { priority: 8, weight: 1 }): void {
    if (this.index.has(pipe)) return;
    this.index.set(pipe, this.records.length);
    this.records.push(this.createRecord({ pipe, priority: options.priority, active: false }));
  }

  remove(pipe: P): void {
    const at = this.index.get(pipe);
    if (at === undefined) return;
    if (this.records[at].active) this.active--;
    this.records.splice(at, 1);
    this.index.delete(pipe);
    for (let i = at; i < this.records.length; i++) this.index.set(this.records[i].pipe, i);
    if (this.cursor >= at) this.cursor--;
  }

  activate(pipe: P): void {
    const record = this.record(pipe);
    if (record === undefined || record.active) return;
    record.active = true;
    this.active++;
  }

  deactivate(pipe: P): void {
    const record = this.record(pipe);
    if (record === undefined || !record.active) return;
    record.active = false;
    this.active--;
  }

  next(): P | undefined {
    const at = this.pick();
    return at < 0 ? undefined : this.records[at].pipe;
  }

  consumed(pipe: P, _bytes: number): void {
    const at = this.index.get(pipe);
    if (at !== undefined) this.cursor = at;
  }

  protected createRecord(record: ScanRecord<P>): ScanRecord<P> {
    return record;
  }

  private record(pipe: P): ScanRecord<P> | undefined {
    const at = this.index.get(pipe);
    return at === undefined ? undefined : this.records[at];
  }

  private pick(): number {
    const n = this.records.length;
    let best = -1;
    let bestPriority = 17;
    for (let step = 1; step <= n; step++) {
      const at = (this.cursor + step) % n;
      const record = this.records[at];
      if (record.active && record.priority < bestPriority) {
        best = at;
        bestPriority = record.priority;
      }
    }
    return best;
  }
}
