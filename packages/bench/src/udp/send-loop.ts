/**
 * The sender's loop, the same for every implementation: as fast as the sender takes
 * messages ("flood"), or at a fixed offered rate. Either way it yields to the event loop
 * often, so that a receiver, a relay or the sender's own I/O in the same process get
 * their turn, as they would in a real application.
 */
import { InvalidArgumentError } from '@zmtp/core';

/** Messages per second, or as fast as the sender takes them. */
export type OfferedRate = number | 'flood';

/** Messages sent in one turn of the event loop when flooding. */
const FLOOD_BATCH = 64;
/** At most this many messages in one turn when a paced sender is behind, so the clock is read often. */
const MAX_BURST = 1024;

export interface LoopResult {
  readonly sent: number;
  readonly seconds: number;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends until `done(elapsedSeconds)` says so. A paced sender keeps a token bucket on the
 * monotonic clock: each turn it sends what is due by now (a sender that cannot keep up
 * sends less, and the figure shows it).
 */
export async function sendLoop(
  send: () => Promise<void> | void,
  rate: OfferedRate,
  done: (elapsedSeconds: number) => boolean,
): Promise<LoopResult> {
  const start = performance.now();
  let sent = 0;
  for (;;) {
    const elapsed = (performance.now() - start) / 1000;
    if (done(elapsed)) return { sent, seconds: elapsed };
    const due = rate === 'flood' ? FLOOD_BATCH : Math.min(MAX_BURST, Math.floor(elapsed * rate) - sent);
    for (let i = 0; i < due; i++) {
      await send();
      sent++;
    }
    if (due > 0) await nextTurn();
    else await sleep(1);
  }
}

/** "flood", or a rate such as 10k or 250000. */
export function parseOfferedRate(text: string, flag: string): OfferedRate {
  if (text === 'flood') return 'flood';
  const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim());
  const value = match ? Number(match[1]) * ({ '': 1, k: 1e3, m: 1e6 }[match[2].toLowerCase()] ?? NaN) : NaN;
  if (!(value >= 1 && value <= 1e8)) {
    throw new InvalidArgumentError(`${flag}: "${text}" is not a rate; write messages per second like 10k, 250000 or 1M, or "flood"`);
  }
  return Math.round(value);
}

/** "flood" or "50k/s". */
export function formatOfferedRate(rate: OfferedRate): string {
  if (rate === 'flood') return 'flood';
  return rate >= 1e6 ? `${rate / 1e6}M/s` : rate >= 1e3 ? `${rate / 1e3}k/s` : `${rate}/s`;
}
