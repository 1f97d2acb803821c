import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

const core = (file: string) => fileURLToPath(new URL(`../core/src/${file}`, import.meta.url));

// Tests import the package by its name and core's Node entries, as users do. Regex aliases:
// a string '@zmtp/core' would also rewrite '@zmtp/core/draft'.
export default defineProject({
  resolve: {
    alias: [
      { find: /^@zmtp\/transport-udp$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^@zmtp\/core\/draft$/, replacement: core('draft.node.ts') },
      { find: /^@zmtp\/core(\/node)?$/, replacement: core('index.node.ts') },
    ],
  },
  test: {
    name: 'transport-udp',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
