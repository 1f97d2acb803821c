import { describe, expect, it } from 'vitest';
import { ScenarioRegistry, type Scenario } from './registry.js';

const scenario = (pkg: string, name: string): Scenario => ({ package: pkg, name, run: async () => 'done' });

describe('ScenarioRegistry', () => {
  it('lists scenarios in registration order', () => {
    const registry = new ScenarioRegistry();
    registry.register(scenario('core', 'b'));
    registry.register(scenario('core', 'a'));
    registry.register(scenario('crypt', 'a'));
    expect(registry.list().map((s) => `${s.package}/${s.name}`)).toEqual(['core/b', 'core/a', 'crypt/a']);
  });

  it('rejects a second scenario with the same name in the same package', () => {
    const registry = new ScenarioRegistry();
    registry.register(scenario('core', 'PUSH/PULL'));
    expect(() => registry.register(scenario('core', 'PUSH/PULL'))).toThrow(/already registered for package "core"/);
    expect(registry.list()).toHaveLength(1);
  });

  it('rejects a scenario without a name, a package or a run function', () => {
    const registry = new ScenarioRegistry();
    expect(() => registry.register(scenario('core', ' '))).toThrow(/non-empty name and package/);
    expect(() => registry.register(scenario('', 'x'))).toThrow(/non-empty name and package/);
    expect(() => registry.register({ package: 'core', name: 'x' } as unknown as Scenario)).toThrow(/no run\(\) function/);
    expect(registry.list()).toHaveLength(0);
  });

  it('hands out a copy, so callers cannot change the registry', () => {
    const registry = new ScenarioRegistry();
    registry.register(scenario('core', 'a'));
    (registry.list() as Scenario[]).pop();
    expect(registry.list()).toHaveLength(1);
  });
});
