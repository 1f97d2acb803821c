// Runs the demo's @zmtp/crypt scenarios as tests, so a broken demo fails `test:all`.
import { describe, expect, it } from 'vitest';
import './crypt.js';
import { defaultRegistry } from '../registry.js';
import { runScenario } from '../runner.js';

const scenarios = defaultRegistry.list().filter((s) => s.package === 'crypt');

describe('crypt demo scenarios against libzmq', () => {
  it('registers CURVE both ways and the opportunistic cases', () => {
    expect(scenarios).toHaveLength(6);
  });

  for (const scenario of scenarios) {
    it(scenario.name, async () => {
      const result = await runScenario(scenario, { timeoutMs: 10_000 });
      expect(result.outcome, result.detail).toBe('ok');
    });
  }
});
