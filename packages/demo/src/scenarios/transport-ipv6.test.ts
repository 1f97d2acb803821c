// Runs the demo's @zmtp/transport-ipv6 scenarios as tests, so a broken demo fails `test:all`.
import { describe, expect, it } from 'vitest';
import './transport-ipv6.js';
import { defaultRegistry } from '../registry.js';
import { runScenario } from '../runner.js';

const scenarios = defaultRegistry.list().filter((s) => s.package === 'transport-ipv6');

describe('transport-ipv6 demo scenarios against libzmq', () => {
  it('registers the four IPv6 scenarios', () => {
    expect(scenarios).toHaveLength(4);
  });

  for (const scenario of scenarios) {
    it(scenario.name, async () => {
      const result = await runScenario(scenario, { timeoutMs: 10_000 });
      expect(result.outcome, result.detail).toBe('ok');
    });
  }
});
