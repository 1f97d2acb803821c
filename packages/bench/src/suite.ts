/**
 * Runs the suite: every case, every implementation, several times, each run in a fresh
 * worker process, one at a time (the machine's cores belong to the run being measured).
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, platform, release } from 'node:os';
import { join } from 'node:path';
import { caseId, caseLabel, implLabels, implsFor, type CaseSpec, type Impl } from './cases.js';
import { expandCases } from './matrix.js';
import type { SuiteOptions } from './options.js';
import { Progress } from './progress.js';
import type { RunRequest } from './run-case.js';
import { runInWorker } from './run-worker.js';
import { summarizeSlow, type SlowSummary } from './slow-summary.js';
import { summarize, type CaseSummary, type RunRecord } from './summary.js';
import { checkTargets, type TargetResult } from './targets.js';

export interface SuiteResult {
  meta: {
    date: string;
    node: string;
    os: string;
    cpus: string;
    commit?: string;
    versions: Partial<Record<Impl, string>>;
    seconds: number;
    /** One-minute load averages at the start and the end: other work on the machine skews figures. */
    loadAverage: [number, number];
  };
  options: SuiteOptions;
  cases: CaseSummary[];
  slow: SlowSummary[];
  targets: TargetResult[];
  runs: RunRecord[];
}

interface PlannedRun {
  spec: CaseSpec;
  impl: Impl;
  rep: number;
  request: RunRequest;
}

export function planRuns(options: SuiteOptions): PlannedRun[] {
  const plan: PlannedRun[] = [];
  for (const spec of expandCases(options)) {
    const slow = spec.pattern === 'slow-consumer';
    const impls = implsFor(spec, options.impls);
    // A memory demonstration, not a speed figure: once is enough.
    const reps = slow ? 1 : options.repeat;
    for (let rep = 1; rep <= reps; rep++) {
      // Rotate the order each repetition so no implementation always runs first.
      const shift = (rep - 1) % impls.length;
      for (const impl of [...impls.slice(shift), ...impls.slice(0, shift)]) {
        const request: RunRequest = {
          spec,
          impl,
          warmupMs: options.warmup * 1000,
          durationMs: (slow ? options.slowDuration : options.duration) * 1000,
        };
        if (options.cpuProfile && options.outDir !== null) {
          request.profile = {
            dir: join(options.outDir, 'profiles'),
            name: `${caseId(spec).replaceAll('/', '_')}-${impl}-r${rep}`,
          };
        }
        plan.push({ spec, impl, rep, request });
      }
    }
  }
  return plan;
}

/** Seconds a run takes besides its warm-up and window: starting Node and the loader, closing. */
function overheadSeconds(spec: CaseSpec): number {
  return spec.processes === 2 ? 1.2 : 0.7;
}

export async function runSuite(options: SuiteOptions): Promise<SuiteResult> {
  const started = performance.now();
  const loadAtStart = loadavg()[0];
  const plan = planRuns(options);
  const estimate = plan.reduce(
    (sum, run) => sum + (run.request.warmupMs + run.request.durationMs) / 1000 + overheadSeconds(run.spec),
    0,
  );
  const showProgress = options.progress === 'auto' ? estimate > 3 : options.progress;
  const progress = new Progress(plan.length, estimate, showProgress);
  const runs: RunRecord[] = [];
  const versions: SuiteResult['meta']['versions'] = {};

  for (const run of plan) {
    progress.update(`${caseLabel(run.spec)} ${run.spec.transport} ${run.spec.processes}p: ${implLabels[run.impl]} #${run.rep}`);
    const id = caseId(run.spec);
    const timeoutMs = 30_000 + 3 * (run.request.warmupMs + run.request.durationMs);
    try {
      const output = await runInWorker(run.request, timeoutMs);
      versions[run.impl] ??= output.version;
      runs.push({ caseId: id, impl: run.impl, rep: run.rep, ok: true, output });
    } catch (error) {
      runs.push({ caseId: id, impl: run.impl, rep: run.rep, ok: false, error: (error as Error).message });
    }
    progress.step();
  }
  progress.finish();

  const specs = expandCases(options);
  const cases = specs.filter((s) => s.pattern !== 'slow-consumer').map((s) => summarize(s, runs, options.impls));
  const slow = specs
    .filter((s) => s.pattern === 'slow-consumer')
    .flatMap((s) => runs.filter((r) => r.caseId === caseId(s)).map((r) => summarizeSlow(s, r)));

  return {
    meta: {
      date: new Date().toISOString(),
      node: process.version,
      os: `${platform()} ${release()}`,
      cpus: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
      commit: gitCommit(),
      versions,
      seconds: (performance.now() - started) / 1000,
      loadAverage: [loadAtStart, loadavg()[0]],
    },
    options,
    cases,
    slow,
    targets: checkTargets(cases),
    runs,
  };
}

/** The short commit, marked when the work tree has uncommitted changes. */
export function gitCommit(): string | undefined {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    return undefined;
  }
}
