import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// Tests import the package by its name, and core's Node entry (tcp and ipc), as users do.
export default defineProject({
  resolve: {
    alias: {
      '@zmtp/scheduler': fileURLToPath(new URL('./src/index.ts', import.meta.url)),
      '@zmtp/core': fileURLToPath(new URL('../core/src/index.node.ts', import.meta.url)),
    },
  },
  test: {
    name: 'scheduler',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
