// The demo: runs every registered scenario against real libzmq and prints one line each.
//   pnpm --filter @zmtp/demo start [filter words...]     e.g. `start PUB ours`
//   ZMTP_IMPL=zeromq   uses the native binding for "ours" too (checks the scenarios)
//   DEMO_TIMEOUT_MS    per-scenario deadline, 10000 by default
import { matchesFilters, scenarioFiles } from './discover.js';
import { defaultRegistry } from './registry.js';
import { columnsFor, formatResult, formatSummary, runScenarios } from './runner.js';

function timeoutFromEnv(): number {
  const raw = process.env.DEMO_TIMEOUT_MS;
  if (raw === undefined || raw === '') return 10_000;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms <= 0) {
    throw new Error(`DEMO_TIMEOUT_MS must be a positive whole number of milliseconds, not "${raw}".`);
  }
  return ms;
}

async function main(): Promise<number> {
  const timeoutMs = timeoutFromEnv();
  const filters = process.argv.slice(2).filter((arg) => arg !== '--');

  try {
    const { ours, libzmq } = await import('./impl.js');
    console.log(`ours:   ${ours.label}`);
    console.log(`libzmq: ${libzmq.label}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }

  for (const file of await scenarioFiles(new URL('./scenarios/', import.meta.url))) {
    await import(file.href);
  }
  const scenarios = defaultRegistry.list().filter((s) => matchesFilters(`${s.package} ${s.name}`, filters));
  if (scenarios.length === 0) {
    console.error(`No scenario matches ${filters.map((f) => `"${f}"`).join(' ')}.`);
    return 1;
  }

  const columns = columnsFor(scenarios);
  const results = await runScenarios(scenarios, { timeoutMs }, (result) => console.log(formatResult(result, columns)));
  console.log(formatSummary(results));
  return results.every((r) => r.outcome === 'ok') ? 0 : 1;
}

// Exit explicitly: a scenario that timed out may leave a handle that would keep Node alive.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
