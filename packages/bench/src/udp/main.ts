/**
 * `pnpm --filter @zmtp/bench run bench:udp [--quick] [--help]`
 *
 * Radio -> Dish over udp://127.0.0.1 for @zmtp/core, zeromq.js and a raw dgram socket,
 * in the same run: messages per second sent and received, and the loss. Each run is its
 * own process (worker.ts); implementations take turns. Prints a table; writes udp.json
 * and udp.svg to --out (default packages/bench/results).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ZmqError } from '@zmtp/core';
import { runJsonProcess } from '../json-process.js';
import { describeImpairment, resolveDuplex } from '../netem/impairment.js';
import { gitCommit } from '../suite.js';
import { formatCount, formatSize } from '../units.js';
import { parseUdpOptions, UDP_USAGE, type UdpBenchOptions } from './options.js';
import { planUdpRuns } from './plan.js';
import { renderUdpSvg } from './plot.js';
import type { UdpRunResult, UdpRunSpec } from './run.js';
import { formatOfferedRate } from './send-loop.js';
import { implLabels } from './sides.js';
import { summarize, rowLabel, type UdpRunRecord } from './summary.js';
import { formatUdpTable, percent } from './table.js';
import { modeLabel } from './udp-modes.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const workerPath = join(here, `worker${extname(fileURLToPath(import.meta.url))}`);

function runWorker(spec: UdpRunSpec): Promise<UdpRunResult> {
  // Warm-up may take up to 10 s when the path is slow to come up; beyond that the run hangs.
  return runJsonProcess<UdpRunResult>(workerPath, spec, (spec.duration + spec.warmup + 60) * 1000);
}

async function main(): Promise<number> {
  const options = parseUdpOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${UDP_USAGE}\n`);
    return 0;
  }
  if (options.link && options.link.seed === undefined) {
    // One seed for every run, so all implementations meet the same losses.
    options.link = { ...options.link, seed: Math.floor(Math.random() * 2 ** 32) };
  }
  const linkText = options.link ? describeLink(options) : 'direct (loopback)';
  const modesShown = options.modes.some((mode) => modeLabel(mode) !== 'default');
  const started = new Date().toISOString();
  const loadAtStart = loadavg()[0];
  const plan = planUdpRuns(options);
  process.stderr.write(`bench:udp: ${plan.length} runs of ${options.duration} s; path: ${linkText}\n`);

  const records: UdpRunRecord[] = [];
  for (const [index, { spec, rep }] of plan.entries()) {
    const what = `${formatSize(spec.size)}, ${spec.processes} proc, ${formatOfferedRate(spec.rate)}: ${rowLabel(spec.impl, spec.mode, modesShown)}`;
    try {
      const result = await runWorker(spec);
      records.push({ spec, rep, result });
      process.stderr.write(
        `  [${index + 1}/${plan.length}] ${what}: ${formatCount(result.sentPerSecond)}/s sent, ` +
          `${formatCount(result.receivedPerSecond)}/s received, ${percent(result.loss)} lost\n`,
      );
    } catch (error) {
      records.push({ spec, rep, error: (error as Error).message });
      process.stderr.write(`  [${index + 1}/${plan.length}] ${what}: FAILED ${(error as Error).message}\n`);
    }
  }

  const cases = summarize(records, modesShown);
  const load = [loadAtStart, loadavg()[0]];
  process.stdout.write(`\nRadio -> Dish over udp://127.0.0.1, ${linkText}; medians of ${options.repeat} run(s) of ${options.duration} s\n\n`);
  process.stdout.write(`${formatUdpTable(cases)}\n`);
  process.stdout.write(
    '\nsent: messages the application sent per second; to kernel: datagrams the sending library handed to\n' +
      'the kernel per second (zeromq.js: not visible); received: what the Dish got, per second of sending;\n' +
      'loss: 1 - received / sent; at sender: the share of sends the sending library dropped itself.\n' +
      `ours/zmq, ours/raw: received per second, ours ÷ ${implLabels.zeromq} and ÷ ${implLabels.raw} in this run.\n`,
  );
  if (Math.max(...load) > cpus().length) {
    process.stdout.write(`Note: the machine was busy (load average ${load.map((l) => l.toFixed(1)).join(' → ')} on ${cpus().length} cores).\n`);
  }

  if (options.outDir !== null) {
    const outDir = resolve(join(here, '..', '..'), options.outDir);
    mkdirSync(outDir, { recursive: true });
    const meta = {
      date: started,
      node: process.version,
      os: `${platform()} ${release()}`,
      cpus: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
      commit: gitCommit(),
      loadAverage: load,
      path: linkText,
    };
    writeFileSync(join(outDir, 'udp.json'), `${JSON.stringify({ meta, options, cases, runs: records }, null, 2)}\n`);
    const subtitle = `${started.slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ${meta.cpus}; ${linkText}; medians of ${options.repeat} × ${options.duration} s`;
    writeFileSync(join(outDir, 'udp.svg'), renderUdpSvg(cases, subtitle));
    process.stdout.write(`\nWrote ${join(outDir, 'udp.json')} and ${join(outDir, 'udp.svg')}\n`);
  }
  return records.some((record) => record.error) ? 1 : 0;
}

/** "through the relay: delay 10 ms, loss 1 % ... (seed 42)". */
function describeLink(options: UdpBenchOptions): string {
  const settings = resolveDuplex(options.link);
  const forward = describeImpairment(settings.forward);
  const reverse = describeImpairment(settings.reverse);
  const both = forward === reverse ? forward : `forward ${forward}; reverse ${reverse}`;
  return `through the impairment relay (${both}, seed ${settings.seed})`;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(error instanceof ZmqError ? `${error.message}\n` : `${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  },
);
