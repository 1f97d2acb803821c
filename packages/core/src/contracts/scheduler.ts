/**
 * Chooses the next pipe for outbound load balancing (Push, Dealer, Request) or
 * inbound fair queueing (Pull, Dealer, Router, Reply, Subscriber). Every
 * operation should be O(1). Core's default is libzmq's strict per-message
 * round robin.
 */
export interface SchedulerEntryOptions {
  /** 1 (highest) to 16 (lowest); default 8. */
  readonly priority: number;
  /** Relative share; default 1. */
  readonly weight: number;
}

export interface Scheduler<P> {
  readonly spec: 'zmtp/scheduler@1';
  /** Adds a pipe, initially inactive. */
  add(pipe: P, options: SchedulerEntryOptions): void;
  /** Removes a pipe, active or not. */
  remove(pipe: P): void;
  /** The pipe can be picked (it became writable for lb, readable for fq). */
  activate(pipe: P): void;
  /** The pipe cannot be picked until activated again. */
  deactivate(pipe: P): void;
  /** The pipe to use now, without consuming the turn; undefined when none is active. */
  next(): P | undefined;
  /** A whole message of `bytes` bytes went through `pipe` (the pick of `next()`): advance. */
  consumed(pipe: P, bytes: number): void;
  /** Number of active pipes. */
  readonly activeCount: number;
}

/** `direction` tells outbound load balancing from inbound fair queueing. */
export type SchedulerFactory = <P>(direction: 'out' | 'in') => Scheduler<P>;
