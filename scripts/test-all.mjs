#!/usr/bin/env node
// Runs every check once and ends with one line: `N passed, N failed[, N skipped]`.
//   1. the typecheck of every package (turbo run typecheck); each package is one check;
//   2. every vitest project, with the default reporter on screen and a JSON report in
//      test-results/vitest.json, from which the tests are counted.
// Exits non-zero when anything failed, including a crash of vitest or turbo.
// Extra arguments go to vitest: `pnpm run test:all -- --project core`.
// TEST_ALL_TIMEOUT_MINUTES (default 30) bounds the vitest run.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  addTallies,
  countProgress,
  countTypecheck,
  countVitestReport,
  emptyTally,
  finalLine,
} from './lib/results.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'test-results');
const jsonReport = join(resultsDir, 'vitest.json');
const progressLog = join(resultsDir, 'vitest-progress.ndjson');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
// Children write into a pipe; keep their colours only when we write to a terminal.
if (process.stdout.isTTY && env.FORCE_COLOR === undefined) env.FORCE_COLOR = '1';
const stripAnsi = (text) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

let current; // the child running now, so a signal to us reaches it
let interrupted; // set by Ctrl-C: skip what has not started, still print the count

/**
 * Runs a command in its own process group, copying its output to ours and keeping it.
 * Resolves with the exit code, the signal if one ended it, and why it ended; never rejects.
 */
function run(command, args, { timeoutMs, extraEnv = {} } = {}) {
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    const child = spawn(command, args, {
      cwd: root,
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group: a time-out can stop its workers too
    });
    current = child;
    const keep = (stream, sink) =>
      stream.on('data', (chunk) => {
        sink.write(chunk);
        output += chunk.toString();
      });
    keep(child.stdout, process.stdout);
    keep(child.stderr, process.stderr);
    const timer =
      timeoutMs &&
      setTimeout(() => {
        timedOut = true;
        stopGroup(child);
      }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      current = undefined;
      resolve({ code: 127, output: stripAnsi(output), why: `could not start ${command}: ${error.message}`, unfinished: true });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      current = undefined;
      const why = timedOut
        ? `stopped after ${timeoutMs / 1000} s (raise TEST_ALL_TIMEOUT_MINUTES if the suite needs longer)`
        : interrupted
          ? `interrupted by ${interrupted}`
          : signal
          ? `killed by ${signal}`
          : `exit code ${code}`;
      resolve({ code: code ?? 1, output: stripAnsi(output), why, unfinished: Boolean(timedOut || signal || interrupted) });
    });
  });
}

function stopGroup(child, signal = 'SIGTERM') {
  try {
    process.kill(-child.pid, signal);
  } catch {
    return; // already gone
  }
  if (signal !== 'SIGKILL') setTimeout(() => stopGroup(child, 'SIGKILL'), 10_000).unref();
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    interrupted = signal;
    if (current) stopGroup(current, signal);
  });
}

const heading = (text) => console.log(`\n=== ${text} ===\n`);

async function typecheck() {
  heading('typecheck: turbo run typecheck');
  const result = await run(bin('turbo'), ['run', 'typecheck', '--continue', '--summarize']);
  if (/package manager binary/i.test(result.output)) {
    console.log('\nturbo needs pnpm on PATH: run this through `npx -y pnpm@12.4.2 run test:all`.');
  }
  // turbo prints "Summary: <path>.json"; read that run's per-package exit codes.
  const path = /Summary:\s+(\S+\.json)/.exec(result.output)?.[1];
  let summary = null;
  try {
    if (path && existsSync(path)) summary = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    summary = null;
  }
  if (path) rmSync(path, { force: true }); // one summary per run is enough; do not pile them up
  return countTypecheck(summary, result.output, result.code);
}

async function vitest(args) {
  heading(`tests: vitest run${args.length ? ` ${args.join(' ')}` : ' (every project)'}`);
  mkdirSync(resultsDir, { recursive: true });
  rmSync(jsonReport, { force: true });
  rmSync(progressLog, { force: true });
  let minutes = Number(process.env.TEST_ALL_TIMEOUT_MINUTES || 30);
  if (!(minutes > 0 && Number.isFinite(minutes))) {
    console.log(`TEST_ALL_TIMEOUT_MINUTES="${process.env.TEST_ALL_TIMEOUT_MINUTES}" is not a positive number; using 30.`);
    minutes = 30;
  }
  const result = await run(
    bin('vitest'),
    [
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${jsonReport}`,
      `--reporter=${join(root, 'scripts', 'vitest-progress-reporter.mjs')}`,
      // The conformance report (check id, result, skip reason) for CI: test-results/zmtp-conformance.json
      `--reporter=${join(root, 'packages', 'conformance', 'src', 'report', 'vitest-reporter-entry.ts')}`,
      ...args,
    ],
    { timeoutMs: minutes * 60_000, extraEnv: { TEST_ALL_PROGRESS_FILE: progressLog } },
  );
  const shortName = (path) => relative(root, path);
  let report = null;
  try {
    report = JSON.parse(readFileSync(jsonReport, 'utf8'));
  } catch {
    report = null;
  }
  if (report) {
    const tally = countVitestReport(report, result.code, shortName);
    // A report from a run that was stopped covers what ran; the stop itself is a failure.
    if (result.unfinished) {
      tally.failed++;
      tally.failures.push(`vitest did not finish: ${result.why}`);
    }
    return tally;
  }
  const log = existsSync(progressLog) ? readFileSync(progressLog, 'utf8') : '';
  return countProgress(log, result.why);
}

async function main() {
  const args = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
  let typeTally;
  let testTally;
  try {
    typeTally = await typecheck();
  } catch (error) {
    typeTally = { ...emptyTally(), failed: 1, failures: [`typecheck could not run: ${error.message}`] };
  }
  try {
    testTally = interrupted
      ? { ...emptyTally(), failed: 1, failures: [`vitest did not run: interrupted by ${interrupted}`] }
      : await vitest(args);
  } catch (error) {
    testTally = { ...emptyTally(), failed: 1, failures: [`vitest could not run: ${error.message}`] };
  }

  heading('summary');
  console.log(`typecheck: ${finalLine(typeTally)} (one check per package)`);
  console.log(`vitest:    ${finalLine(testTally)}${testTally.notes.length ? ` (${testTally.notes.join('; ')})` : ''}`);
  const all = addTallies(typeTally, testTally);
  const list = (title, items, limit) => {
    if (items.length === 0) return;
    console.log(`${title}:`);
    for (const item of items.slice(0, limit)) console.log(`  - ${item}`);
    if (items.length > limit) console.log(`  ... and ${items.length - limit} more`);
  };
  list('skipped', all.skips, 20);
  list('failed', all.failures, 50);
  console.log(finalLine(all));
  process.exitCode = all.failed > 0 ? 1 : 0;
}

await main();
