import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// Tests import the package by its name, and core's Node entry (tcp and ipc), as users do.
export default defineProject({
  resolve: {
    // Regex aliases: a string '@zmtp/core' would also rewrite '@zmtp/core/draft' (which the
    // conformance suite imports for Radio and Dish).
    alias: [
      { find: /^@zmtp\/scheduler$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^@zmtp\/core\/draft$/, replacement: fileURLToPath(new URL('../core/src/draft.node.ts', import.meta.url)) },
      { find: /^@zmtp\/core(\/node)?$/, replacement: fileURLToPath(new URL('../core/src/index.node.ts', import.meta.url)) },
    ],
  },
  test: {
    name: 'scheduler',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
