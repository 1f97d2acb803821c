import { describe, expect, it } from 'vitest';
import { addTallies, countProgress, countTypecheck, countVitestReport, finalLine } from './results.mjs';

const file = (name, status, tests, message = '') => ({
  name,
  status,
  message,
  assertionResults: tests.map(([fullName, testStatus]) => ({ fullName, title: fullName, status: testStatus })),
});

describe('finalLine', () => {
  it('names skipped tests only when there are some', () => {
    expect(finalLine({ passed: 3, failed: 0, skipped: 0 })).toBe('3 passed, 0 failed');
    expect(finalLine({ passed: 3, failed: 1, skipped: 2 })).toBe('3 passed, 1 failed, 2 skipped');
  });
});

describe('countTypecheck', () => {
  it('counts one check per package from the turbo summary', () => {
    const summary = {
      tasks: [
        { taskId: '@zmtp/core#typecheck', execution: { exitCode: 0 } },
        { taskId: '@zmtp/demo#typecheck', execution: { exitCode: 2 } },
      ],
    };
    const tally = countTypecheck(summary, '', 2);
    expect([tally.passed, tally.failed]).toEqual([1, 1]);
    expect(tally.failures).toEqual(['typecheck @zmtp/demo#typecheck: exit code 2']);
  });

  it("falls back to turbo's Tasks line without a summary", () => {
    const tally = countTypecheck(null, ' Tasks:    1 successful, 3 total\n', 2);
    expect([tally.passed, tally.failed]).toEqual([1, 2]);
  });

  it('counts a turbo failure that reported no package as one failure', () => {
    const tally = countTypecheck(null, 'x Unable to find package manager binary', 1);
    expect([tally.passed, tally.failed]).toEqual([0, 1]);
    expect(tally.failures[0]).toMatch(/exited with code 1/);
  });
});

describe('countVitestReport', () => {
  it('counts passed, failed and every kind of skipped test', () => {
    const report = {
      testResults: [
        file('/r/a.test.ts', 'failed', [
          ['a works', 'passed'],
          ['a breaks', 'failed'],
          ['a later', 'skipped'],
          ['a todo', 'todo'],
          ['a pending', 'pending'],
        ]),
        file('/r/b.test.ts', 'passed', [['b works', 'passed']]),
      ],
    };
    const tally = countVitestReport(report, 1, (p) => p.replace('/r/', ''));
    expect([tally.passed, tally.failed, tally.skipped]).toEqual([2, 1, 3]);
    expect(tally.failures).toEqual(['a.test.ts > a breaks']);
  });

  it('counts a file that failed outside its tests (did not load) as one failure', () => {
    const report = { testResults: [file('/r/c.test.ts', 'failed', [], 'Failed to resolve "@zmtp/core"\nstack')] };
    const tally = countVitestReport(report, 1);
    expect([tally.passed, tally.failed]).toEqual([0, 1]);
    expect(tally.failures).toEqual(['/r/c.test.ts: Failed to resolve "@zmtp/core"']);
  });

  it('does not count a failed file twice when its tests already failed', () => {
    const report = { testResults: [file('/r/d.test.ts', 'failed', [['d', 'failed']])] };
    expect(countVitestReport(report, 1).failed).toBe(1);
  });

  it('fails a run that exited non-zero with nothing failed (unhandled errors, no files)', () => {
    const tally = countVitestReport({ testResults: [file('/r/e.test.ts', 'passed', [['e', 'passed']])] }, 1);
    expect([tally.passed, tally.failed]).toEqual([1, 1]);
    expect(countVitestReport({ testResults: [] }, 0).failed).toBe(0);
  });
});

describe('countProgress', () => {
  it('counts what finished before the crash, keeps the last state per test, and fails the run', () => {
    const log = [
      { kind: 'test', project: 'core', id: '1', file: 'a.test.ts', name: 'one', state: 'passed' },
      { kind: 'test', project: 'core', id: '2', file: 'a.test.ts', name: 'two', state: 'failed' },
      { kind: 'test', project: 'core', id: '2', file: 'a.test.ts', name: 'two', state: 'passed' },
      { kind: 'test', project: 'demo', id: '1', file: 'b.test.ts', name: 'three', state: 'skipped' },
      { kind: 'file-error', project: 'core', file: 'c.test.ts', message: 'boom' },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const tally = countProgress(`${log}\n{"kind":"test","id":`, 'killed by SIGKILL');
    expect([tally.passed, tally.failed, tally.skipped]).toEqual([2, 2, 1]);
    expect(tally.failures).toEqual([
      'c.test.ts: boom',
      'vitest did not finish: killed by SIGKILL; tests that had not finished are not counted',
    ]);
  });

  it('still fails when the log is empty', () => {
    const tally = countProgress('', 'could not start vitest');
    expect([tally.passed, tally.failed, tally.skipped]).toEqual([0, 1, 0]);
  });
});

describe('addTallies', () => {
  it('sums counts and keeps every failure', () => {
    const a = { passed: 1, failed: 1, skipped: 0, failures: ['x'], skips: [], notes: [] };
    const b = { passed: 2, failed: 0, skipped: 1, failures: [], skips: ['y'], notes: ['n'] };
    expect(addTallies(a, b)).toEqual({ passed: 3, failed: 1, skipped: 1, failures: ['x'], skips: ['y'], notes: ['n'] });
  });
});
