import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Every package, every example, and the repository tooling's own tests.
    projects: ['packages/*', 'examples/*', 'scripts'],
  },
});
