import { within } from './waits.js';

/** Lets several waiters sleep until a predicate holds; the owner calls `changed()` after each update. */
export class Condition {
  private readonly waiters = new Set<() => void>();

  changed(): void {
    for (const check of [...this.waiters]) check();
  }

  async until(predicate: () => boolean, what: string, ms?: number): Promise<void> {
    let check: (() => void) | undefined;
    const reached = new Promise<void>((resolve) => {
      check = () => {
        if (predicate()) resolve();
      };
      this.waiters.add(check);
      check();
    });
    try {
      await within(reached, what, ms);
    } finally {
      if (check) this.waiters.delete(check);
    }
  }
}
