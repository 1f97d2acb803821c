// A vitest reporter that appends one JSON line per finished test, per file that failed
// outside its tests, and at the end of the run. It writes synchronously, so when vitest
// dies before its JSON reporter writes anything, test-all.mjs still knows what finished.
import { appendFileSync, writeFileSync } from 'node:fs';

export default class ProgressReporter {
  #file = process.env.TEST_ALL_PROGRESS_FILE;

  #write(record) {
    if (this.#file) appendFileSync(this.#file, `${JSON.stringify(record)}\n`);
  }

  onInit() {
    if (this.#file) writeFileSync(this.#file, '');
  }

  onTestCaseResult(testCase) {
    this.#write({
      kind: 'test',
      id: testCase.id,
      project: testCase.project.name,
      file: testCase.module.relativeModuleId,
      name: testCase.fullName,
      state: testCase.result().state,
    });
  }

  onTestModuleEnd(testModule) {
    const errors = testModule.errors();
    if (errors.length > 0) {
      this.#write({
        kind: 'file-error',
        project: testModule.project.name,
        file: testModule.relativeModuleId,
        message: errors.map((e) => e.message).join('; '),
      });
    }
  }

  onTestRunEnd(_modules, unhandledErrors, reason) {
    this.#write({ kind: 'end', reason, unhandledErrors: unhandledErrors.length });
  }
}
