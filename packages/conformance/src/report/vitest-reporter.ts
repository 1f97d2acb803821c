import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { buildReport, formatSummary, type FinishedTest } from './report.js';

export interface ConformanceReporterOptions {
  /**
   * Where the JSON report goes, relative to the vitest root. Default: the
   * `ZMTP_CONFORMANCE_REPORT` environment variable, else
   * `test-results/zmtp-conformance.json`.
   */
  readonly outputFile?: string;
  /** Print the human-readable summary at the end of the run (default true). */
  readonly summary?: boolean;
}

/**
 * A vitest reporter that writes the conformance report (JSON) and prints a
 * summary with every failure and every skip reason. Add it beside vitest's own
 * reporters; tests that are not conformance checks are ignored.
 */
export class ConformanceReporter implements Reporter {
  private vitest: Vitest | undefined;

  constructor(private readonly options: ConformanceReporterOptions = {}) {}

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    const root = this.vitest?.config.root ?? process.cwd();
    const tests: FinishedTest[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        const diagnostic = test.diagnostic();
        tests.push({
          meta: test.meta() as Record<string, unknown>,
          state: result.state,
          ...(result.state === 'skipped' && result.note ? { note: result.note } : {}),
          ...(result.errors?.length ? { errors: result.errors.map((error) => error.message) } : {}),
          ...(diagnostic ? { durationMs: diagnostic.duration } : {}),
          file: module.relativeModuleId,
        });
      }
    }
    const report = buildReport(tests);
    if (report.checks.length === 0) return;
    // Loaded here so the package entry stays free of Node-only imports.
    const { mkdir, writeFile } = await import('node:fs/promises');
    const { dirname, resolve } = await import('node:path');
    const target = resolve(root, this.options.outputFile ?? process.env.ZMTP_CONFORMANCE_REPORT ?? 'test-results/zmtp-conformance.json');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, `${JSON.stringify(report, null, 2)}\n`);
    if (this.options.summary !== false) {
      const log = (text: string): void => (this.vitest ? this.vitest.logger.log(text) : console.log(text));
      log(`\n${formatSummary(report)}\nreport: ${target}\n`);
    }
  }
}
