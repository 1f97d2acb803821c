/** The progress line: rewritten in place on a terminal, a line every few seconds otherwise. */
import { formatSeconds } from './units.js';

export class Progress {
  private readonly started = performance.now();
  private lastPrint = 0;
  private done = 0;
  private shown = false;

  constructor(
    private readonly total: number,
    private readonly estimatedSeconds: number,
    private readonly enabled: boolean,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  /** Before each run: what runs now. */
  update(what: string): void {
    if (!this.enabled) return;
    const now = performance.now();
    const elapsed = (now - this.started) / 1000;
    const fraction = this.done / this.total;
    const eta = this.done > 0 ? (elapsed / fraction) * (1 - fraction) : this.estimatedSeconds;
    const line = `[${this.done + 1}/${this.total}] ${what} · ${formatSeconds(elapsed)} elapsed, about ${formatSeconds(eta)} left`;
    if (this.stream.isTTY) {
      this.stream.write(`\r\x1b[2K${line.slice(0, (this.stream.columns || 120) - 1)}`);
      this.shown = true;
    } else if (now - this.lastPrint >= 5000 || this.done === 0) {
      this.stream.write(`${line}\n`);
      this.lastPrint = now;
    }
  }

  /** After each run. */
  step(): void {
    this.done++;
  }

  /** Clears the terminal line before the tables print. */
  finish(): void {
    if (this.enabled && this.shown && this.stream.isTTY) this.stream.write('\r\x1b[2K');
  }
}
