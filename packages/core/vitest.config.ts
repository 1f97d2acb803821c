import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// Tests import the public API as '@zmtp/core'. With ZMTP_IMPL=zeromq the same tests
// run against the native zeromq.js binding, which checks the tests themselves.
const impl =
  process.env.ZMTP_IMPL === 'zeromq' ? 'zeromq' : fileURLToPath(new URL('./src/index.node.ts', import.meta.url));

export default defineProject({
  resolve: { alias: { '@zmtp/core': impl } },
  test: {
    name: 'core',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
