import { META_KEY, type CheckMeta, type SuiteName } from '../check.js';

/** The `format` field of every report this version writes. */
export const REPORT_FORMAT = 'zmtp-conformance-report@1';

export type CheckResult = 'passed' | 'failed' | 'skipped';

/** One check for one subject. */
export interface CheckRecord {
  /** Stable id: `<suite>.<check>`. */
  readonly id: string;
  readonly suite: SuiteName;
  readonly subject: string;
  readonly title: string;
  readonly result: CheckResult;
  /** Why it was skipped. */
  readonly reason?: string;
  /** The first line of the failure. */
  readonly error?: string;
  /** What the check wanted said beside the result (for example the work counts of the O(1) check). */
  readonly notes?: readonly string[];
  readonly durationMs?: number;
  /** The test file, relative to the run's root where known. */
  readonly file?: string;
}

/** Totals for one subject in one suite. */
export interface SubjectSummary {
  readonly suite: SuiteName;
  readonly subject: string;
  readonly capabilities: Record<string, unknown>;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

/** The machine-readable report. */
export interface ConformanceReport {
  readonly format: typeof REPORT_FORMAT;
  readonly generatedAt: string;
  readonly summary: { readonly passed: number; readonly failed: number; readonly skipped: number; readonly total: number };
  readonly subjects: readonly SubjectSummary[];
  readonly checks: readonly CheckRecord[];
}

/** What a runner knows about one finished test. */
export interface FinishedTest {
  readonly meta: Record<string, unknown> | undefined;
  readonly state: string;
  readonly note?: string;
  readonly errors?: readonly string[];
  readonly durationMs?: number;
  readonly file?: string;
}

/** The conformance description a test carries, or undefined for other tests. */
export function checkMetaOf(meta: Record<string, unknown> | undefined): CheckMeta | undefined {
  const value = meta?.[META_KEY];
  return value && typeof value === 'object' ? (value as CheckMeta) : undefined;
}

const firstLine = (text: string): string => text.split('\n').find((line) => line.trim() !== '')?.trim() ?? text;

/** Builds the report from finished tests; tests that are not conformance checks are left out. */
export function buildReport(tests: Iterable<FinishedTest>, now = new Date()): ConformanceReport {
  const checks: CheckRecord[] = [];
  const subjects = new Map<string, { summary: SubjectSummary; counts: Record<CheckResult, number> }>();
  for (const test of tests) {
    const meta = checkMetaOf(test.meta);
    if (!meta) continue;
    const result: CheckResult = test.state === 'passed' ? 'passed' : test.state === 'failed' ? 'failed' : 'skipped';
    const reason = result === 'skipped' ? (meta.skipReason ?? test.note ?? 'skipped by the runner (filtered or .skip)') : undefined;
    const error = result === 'failed' && test.errors?.length ? firstLine(test.errors[0]) : undefined;
    checks.push({
      id: meta.check,
      suite: meta.suite,
      subject: meta.subject,
      title: meta.title,
      result,
      ...(reason !== undefined ? { reason } : {}),
      ...(error !== undefined ? { error } : {}),
      ...(meta.notes?.length ? { notes: meta.notes } : {}),
      ...(test.durationMs !== undefined ? { durationMs: Math.round(test.durationMs) } : {}),
      ...(test.file !== undefined ? { file: test.file } : {}),
    });
    const key = `${meta.suite}\u0000${meta.subject}`;
    let entry = subjects.get(key);
    if (!entry) {
      entry = {
        summary: { suite: meta.suite, subject: meta.subject, capabilities: meta.capabilities, passed: 0, failed: 0, skipped: 0 },
        counts: { passed: 0, failed: 0, skipped: 0 },
      };
      subjects.set(key, entry);
    }
    entry.counts[result] += 1;
  }
  const summaries = [...subjects.values()].map(({ summary, counts }) => ({ ...summary, ...counts }));
  const count = (result: CheckResult) => checks.filter((check) => check.result === result).length;
  return {
    format: REPORT_FORMAT,
    generatedAt: now.toISOString(),
    summary: { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), total: checks.length },
    subjects: summaries,
    checks,
  };
}

/** The human-readable summary: one line per subject, then every failure and skip with its reason. */
export function formatSummary(report: ConformanceReport): string {
  const lines = ['@zmtp/conformance summary'];
  const width = Math.max(...report.subjects.map((s) => `${s.subject} (${s.suite})`.length), 10);
  for (const subject of report.subjects) {
    const name = `${subject.subject} (${subject.suite})`.padEnd(width);
    const verdict = subject.failed > 0 ? 'FAIL' : 'ok  ';
    lines.push(`  ${verdict} ${name}  ${subject.passed} passed, ${subject.failed} failed, ${subject.skipped} skipped`);
  }
  const failed = report.checks.filter((check) => check.result === 'failed');
  if (failed.length > 0) {
    lines.push('failed:');
    for (const check of failed) lines.push(`  - ${check.subject}: ${check.id}: ${check.error ?? 'failed'}`);
  }
  const skipped = report.checks.filter((check) => check.result === 'skipped');
  if (skipped.length > 0) {
    lines.push('skipped:');
    for (const check of skipped) lines.push(`  - ${check.subject}: ${check.id}: ${check.reason}`);
  }
  const { passed, failed: failures, skipped: skips, total } = report.summary;
  lines.push(`${total} checks: ${passed} passed, ${failures} failed, ${skips} skipped`);
  return lines.join('\n');
}
