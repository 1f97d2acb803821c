// Runs the demo's core scenarios as tests, so a broken demo fails `test:all`.
// With ZMTP_IMPL=zeromq both sides are the native binding (this checks the scenarios).
import { describe, expect, it } from 'vitest';
import './scenarios/core.js';
import { defaultRegistry } from './registry.js';
import { runScenario } from './runner.js';

const core = defaultRegistry.list().filter((s) => s.package === 'core');

describe('core demo scenarios against libzmq', () => {
  it('covers PUSH/PULL, PUB/SUB and REQ/REP in both directions, binding and connecting', () => {
    expect(core.map((s) => s.name.replace(/\s+/g, ' '))).toEqual(
      ['PUSH/PULL', 'PUB/SUB', 'REQ/REP'].flatMap((pattern) => [
        `${pattern} ours -> libzmq (ours binds)`,
        `${pattern} ours -> libzmq (ours connects)`,
        `${pattern} libzmq -> ours (ours binds)`,
        `${pattern} libzmq -> ours (ours connects)`,
      ]),
    );
  });

  for (const scenario of core) {
    it(scenario.name, async () => {
      const result = await runScenario(scenario, { timeoutMs: 10_000 });
      expect(result.outcome, result.detail).toBe('ok');
    });
  }
});
