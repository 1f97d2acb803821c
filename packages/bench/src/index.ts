/**
 * @zmtp/bench: the benchmark suite of @zmtp/core against zeromq.js and raw Node sockets.
 * The CLI is `src/cli.ts`; these exports let scripts and tests drive the same harness.
 */
export { runSuite, planRuns, type SuiteResult } from './suite.js';
export { parseOptions, defaultOptions, usage, type SuiteOptions } from './options.js';
export { expandCases } from './matrix.js';
export { caseId, caseLabel, implLabels, type CaseSpec, type Impl, type Pattern, type TransportName } from './cases.js';
export { formatResults } from './report/tables.js';
export { renderSvg } from './report/svg.js';
export { writeResults } from './report/files.js';
export { targets, checkTargets, type Target, type TargetResult } from './targets.js';
export type { CaseSummary, ImplSummary, RunRecord } from './summary.js';
export type { SlowSummary } from './slow-summary.js';
export type { RunOutput, RunRequest } from './run-case.js';
export * from './netem/index.js';
