/**
 * The measuring window: traffic before `warmup` after the first observation is ignored,
 * then counts are taken over `duration`. The caller reads the clock only every few
 * messages and passes the time in, so ours and the baselines pay the same small cost.
 */
import type { Figures } from './side.js';

export class ThroughputWindow {
  private phase: 'idle' | 'warmup' | 'measuring' | 'done' = 'idle';
  private warmupEnd = 0;
  private startTime = 0;
  private endTime = 0;
  private startCount = 0;
  private startBytes = 0;
  private endCount = 0;
  private endBytes = 0;

  constructor(
    private readonly warmupMs: number,
    private readonly durationMs: number,
  ) {}

  /** Feeds the running totals; true once the window has closed. */
  tick(now: number, count: number, bytes: number): boolean {
    switch (this.phase) {
      case 'idle':
        this.phase = 'warmup';
        this.warmupEnd = now + this.warmupMs;
        return false;
      case 'warmup':
        if (now < this.warmupEnd) return false;
        this.phase = 'measuring';
        this.startTime = now;
        this.startCount = count;
        this.startBytes = bytes;
        return false;
      case 'measuring':
        if (now - this.startTime < this.durationMs) return false;
        this.phase = 'done';
        this.endTime = now;
        this.endCount = count;
        this.endBytes = bytes;
        return true;
      case 'done':
        return true;
    }
  }

  get measuring(): boolean {
    return this.phase === 'measuring';
  }

  figures(): Figures {
    const seconds = (this.endTime - this.startTime) / 1000;
    const messages = this.endCount - this.startCount;
    return {
      messages,
      seconds,
      msgsPerSec: seconds > 0 ? messages / seconds : 0,
      bytesPerSec: seconds > 0 ? (this.endBytes - this.startBytes) / seconds : 0,
    };
  }
}
