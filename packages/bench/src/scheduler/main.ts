/**
 * `pnpm --filter @zmtp/bench run bench:scheduler [--quick] [--out DIR]`
 *
 * 1. Cost per pick with 10 to 100 000 pipes for each scheduler, core's round robin and a
 *    naive O(n) scan; the 100 000 / 10 ratio shows whether the cost grows with pipes.
 * 2. PUSH/PULL 64 B throughput with each scheduler against core's default round robin.
 *
 * Each measurement runs in its own process. Prints tables; writes scheduler.json and
 * scheduler-pick.svg to DIR (default packages/bench/results).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runJsonProcess } from '../json-process.js';
import { median, type PickCost } from './pick-cost.js';
import type { Rate } from './throughput.js';
import { renderPickCostSvg, type Series } from './plot.js';
import type { Job } from './worker.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outIndex = args.indexOf('--out');
const outDir = resolve(outIndex >= 0 ? args[outIndex + 1] : join(here, '..', '..', 'results'));

const sizes = [10, 100, 1000, 10_000, 100_000];
const pickSchedulers = [
  'priority',
  'weighted',
  'weighted-count',
  'priority-weighted',
  'priority-weighted-count',
  'round-robin',
  'naive-scan',
];
const colors: Record<string, string> = {
  priority: '#1f6fb4',
  weighted: '#2ca02c',
  'weighted-count': '#17becf',
  'priority-weighted': '#9467bd',
  'priority-weighted-count': '#8c564b',
  'round-robin': '#7f7f7f',
  'naive-scan': '#d62728',
};
const throughputSchedulers = ['round-robin', 'priority', 'weighted', 'priority-weighted'];
const repetitions = quick ? 3 : 9;

function runJob<T>(job: Job): Promise<T> {
  return runJsonProcess<T>(join(here, 'worker.ts'), job);
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const ns = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(1)} µs` : `${value.toFixed(1)} ns`);

async function main(): Promise<void> {
  const started = new Date().toISOString();
  process.stdout.write(`Cost per pick (next + consumed, 64 B messages), fastest of ${quick ? 18 : 50} batches per size in two processes\n\n`);
  const picks: Record<string, PickCost[]> = {};
  for (const name of pickSchedulers) {
    // Two processes each: a process that lands on a busy core shows in both columns alike.
    const runs: PickCost[][] = [];
    for (let i = 0; i < 2; i++) {
      runs.push(
        await runJob<PickCost[]>({
          kind: 'pick',
          scheduler: name,
          sizes,
          options: { bytes: 64, batches: quick ? 3 : 5, batchMs: 5, rounds: quick ? 3 : 5 },
        }),
      );
    }
    picks[name] = sizes.map((pipes, i) => ({
      pipes,
      bestNs: Math.min(...runs.map((run) => run[i].bestNs)),
      medianNs: median(runs.map((run) => run[i].medianNs)),
    }));
  }
  const ratio = (name: string) => picks[name][sizes.length - 1].bestNs / picks[name][0].bestNs;
  process.stdout.write(
    `${table(
      ['scheduler', ...sizes.map((n) => n.toLocaleString('en-US')), '100 000 / 10'],
      pickSchedulers.map((name) => [name, ...picks[name].map((p) => ns(p.bestNs)), `${ratio(name).toFixed(2)}x`]),
    )}\n\n`,
  );

  process.stdout.write(
    `PUSH/PULL 64 B, scheduler on both sockets, one process; median of ${repetitions} runs, alternating.\n` +
      'Ratios use messages per CPU second (user + system), which other load on the machine disturbs least.\n\n',
  );
  const rates: Record<string, Rate[]> = {};
  for (const transport of ['tcp', 'inproc'] as const) {
    const messages = transport === 'tcp' ? 200_000 : 300_000;
    for (let rep = 0; rep < repetitions; rep++) {
      for (const name of throughputSchedulers) {
        const rate = await runJob<Rate>({
          kind: 'throughput',
          options: { scheduler: name, transport, size: 64, warmup: 20_000, messages },
        });
        (rates[`${transport}/${name}`] ??= []).push(rate);
      }
    }
  }
  const rows: string[][] = [];
  const throughput: Record<string, { cpuRate: number; wallRate: number; ratio: number; runs: Rate[] }> = {};
  const rate = (n: number) => `${Math.round(n).toLocaleString('en-US')} msg/s`;
  for (const key of Object.keys(rates)) {
    const [transport] = key.split('/');
    const base = median(rates[`${transport}/round-robin`].map((r) => r.cpu));
    const cpuRate = median(rates[key].map((r) => r.cpu));
    const wallRate = median(rates[key].map((r) => r.wall));
    throughput[key] = { cpuRate, wallRate, ratio: cpuRate / base, runs: rates[key] };
    rows.push([key, rate(cpuRate), rate(wallRate), `${(cpuRate / base).toFixed(2)}x`]);
  }
  process.stdout.write(`${table(['transport/scheduler', 'per CPU second', 'wall clock', 'vs round-robin'], rows)}\n`);

  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'scheduler.json'), `${JSON.stringify({ started, sizes, picks, throughput }, null, 2)}\n`);
  const series: Series[] = pickSchedulers
    .filter((name) => ['priority', 'weighted', 'priority-weighted', 'round-robin', 'naive-scan'].includes(name))
    .map((name) => ({
      label: name === 'round-robin' ? 'core round-robin' : name === 'naive-scan' ? 'naive O(n) scan' : `'${name}'`,
      color: colors[name],
      dashed: name === 'round-robin' || name === 'naive-scan',
      points: picks[name].map((p) => ({ pipes: p.pipes, ns: p.bestNs })),
    }));
  const svg = renderPickCostSvg(
    '@zmtp/scheduler: cost per pick',
    `next() + consumed(), all pipes active; fastest batch; Node ${process.version}, ${started.slice(0, 16).replace('T', ' ')} UTC`,
    series,
  );
  writeFileSync(join(outDir, 'scheduler-pick.svg'), svg);
  process.stdout.write(`\nWrote ${join(outDir, 'scheduler.json')} and ${join(outDir, 'scheduler-pick.svg')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
