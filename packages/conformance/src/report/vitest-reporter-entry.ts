/**
 * For `vitest run --reporter=@zmtp/conformance/reporter`: vitest instantiates a
 * reporter module's default export with no options.
 */
export { ConformanceReporter as default } from './vitest-reporter.js';
