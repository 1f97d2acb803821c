/** The flags of `bench:udp`. */
import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '@zmtp/core';
import { hasImpairments, impairmentFlags, impairmentFromFlags, IMPAIRMENT_HELP } from '../netem/cli-options.js';
import type { DuplexImpairmentOptions } from '../netem/impairment.js';
import { list, parseSize, pickList, unique } from '../options.js';
import { parseOfferedRate, type OfferedRate } from './send-loop.js';
import { UDP_IMPLS, type UdpImpl } from './sides.js';
import { CONGESTION_MODES, DELIVERY_MODES, type UdpMode } from './udp-modes.js';

export interface UdpBenchOptions {
  sizes: number[];
  impls: UdpImpl[];
  processes: Array<1 | 2>;
  rates: OfferedRate[];
  duration: number;
  warmup: number;
  repeat: number;
  /** Our plugin's modes; `[{}]` runs its default only. */
  modes: UdpMode[];
  /** Through the seeded impairment relay, with these settings (seed fixed for the whole run). */
  link: DuplexImpairmentOptions | undefined;
  outDir: string | null;
}

export const defaultUdpOptions: UdpBenchOptions = {
  sizes: [64, 1024],
  impls: [...UDP_IMPLS],
  processes: [1, 2],
  rates: [20_000, 100_000, 'flood'],
  duration: 2,
  warmup: 0.3,
  repeat: 3,
  modes: [{}],
  link: undefined,
  outDir: 'results',
};

export const UDP_USAGE = `Usage: pnpm --filter @zmtp/bench run bench:udp [flags]

Radio -> Dish over udp://127.0.0.1: messages per second sent and received, and the loss,
for @zmtp/core, zeromq.js (libzmq) and a raw Node dgram socket, in the same run.

  --sizes LIST        body sizes (default: 64,1k)
  --impl LIST         ${UDP_IMPLS.join(',')} (default: all; ours always runs)
  --processes LIST    1 (Radio and Dish in one process), 2 (Dish in a forked one) (default: 1,2)
  --rates LIST        offered rates: flood (as fast as the sender takes messages) or
                      messages per second like 50k (default: 20k,100k,flood)
  --duration S        seconds measured per run (default: 2)
  --warmup S          seconds of traffic after the path is up, before measuring (default: 0.3)
  --repeat N          runs per case and implementation; figures are medians (default: 3)
  --quick             --duration 1 --repeat 1
  --congestion LIST   our Radio's congestion control: ${CONGESTION_MODES.join(', ')}
  --delivery LIST     our Dish's delivery: ${DELIVERY_MODES.join(', ')}
                      (both need a @zmtp/transport-udp that takes them; default: its default)
  --link              send through the seeded impairment relay (startUdpRelay); any
                      impairment flag below implies it
  --out DIR           where udp.json and udp.svg go (default: results); --no-out writes none
  --help              this text

${IMPAIRMENT_HELP}`;

export function parseUdpOptions(argv: readonly string[]): UdpBenchOptions & { help: boolean } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        ...impairmentFlags(),
        sizes: { type: 'string' },
        impl: { type: 'string' },
        processes: { type: 'string' },
        rates: { type: 'string' },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        repeat: { type: 'string' },
        quick: { type: 'boolean' },
        congestion: { type: 'string' },
        delivery: { type: 'string' },
        link: { type: 'boolean' },
        out: { type: 'string' },
        'no-out': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }) as { values: Record<string, string | boolean | undefined> });
  } catch (error) {
    throw new InvalidArgumentError(`${(error as Error).message}. Run with --help to see the flags`);
  }
  const text = (name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const o: UdpBenchOptions = { ...defaultUdpOptions };
  if (values.quick) Object.assign(o, { duration: 1, repeat: 1 });
  const sizes = text('sizes');
  if (sizes !== undefined) o.sizes = list(sizes, '--sizes').map((s) => parseSize(s, '--sizes'));
  const impl = text('impl');
  if (impl !== undefined) o.impls = unique(['ours', ...pickList(impl, UDP_IMPLS, '--impl')]);
  const processes = text('processes');
  if (processes !== undefined) o.processes = pickList(processes, ['1', '2'] as const, '--processes').map((p) => Number(p) as 1 | 2);
  const rates = text('rates');
  if (rates !== undefined) o.rates = unique(list(rates, '--rates').map((r) => parseOfferedRate(r, '--rates')));
  const duration = text('duration');
  if (duration !== undefined) o.duration = number(duration, '--duration', 0.1, 600);
  const warmup = text('warmup');
  if (warmup !== undefined) o.warmup = number(warmup, '--warmup', 0, 60);
  const repeat = text('repeat');
  if (repeat !== undefined) o.repeat = number(repeat, '--repeat', 1, 100, true);
  const congestion = text('congestion');
  const delivery = text('delivery');
  if (congestion !== undefined || delivery !== undefined) {
    const congestions = congestion === undefined ? [undefined] : pickList(congestion, CONGESTION_MODES, '--congestion');
    const deliveries = delivery === undefined ? [undefined] : pickList(delivery, DELIVERY_MODES, '--delivery');
    o.modes = congestions.flatMap((c) => deliveries.map((d) => ({ congestion: c, delivery: d })));
  }
  const impairments = impairmentFromFlags(values);
  if (values.link || hasImpairments(impairments) || impairments.seed !== undefined) o.link = impairments;
  if (text('out') !== undefined) o.outDir = text('out')!;
  if (values['no-out']) o.outDir = null;
  return { ...o, help: values.help === true };
}



function number(value: string, flag: string, min: number, max: number, whole = false): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max || (whole && !Number.isInteger(n))) {
    throw new InvalidArgumentError(`${flag}: "${value}" must be a ${whole ? 'whole number' : 'number'} from ${min} to ${max}`);
  }
  return n;
}

