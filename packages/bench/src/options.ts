/** Command-line flags of `bench` and their defaults. */
import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '@zmtp/core';
import { impls, patterns, transports, type Impl, type Pattern, type TransportName } from './cases.js';

export interface SuiteOptions {
  only: Pattern[];
  sizes: number[];
  /** Message size of REQ/REP, PUB/SUB and slow-consumer cases (the sizes list is for PUSH/PULL). */
  smallSize: number;
  subscribers: number[];
  transports: TransportName[];
  processes: Array<1 | 2>;
  impls: Impl[];
  /** Seconds measured in each run, after the warm-up. */
  duration: number;
  /** Seconds of traffic before measuring, so the JIT and the connections settle. */
  warmup: number;
  repeat: number;
  /** High-water marks of the slow-consumer runs. */
  slowHwms: number[];
  /** Message size of the slow-consumer runs. */
  slowSize: number;
  /** Seconds measured in each slow-consumer run: memory needs a few to level off. */
  slowDuration: number;
  /** Where JSON and SVG results go; null: write none. */
  outDir: string | null;
  progress: boolean | 'auto';
  /** Adds `--cpu-prof` to every benchmark process, profiles into `<outDir>/profiles`. */
  cpuProfile: boolean;
  /** Exit non-zero when a target fails. */
  strict: boolean;
}

export const defaultOptions: SuiteOptions = {
  only: ['push-pull', 'pub-sub', 'req-rep', 'slow-consumer'],
  sizes: [64, 1024, 65536, 1048576],
  smallSize: 64,
  subscribers: [1, 4, 16],
  transports: ['tcp', 'ipc', 'inproc'],
  processes: [1, 2],
  impls: ['ours', 'zeromq', 'raw'],
  duration: 1,
  warmup: 0.3,
  repeat: 3,
  slowHwms: [100, 1000],
  slowSize: 65536,
  slowDuration: 4,
  outDir: 'results',
  progress: 'auto',
  cpuProfile: false,
  strict: false,
};

export const usage = `Usage: bench [flags]

  --only LIST         patterns: ${patterns.join(',')} (default: all)
  --sizes LIST        PUSH/PULL message sizes, e.g. 64,1k,64k,1M (default: 64,1k,64k,1M)
  --size N            message size of REQ/REP and PUB/SUB (default: 64)
  --subscribers LIST  PUB/SUB fan-out (default: 1,4,16)
  --transport LIST    ${transports.join(',')} (default: all)
  --processes LIST    1 (one process), 2 (peer in a forked process) (default: 1,2)
  --impl LIST         ${impls.join(',')} (default: all; ours is always included)
  --duration S        seconds measured per run (default: 1)
  --warmup S          seconds of traffic before measuring (default: 0.3)
  --repeat N          runs per case and implementation; figures are medians (default: 3)
  --hwm LIST          high-water marks of the slow-consumer runs (default: 100,1000;
                      0: no limit, the producer then stops at 1.5 GiB RSS)
  --slow-size N       message size of the slow-consumer runs (default: 64k)
  --slow-duration S   seconds measured per slow-consumer run (default: 4)
  --out DIR           where JSON and SVG results go (default: results); --no-out writes none
  --progress/--no-progress  force the progress line on or off (default: on for runs over 3 s)
  --cpu-prof          profile every benchmark process (node --cpu-prof) into DIR/profiles
  --strict            exit with 1 when a target fails
  --help              this text
`;

/** Parses `bench` flags; throws InvalidArgumentError saying how to fix a bad one. */
export function parseOptions(argv: readonly string[]): SuiteOptions & { help: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        only: { type: 'string' },
        sizes: { type: 'string' },
        size: { type: 'string' },
        subscribers: { type: 'string' },
        transport: { type: 'string' },
        processes: { type: 'string' },
        impl: { type: 'string' },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        repeat: { type: 'string' },
        hwm: { type: 'string' },
        'slow-size': { type: 'string' },
        'slow-duration': { type: 'string' },
        out: { type: 'string' },
        'no-out': { type: 'boolean' },
        progress: { type: 'boolean' },
        'no-progress': { type: 'boolean' },
        'cpu-prof': { type: 'boolean' },
        strict: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new InvalidArgumentError(`${(error as Error).message}. Run with --help to see the flags`);
  }
  const o: SuiteOptions = { ...defaultOptions };
  if (values.only !== undefined) o.only = pickList(values.only, patterns, '--only');
  if (values.sizes !== undefined) o.sizes = list(values.sizes, '--sizes').map((s) => parseSize(s, '--sizes'));
  if (values.size !== undefined) o.smallSize = parseSize(values.size, '--size');
  if (values.subscribers !== undefined) o.subscribers = integers(values.subscribers, '--subscribers', 1, 256);
  if (values.transport !== undefined) o.transports = pickList(values.transport, transports, '--transport');
  if (values.processes !== undefined) o.processes = integers(values.processes, '--processes', 1, 2) as Array<1 | 2>;
  if (values.impl !== undefined) o.impls = unique(['ours', ...pickList(values.impl, impls, '--impl')]);
  if (values.duration !== undefined) o.duration = seconds(values.duration, '--duration', 0.05, 600);
  if (values.warmup !== undefined) o.warmup = seconds(values.warmup, '--warmup', 0, 60);
  if (values.repeat !== undefined) o.repeat = integers(values.repeat, '--repeat', 1, 100)[0];
  if (values.hwm !== undefined) o.slowHwms = integers(values.hwm, '--hwm', 0, 1_000_000);
  if (values['slow-size'] !== undefined) o.slowSize = parseSize(values['slow-size'], '--slow-size');
  if (values['slow-duration'] !== undefined) o.slowDuration = seconds(values['slow-duration'], '--slow-duration', 0.05, 600);
  if (values.out !== undefined) o.outDir = values.out;
  if (values['no-out']) o.outDir = null;
  if (values.progress) o.progress = true;
  if (values['no-progress']) o.progress = false;
  o.cpuProfile = values['cpu-prof'] ?? false;
  o.strict = values.strict ?? false;
  if (o.cpuProfile && o.outDir === null) {
    throw new InvalidArgumentError('--cpu-prof writes profiles under --out DIR; drop --no-out or give --out');
  }
  return { ...o, help: values.help ?? false };
}

/** A comma-separated flag value as its items (at least one). */
export function list(text: string, flag: string): string[] {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError(`${flag} needs a comma-separated list, e.g. ${flag} a,b`);
  return items;
}

/** A comma-separated flag value whose items must each be one of `allowed`; duplicates dropped. */
export function pickList<T extends string>(text: string, allowed: readonly T[], flag: string): T[] {
  return unique(
    list(text, flag).map((item) => {
      if (!(allowed as readonly string[]).includes(item)) {
        throw new InvalidArgumentError(`${flag}: "${item}" is unknown; pick from ${allowed.join(', ')}`);
      }
      return item as T;
    }),
  );
}

function integers(text: string, flag: string, min: number, max: number): number[] {
  return unique(
    list(text, flag).map((item) => {
      const n = Number(item);
      if (!Number.isInteger(n) || n < min || n > max) {
        throw new InvalidArgumentError(`${flag}: "${item}" must be a whole number from ${min} to ${max}`);
      }
      return n;
    }),
  );
}

function seconds(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new InvalidArgumentError(`${flag}: "${text}" must be a number of seconds from ${min} to ${max}`);
  }
  return n;
}

export function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

const sizeUnits: Record<string, number> = { '': 1, b: 1, k: 1024, kib: 1024, m: 1024 ** 2, mib: 1024 ** 2 };

/** Parses `64`, `1k`, `1KiB`, `64k`, `1M` or `1MiB` into a byte count. */
export function parseSize(text: string, flag = '--sizes'): number {
  const match = /^(\d+)\s*([a-z]*)$/i.exec(text.trim());
  const unit = match ? sizeUnits[match[2].toLowerCase()] : undefined;
  if (!match || unit === undefined) {
    throw new InvalidArgumentError(`${flag}: "${text}" is not a size; write bytes like 64, 1k, 64KiB or 1M`);
  }
  const bytes = Number(match[1]) * unit;
  if (bytes < 1 || bytes > 256 * 1024 ** 2) {
    throw new InvalidArgumentError(`${flag}: ${text} is out of range; pick a message size from 1 B to 256 MiB`);
  }
  return bytes;
}

