import type { Scenario, ScenarioContext } from './registry.js';

export type Outcome = 'ok' | 'FAIL' | 'TIME';

export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly outcome: Outcome;
  /** What the scenario reported, or why it failed. */
  readonly detail: string;
  readonly elapsedMs: number;
}

export interface RunOptions {
  /** How long one scenario may take before it is reported as timed out. */
  readonly timeoutMs: number;
  /** How long its clean-up may take afterwards. */
  readonly cleanupTimeoutMs?: number;
}

class TimedOut extends Error {}

/** Rejects with `TimedOut` after `ms`, unless `work` settles first. */
async function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimedOut(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

/** Runs one scenario with a deadline, then its clean-up, and never throws. */
export async function runScenario(scenario: Scenario, options: RunOptions): Promise<ScenarioResult> {
  const abort = new AbortController();
  const cleanups: Array<() => void | Promise<void>> = [];
  const context: ScenarioContext = { signal: abort.signal, defer: (cleanup) => void cleanups.push(cleanup) };
  const started = performance.now();

  let outcome: Outcome;
  let detail: string;
  try {
    // Calling run() inside the promise chain turns a synchronous throw into a rejection.
    detail = await within(Promise.resolve().then(() => scenario.run(context)), options.timeoutMs, 'the scenario');
    outcome = 'ok';
  } catch (error) {
    outcome = error instanceof TimedOut ? 'TIME' : 'FAIL';
    detail = describe(error);
  }
  const elapsedMs = performance.now() - started;
  abort.abort();

  const cleanupErrors: string[] = [];
  for (const cleanup of cleanups.reverse()) {
    try {
      await within(Promise.resolve().then(cleanup), options.cleanupTimeoutMs ?? 2_000, 'clean-up');
    } catch (error) {
      cleanupErrors.push(describe(error));
    }
  }
  if (cleanupErrors.length > 0 && outcome === 'ok') {
    outcome = 'FAIL';
    detail = `${detail}; but clean-up failed: ${cleanupErrors.join('; ')}`;
  }
  return { scenario, outcome, detail, elapsedMs };
}

/** Runs scenarios one after another, reporting each result as soon as it is known. */
export async function runScenarios(
  scenarios: readonly Scenario[],
  options: RunOptions,
  onResult: (result: ScenarioResult) => void,
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const result = await runScenario(scenario, options);
    results.push(result);
    onResult(result);
  }
  return results;
}

export interface Columns {
  readonly packageWidth: number;
  readonly nameWidth: number;
}

export function columnsFor(scenarios: readonly Scenario[]): Columns {
  return {
    packageWidth: Math.max(0, ...scenarios.map((s) => s.package.length)),
    nameWidth: Math.max(0, ...scenarios.map((s) => s.name.length)),
  };
}

/** `ok   core  PUSH/PULL  ours -> libzmq  (ours binds)  50 messages ...  (12 ms)` */
export function formatResult(result: ScenarioResult, columns: Columns): string {
  const { scenario, outcome, detail, elapsedMs } = result;
  const oneLine = detail.replace(/\s*\n\s*/g, ' | ');
  const pkg = scenario.package.padEnd(columns.packageWidth);
  const name = scenario.name.padEnd(columns.nameWidth);
  return `${outcome.padEnd(5)}${pkg}  ${name}  ${oneLine}  (${Math.round(elapsedMs)} ms)`;
}

export function formatSummary(results: readonly ScenarioResult[]): string {
  const ok = results.filter((r) => r.outcome === 'ok').length;
  const failed = results.filter((r) => r.outcome === 'FAIL').length;
  const timedOut = results.filter((r) => r.outcome === 'TIME').length;
  const parts = [`${ok} ok`, `${failed} failed`];
  if (timedOut > 0) parts.push(`${timedOut} timed out`);
  const noun = results.length === 1 ? 'scenario' : 'scenarios';
  return `${results.length} ${noun}: ${parts.join(', ')}`;
}
