import { InvalidArgumentError } from '@zmtp/core';
import { randomSeed } from './prng.js';
import { parseBytes, parseMillis, parseProbability, parseRate } from './units.js';

/** What one direction of an emulated path does to packets, as the caller writes it. */
export interface ImpairmentOptions {
  /** One-way delay in ms. Default 0. */
  delay?: number;
  /** Uniform jitter in ms: each delay is drawn from [delay - jitter, delay + jitter]. Default 0. */
  jitter?: number;
  /** Probability a packet is dropped at random: 0.01 or '1%'. Default 0. */
  loss?: number | string;
  /** Probability a packet is sent twice. Default 0. */
  duplicate?: number | string;
  /** Probability a packet is held back by `reorderDelay`, so later packets overtake it. Default 0. */
  reorder?: number | string;
  /** Extra hold in ms for a reordered packet. Default 10. */
  reorderDelay?: number;
  /** Bottleneck rate: '100mbit' or bits per second; 0 = unlimited. Default 0. */
  rate?: number | string;
  /** Bottleneck queue limit in bytes (drop-tail): '256kb' or a number. Default: one bandwidth-delay product, at least 64 KiB. */
  queue?: number | string;
  /** Safety cap in bytes on packets held in the delay line; beyond it packets are dropped. Default 64 MiB. */
  holdLimit?: number | string;
}

/** Normalised settings of one direction (ms, probabilities, bit/s, bytes). */
export interface Impairment {
  delay: number;
  jitter: number;
  loss: number;
  duplicate: number;
  reorder: number;
  reorderDelay: number;
  rate: number;
  queue: number;
  holdLimit: number;
}

/** Both directions: shared settings, with per-direction overrides. */
export interface DuplexImpairmentOptions extends ImpairmentOptions {
  /** Round-trip delay in ms, split evenly: the same as `delay: rtt / 2`. */
  rtt?: number;
  /** Overrides for the forward direction (relay: client to target; link: A to B). */
  forward?: ImpairmentOptions;
  /** Overrides for the reverse direction (relay: target to client; link: B to A). */
  reverse?: ImpairmentOptions;
  /** Seed of every random decision; a random one is picked (and reported) when absent. */
  seed?: number;
}

export interface DuplexImpairment {
  forward: Impairment;
  reverse: Impairment;
  seed: number;
}

export const MIN_DEFAULT_QUEUE = 64 * 1024;
const DEFAULT_REORDER_DELAY = 10;
const DEFAULT_HOLD_LIMIT = 64 * 1024 * 1024;
const KEYS: ReadonlyArray<keyof ImpairmentOptions> = [
  'delay',
  'jitter',
  'loss',
  'duplicate',
  'reorder',
  'reorderDelay',
  'rate',
  'queue',
  'holdLimit',
];

/** Merges per-key: later sources win where they set a key. */
function merge(...sources: Array<ImpairmentOptions | undefined>): ImpairmentOptions {
  const out: Record<string, unknown> = {};
  for (const source of sources) {
    if (source === undefined) continue;
    if (typeof source !== 'object' || source === null) {
      throw new InvalidArgumentError(`impairment settings must be an object like { delay: 50, loss: 0.01 }, got ${String(source)}`);
    }
    for (const [key, value] of Object.entries(source)) {
      if (value === undefined) continue;
      if (!KEYS.includes(key as keyof ImpairmentOptions)) {
        throw new InvalidArgumentError(`unknown impairment setting '${key}'; the settings are ${KEYS.join(', ')}`);
      }
      out[key] = value;
    }
  }
  return out as ImpairmentOptions;
}

/** Validates and normalises one direction; `prefix` names it in error messages. */
export function normaliseImpairment(options: ImpairmentOptions = {}, prefix = ''): Impairment {
  const o = merge(options);
  const delay = parseMillis(o.delay ?? 0, `${prefix}delay`);
  const jitter = parseMillis(o.jitter ?? 0, `${prefix}jitter`);
  const rate = parseRate(o.rate ?? 0, `${prefix}rate`);
  // One bandwidth-delay product (rate x round trip, taking this delay both ways) keeps a
  // window-limited sender busy without hiding loss behind a huge buffer.
  const bdp = Math.ceil((rate / 8) * ((2 * delay) / 1000));
  const queue = o.queue === undefined ? Math.max(MIN_DEFAULT_QUEUE, bdp) : parseBytes(o.queue, `${prefix}queue`);
  if (queue < 1) throw new InvalidArgumentError(`${prefix}queue must be at least 1 byte; give the limit in bytes, e.g. '256kb'`);
  const holdLimit = o.holdLimit === undefined ? DEFAULT_HOLD_LIMIT : parseBytes(o.holdLimit, `${prefix}holdLimit`);
  if (holdLimit < 1) throw new InvalidArgumentError(`${prefix}holdLimit must be at least 1 byte, e.g. '64mb'`);
  return {
    delay,
    jitter,
    loss: parseProbability(o.loss ?? 0, `${prefix}loss`),
    duplicate: parseProbability(o.duplicate ?? 0, `${prefix}duplicate`),
    reorder: parseProbability(o.reorder ?? 0, `${prefix}reorder`),
    reorderDelay: parseMillis(o.reorderDelay ?? DEFAULT_REORDER_DELAY, `${prefix}reorderDelay`),
    rate,
    queue,
    holdLimit,
  };
}

/** Resolves shared settings plus overrides into the two directions. */
export function resolveDuplex(options: DuplexImpairmentOptions = {}): DuplexImpairment {
  const { forward, reverse, seed, rtt, ...shared } = options ?? {};
  if (rtt !== undefined) {
    if (shared.delay !== undefined) throw new InvalidArgumentError('give either rtt or delay, not both (rtt: 100 means delay: 50 each way)');
    shared.delay = parseMillis(rtt, 'rtt') / 2;
  }
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) {
    throw new InvalidArgumentError(`seed must be an integer between 0 and 4294967295, got ${String(seed)}`);
  }
  normaliseImpairment(shared); // a bad shared value is reported under its own name
  return {
    forward: normaliseImpairment(merge(shared, forward), 'forward.'),
    reverse: normaliseImpairment(merge(shared, reverse), 'reverse.'),
    seed: seed ?? randomSeed(),
  };
}

/** One line for logs: 'delay 50 ms ±2, loss 1 %, rate 100 Mbit/s, queue 1250000 B'. */
export function describeImpairment(s: Impairment): string {
  const parts = [`delay ${s.delay} ms${s.jitter ? ` ±${s.jitter}` : ''}`];
  if (s.loss) parts.push(`loss ${+(s.loss * 100).toFixed(4)} %`);
  if (s.duplicate) parts.push(`duplicate ${+(s.duplicate * 100).toFixed(4)} %`);
  if (s.reorder) parts.push(`reorder ${+(s.reorder * 100).toFixed(4)} % by ${s.reorderDelay} ms`);
  if (s.rate) parts.push(`rate ${+(s.rate / 1e6).toFixed(3)} Mbit/s, queue ${s.queue} B`);
  return parts.join(', ');
}
