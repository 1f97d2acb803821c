import type { Scheduler, SchedulerEntryOptions, SchedulerFactory } from '../contracts/scheduler.js';

/**
 * libzmq's lb_t / fq_t: strict per-message round robin over the active pipes.
 * Pipes live in one array whose first `activeCount` entries are active; activating
 * or deactivating swaps a pipe across that border, so every operation is O(1).
 */
export class RoundRobinScheduler<P> implements Scheduler<P> {
  readonly spec = 'zmtp/scheduler@1' as const;
  private readonly pipes: P[] = [];
  private readonly index = new Map<P, number>();
  private active = 0;
  private current = 0;

  get activeCount(): number {
    return this.active;
  }

  add(pipe: P, _options?: SchedulerEntryOptions): void {
    if (this.index.has(pipe)) return;
    this.index.set(pipe, this.pipes.length);
    this.pipes.push(pipe);
  }

  remove(pipe: P): void {
    const at = this.index.get(pipe);
    if (at === undefined) return;
    if (at < this.active) {
      this.deactivate(pipe);
    }
    const position = this.index.get(pipe)!;
    const last = this.pipes.length - 1;
    this.swap(position, last);
    this.pipes.pop();
    this.index.delete(pipe);
  }

  activate(pipe: P): void {
    const at = this.index.get(pipe);
    if (at === undefined || at < this.active) return;
    this.swap(at, this.active);
    this.active++;
  }

  deactivate(pipe: P): void {
    const at = this.index.get(pipe);
    if (at === undefined || at >= this.active) return;
    this.active--;
    this.swap(at, this.active);
    // The pick must hold until consumed: if it was the last active pipe it moved to `at`.
    if (this.current === this.active) this.current = at === this.active ? 0 : at;
  }

  next(): P | undefined {
    return this.active > 0 ? this.pipes[this.current] : undefined;
  }

  consumed(_pipe: P, _bytes: number): void {
    if (this.active > 0) this.current = (this.current + 1) % this.active;
  }

  private swap(a: number, b: number): void {
    if (a === b) return;
    const pa = this.pipes[a];
    const pb = this.pipes[b];
    this.pipes[a] = pb;
    this.pipes[b] = pa;
    this.index.set(pb, a);
    this.index.set(pa, b);
  }
}

export const roundRobin: SchedulerFactory = <P>() => new RoundRobinScheduler<P>();
