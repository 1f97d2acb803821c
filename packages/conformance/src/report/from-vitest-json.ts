import { buildReport, type ConformanceReport, type FinishedTest } from './report.js';

/** The parts of vitest's own JSON report (`--reporter=json`) this reads. */
interface VitestJson {
  readonly testResults?: readonly {
    readonly name?: string;
    readonly assertionResults?: readonly {
      readonly status?: string;
      readonly meta?: Record<string, unknown>;
      readonly duration?: number | null;
      readonly failureMessages?: readonly string[] | null;
    }[];
  }[];
}

/**
 * Builds the conformance report from a report vitest's built-in JSON reporter
 * wrote, for CI that already keeps one: every check carries its description in
 * the test's `meta`, which that reporter saves.
 */
export function reportFromVitestJson(json: unknown): ConformanceReport {
  const tests: FinishedTest[] = [];
  for (const file of (json as VitestJson).testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      tests.push({
        meta: test.meta,
        state: test.status ?? 'unknown',
        ...(test.failureMessages?.length ? { errors: test.failureMessages } : {}),
        ...(typeof test.duration === 'number' ? { durationMs: test.duration } : {}),
        ...(file.name !== undefined ? { file: file.name } : {}),
      });
    }
  }
  return buildReport(tests);
}
