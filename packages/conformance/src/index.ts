/**
 * @zmtp/conformance: the shared suite every transport, security mechanism and
 * scheduler passes. Each suite registers vitest tests; skipped checks say why;
 * the reporter writes a JSON report and prints a summary.
 */
export { transportSuite } from './transport/transport-suite.js';
export { socketSuite } from './socket/socket-suite.js';
export { mechanismSuite } from './mechanism/mechanism-suite.js';
export type { Carrier, MechanismFixture, MechanismSubject } from './mechanism/mechanism-subject.js';
export { schedulerSuite } from './scheduler/scheduler-suite.js';
export type { SchedulerFixture, SchedulerSubject } from './scheduler/scheduler-subject.js';
export type { AddressFactory, TransportFixture, TransportSubject } from './subject.js';
export type {
  MechanismCapabilities,
  OutsideFixture,
  SchedulerCapabilities,
  TransportConformanceCapabilities,
} from './capabilities.js';
export { SkipCheck, META_KEY, type CheckMeta, type SuiteName } from './check.js';
export { ConformanceReporter, type ConformanceReporterOptions } from './report/vitest-reporter.js';
export { reportFromVitestJson } from './report/from-vitest-json.js';
export {
  REPORT_FORMAT,
  buildReport,
  formatSummary,
  type CheckRecord,
  type CheckResult,
  type ConformanceReport,
  type FinishedTest,
  type SubjectSummary,
} from './report/report.js';
