// Runs the demo's @zmtp/transport-udp scenarios as tests, so a broken demo fails `test:all`.
import { describe, expect, it } from 'vitest';
import './transport-udp.js';
import { defaultRegistry } from '../registry.js';
import { runScenario } from '../runner.js';

const scenarios = defaultRegistry.list().filter((s) => s.package === 'transport-udp');

describe('transport-udp demo scenarios against libzmq', () => {
  it('registers the three udp:// scenarios', () => {
    expect(scenarios).toHaveLength(3);
  });

  for (const scenario of scenarios) {
    it(scenario.name, async () => {
      const result = await runScenario(scenario, { timeoutMs: 10_000 });
      expect(result.outcome, result.detail).toBe('ok');
    });
  }
});
