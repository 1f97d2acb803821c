import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

const coreNode = fileURLToPath(new URL('../core/src/index.node.ts', import.meta.url));

// Tests import the package by its name, and core's Node entry (tcp and ipc), as users do.
export default defineProject({
  resolve: {
    alias: [
      { find: /^@zmtp\/transport-ipv6$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^@zmtp\/core(\/node)?$/, replacement: coreNode },
    ],
  },
  test: {
    name: 'transport-ipv6',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
