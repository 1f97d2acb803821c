import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'conformance',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Each check sets its own limit; this covers hooks and the package's own tests.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
