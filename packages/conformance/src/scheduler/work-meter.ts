import type { BlockCounter } from './block-counter.js';
import { CountingPipes, countCollectionWork } from './collection-counter.js';

export interface WorkReading {
  /** Work units: collection elements walked, pipe accesses and JavaScript blocks executed. */
  readonly work: number;
  /** The JavaScript blocks among them (0 when V8 did not count the scheduler's code). */
  readonly blocks: number;
}

/**
 * Counts the work a scheduler does, never the time it takes: elements walked by
 * built-in collection methods, every access to a pipe, and every JavaScript
 * block V8 counted (block counts exist only for code compiled after counting
 * began; a small function inlined by the optimizer adds none, its loops still do).
 */
export class WorkMeter {
  readonly pipes = new CountingPipes();

  constructor(private readonly blocks: BlockCounter | undefined) {}

  /** Runs `body` (synchronous) and counts its work. */
  measure(body: () => void): WorkReading {
    this.blocks?.take();
    const touched = this.pipes.touches;
    const walked = countCollectionWork(body);
    const blocks = this.blocks?.take().blocks ?? 0;
    return { work: walked + (this.pipes.touches - touched) + blocks, blocks };
  }
}
