import { defineProject } from 'vitest/config';

// The repository tooling's own tests (counting in test-all.mjs).
export default defineProject({
  test: {
    name: 'scripts',
    include: ['**/*.test.mjs'],
  },
});
