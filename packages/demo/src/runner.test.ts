import { describe, expect, it } from 'vitest';
import type { Scenario, ScenarioContext } from './registry.js';
import { columnsFor, formatResult, formatSummary, runScenario, runScenarios, type ScenarioResult } from './runner.js';

const make = (run: Scenario['run'], name = 'case'): Scenario => ({ package: 'core', name, run });
const options = { timeoutMs: 2_000 };

describe('runScenario', () => {
  it('reports what the scenario returned, then runs its clean-up newest first', async () => {
    const order: string[] = [];
    const result = await runScenario(
      make(async (ctx) => {
        ctx.defer(() => void order.push('first registered'));
        ctx.defer(async () => void order.push('second registered'));
        return '3 messages';
      }),
      options,
    );
    expect(result.outcome).toBe('ok');
    expect(result.detail).toBe('3 messages');
    expect(order).toEqual(['second registered', 'first registered']);
  });

  it('reports a rejection as FAIL with its message and error code', async () => {
    const result = await runScenario(
      make(async () => {
        throw Object.assign(new Error('Host unreachable'), { code: 'EHOSTUNREACH' });
      }),
      options,
    );
    expect(result.outcome).toBe('FAIL');
    expect(result.detail).toBe('EHOSTUNREACH: Host unreachable');
  });

  it('reports a synchronous throw as FAIL instead of throwing', async () => {
    const result = await runScenario(
      make(() => {
        throw new Error('bad setup');
      }),
      options,
    );
    expect(result).toMatchObject({ outcome: 'FAIL', detail: 'bad setup' });
  });

  it('gives up on a scenario that never settles, aborts its signal and still cleans up', async () => {
    let seen: ScenarioContext | undefined;
    let cleaned = false;
    const result = await runScenario(
      make((ctx) => {
        seen = ctx;
        ctx.defer(() => void (cleaned = true));
        return new Promise<string>(() => undefined);
      }),
      { timeoutMs: 50 },
    );
    expect(result.outcome).toBe('TIME');
    expect(result.detail).toMatch(/did not finish within 50 ms/);
    expect(seen?.signal.aborted).toBe(true);
    expect(cleaned).toBe(true);
  });

  it('turns a success into FAIL when clean-up throws', async () => {
    const result = await runScenario(
      make(async (ctx) => {
        ctx.defer(() => {
          throw new Error('close failed');
        });
        return 'fine';
      }),
      options,
    );
    expect(result.outcome).toBe('FAIL');
    expect(result.detail).toBe('fine; but clean-up failed: close failed');
  });
});

describe('runScenarios', () => {
  it('runs every scenario even after a failure and reports each as it finishes', async () => {
    const reported: string[] = [];
    const results = await runScenarios(
      [make(async () => 'a', 'one'), make(async () => Promise.reject(new Error('no')), 'two'), make(async () => 'c', 'three')],
      options,
      (r) => reported.push(`${r.scenario.name}:${r.outcome}`),
    );
    expect(reported).toEqual(['one:ok', 'two:FAIL', 'three:ok']);
    expect(results.map((r) => r.outcome)).toEqual(['ok', 'FAIL', 'ok']);
  });
});

describe('formatting', () => {
  const result = (name: string, outcome: ScenarioResult['outcome'], detail: string, pkg = 'core'): ScenarioResult => ({
    scenario: { package: pkg, name, run: async () => '' },
    outcome,
    detail,
    elapsedMs: 12.4,
  });

  it('aligns package and name columns and keeps a result on one line', () => {
    const results = [
      result('PUSH/PULL  ours -> libzmq', 'ok', '60 messages'),
      result('REQ/REP', 'FAIL', 'first line\n  second line', 'transport-ipv6'),
    ];
    const columns = columnsFor(results.map((r) => r.scenario));
    expect(formatResult(results[0], columns)).toBe(
      'ok   core            PUSH/PULL  ours -> libzmq  60 messages  (12 ms)',
    );
    expect(formatResult(results[1], columns)).toBe(
      'FAIL transport-ipv6  REQ/REP                    first line | second line  (12 ms)',
    );
  });

  it('summarises counts, naming time-outs only when there are some', () => {
    expect(formatSummary([result('a', 'ok', ''), result('b', 'FAIL', '')])).toBe('2 scenarios: 1 ok, 1 failed');
    expect(formatSummary([result('a', 'TIME', '')])).toBe('1 scenario: 0 ok, 0 failed, 1 timed out');
  });
});
