import type { ParseArgsConfig } from 'node:util';
import { InvalidArgumentError } from '@zmtp/core';
import type { DuplexImpairmentOptions, ImpairmentOptions } from './impairment.js';
import { parseMillis } from './units.js';

/** CLI flag name for each impairment key. */
const FLAGS: Record<keyof ImpairmentOptions, string> = {
  delay: 'delay',
  jitter: 'jitter',
  loss: 'loss',
  duplicate: 'duplicate',
  reorder: 'reorder',
  reorderDelay: 'reorder-delay',
  rate: 'rate',
  queue: 'queue',
  holdLimit: 'hold-limit',
};
const NUMERIC = new Set<keyof ImpairmentOptions>(['delay', 'jitter', 'reorderDelay']);

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs options for the impairment flags, shared and per direction, plus --rtt and --seed. */
export function impairmentFlags(): Options {
  const options: Options = { rtt: { type: 'string' }, seed: { type: 'string' } };
  for (const flag of Object.values(FLAGS)) {
    options[flag] = { type: 'string' };
    options[`forward-${flag}`] = { type: 'string' };
    options[`reverse-${flag}`] = { type: 'string' };
  }
  return options;
}

/** Help text for those flags. */
export const IMPAIRMENT_HELP = `Impairments (each also as --forward-X / --reverse-X for one direction):
  --rtt MS            round-trip delay, split evenly (sets --delay to MS/2)
  --delay MS          one-way delay
  --jitter MS         uniform jitter: delay drawn from [delay-jitter, delay+jitter]
  --loss P            random loss per direction: 0.01 or 1%
  --duplicate P       probability of sending a packet twice
  --reorder P         probability of holding a packet back so later ones overtake it
  --reorder-delay MS  how long a reordered packet is held (default 10)
  --rate R            bottleneck rate: 100mbit, 1gbit, 500kbit (default unlimited)
  --queue BYTES       bottleneck drop-tail queue: 256kb, 1mb (default one BDP, >= 64kb)
  --hold-limit BYTES  cap on bytes held in the delay line (default 64mb)
  --seed N            seed of the random decisions (default random, printed)`;

function direction(values: Record<string, unknown>, prefix: string): ImpairmentOptions {
  const out: Record<string, unknown> = {};
  for (const [key, flag] of Object.entries(FLAGS) as Array<[keyof ImpairmentOptions, string]>) {
    const value = values[prefix + flag];
    if (typeof value !== 'string') continue;
    out[key] = NUMERIC.has(key) ? parseMillis(value, `--${prefix}${flag}`) : value;
  }
  return out as ImpairmentOptions;
}

/** Turns parsed flags into impairment options (validated later by resolveDuplex). */
export function impairmentFromFlags(values: Record<string, unknown>): DuplexImpairmentOptions {
  const shared = direction(values, '');
  const options: DuplexImpairmentOptions = { ...shared, forward: direction(values, 'forward-'), reverse: direction(values, 'reverse-') };
  if (typeof values.rtt === 'string') options.rtt = parseMillis(values.rtt, '--rtt');
  if (typeof values.seed === 'string') {
    if (!/^\d+$/.test(values.seed)) throw new InvalidArgumentError(`--seed must be an integer from 0 to 4294967295, got '${values.seed}'`);
    options.seed = Number(values.seed);
  }
  return options;
}

/** Whether any impairment was given (seed aside). */
export function hasImpairments(o: DuplexImpairmentOptions): boolean {
  const { forward, reverse, seed: _seed, ...shared } = o;
  return Object.keys(shared).length > 0 || Object.keys(forward ?? {}).length > 0 || Object.keys(reverse ?? {}).length > 0;
}
