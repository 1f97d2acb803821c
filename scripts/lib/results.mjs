// Counting for test-all.mjs: turns turbo's run summary and vitest's reports into
// passed / failed / skipped numbers. Pure functions, so they are unit-tested.

/** @typedef {{ passed: number, failed: number, skipped: number, failures: string[], skips: string[], notes: string[] }} Tally */

/** @returns {Tally} */
export const emptyTally = () => ({ passed: 0, failed: 0, skipped: 0, failures: [], skips: [], notes: [] });

/** @param {Tally[]} tallies @returns {Tally} */
export function addTallies(...tallies) {
  const sum = emptyTally();
  for (const t of tallies) {
    sum.passed += t.passed;
    sum.failed += t.failed;
    sum.skipped += t.skipped;
    sum.failures.push(...t.failures);
    sum.skips.push(...t.skips);
    sum.notes.push(...t.notes);
  }
  return sum;
}

/** `N passed, N failed`, then `, N skipped` only when something was skipped. */
export function finalLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

/**
 * One check per package typecheck. `summary` is turbo's `--summarize` JSON (or null when
 * it could not be read); `output` is what turbo printed, used when there is no summary.
 * @returns {Tally}
 */
export function countTypecheck(summary, output, exitCode) {
  const tally = emptyTally();
  const tasks = Array.isArray(summary?.tasks) ? summary.tasks : null;
  if (tasks && tasks.length > 0) {
    for (const task of tasks) {
      const code = task.execution?.exitCode;
      if (code === 0) tally.passed++;
      else {
        tally.failed++;
        tally.failures.push(`typecheck ${task.taskId ?? task.package}: exit code ${code ?? 'unknown (did not run)'}`);
      }
    }
  } else {
    // "Tasks:    1 successful, 2 total" is turbo's own tally.
    const match = /Tasks:\s+(\d+) successful, (\d+) total/.exec(output);
    if (match) {
      const [ok, total] = [Number(match[1]), Number(match[2])];
      tally.passed = ok;
      tally.failed = total - ok;
      if (total > ok) tally.failures.push(`typecheck: ${total - ok} of ${total} packages failed (see turbo's output)`);
    }
  }
  if (exitCode !== 0 && tally.failed === 0) {
    tally.failed = 1;
    tally.failures.push(`typecheck: turbo exited with code ${exitCode} before reporting any package`);
  }
  return tally;
}

const SKIPPED_STATES = new Set(['skipped', 'pending', 'todo', 'disabled']);

/**
 * Counts vitest's JSON report (the jest-like format of `--reporter=json`). A test file that
 * failed without a failed test in it (it did not load, or a hook threw) counts as one failure,
 * and so does a non-zero exit with nothing failed (unhandled errors, no test files).
 * @returns {Tally}
 */
export function countVitestReport(report, exitCode, relative = (p) => p) {
  const tally = emptyTally();
  for (const file of report.testResults ?? []) {
    let failedHere = 0;
    for (const test of file.assertionResults ?? []) {
      const name = `${relative(file.name)} > ${test.fullName ?? test.title}`;
      if (test.status === 'passed') tally.passed++;
      else if (test.status === 'failed') {
        tally.failed++;
        failedHere++;
        tally.failures.push(name);
      } else if (SKIPPED_STATES.has(test.status)) {
        tally.skipped++;
        tally.skips.push(name);
      } else {
        tally.failed++;
        failedHere++;
        tally.failures.push(`${name} (unknown status "${test.status}")`);
      }
    }
    if (file.status === 'failed' && failedHere === 0) {
      tally.failed++;
      const reason = String(file.message ?? '').split('\n')[0].trim() || 'failed outside its tests';
      tally.failures.push(`${relative(file.name)}: ${reason}`);
    }
  }
  if (exitCode !== 0 && tally.failed === 0) {
    tally.failed = 1;
    tally.failures.push(`vitest exited with code ${exitCode} though no test failed (unhandled error or no test files; see its output)`);
  }
  return tally;
}

/**
 * Counts what the progress reporter wrote before vitest died, and adds one failure for the
 * crash itself, since the run did not finish.
 * @returns {Tally}
 */
export function countProgress(ndjson, why) {
  const tally = emptyTally();
  const tests = new Map();
  let ended = false;
  for (const line of ndjson.split('\n')) {
    if (!line.trim()) continue;
    let record;
    try {
      record = JSON.parse(line);
    } catch {
      continue; // the last line may be cut off by the crash
    }
    if (record.kind === 'test') tests.set(`${record.project}|${record.id}`, record);
    else if (record.kind === 'file-error') {
      tally.failed++;
      tally.failures.push(`${record.file}: ${String(record.message).split('\n')[0]}`);
    } else if (record.kind === 'end') ended = true;
  }
  for (const record of tests.values()) {
    const name = `${record.file} > ${record.name}`;
    if (record.state === 'passed') tally.passed++;
    else if (record.state === 'failed') {
      tally.failed++;
      tally.failures.push(name);
    } else {
      tally.skipped++;
      tally.skips.push(name);
    }
  }
  tally.failed++;
  tally.failures.push(`vitest did not finish: ${why}${ended ? '' : '; tests that had not finished are not counted'}`);
  tally.notes.push('counted from the progress log, since the JSON report is missing');
  return tally;
}
