import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'bench',
    include: ['src/**/*.test.ts'],
    // The smoke test forks real benchmark processes; keep room for a loaded machine.
    testTimeout: 120_000,
    hookTimeout: 30_000,
  },
});
