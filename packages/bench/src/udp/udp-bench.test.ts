import { InvalidArgumentError } from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { parseUdpOptions } from './options.js';
import { planUdpRuns } from './plan.js';
import { runUdp, type UdpRunResult, type UdpRunSpec } from './run.js';
import { parseOfferedRate, sendLoop } from './send-loop.js';
import { summarize, type UdpRunRecord } from './summary.js';

describe('bench:udp flags', () => {
  it('reads the documented flags', () => {
    const o = parseUdpOptions(['--sizes', '64,1k', '--rates', '20k,flood', '--processes', '2', '--impl', 'zeromq', '--duration', '0.5', '--no-out']);
    expect(o).toMatchObject({ sizes: [64, 1024], rates: [20_000, 'flood'], processes: [2], impls: ['ours', 'zeromq'], duration: 0.5, outDir: null });
    expect(o.link).toBeUndefined();
    expect(o.modes).toEqual([{}]);
  });

  it('turns impairment flags into a relay, and modes into a cross product', () => {
    const o = parseUdpOptions(['--rtt', '20', '--loss', '1%', '--congestion', 'none,tfrc', '--delivery', 'newest-only']);
    expect(o.link).toMatchObject({ rtt: 20, loss: '1%' });
    expect(o.modes).toEqual([
      { congestion: 'none', delivery: 'newest-only' },
      { congestion: 'tfrc', delivery: 'newest-only' },
    ]);
  });

  it.each([
    [['--rates', 'fast'], /"fast" is not a rate/],
    [['--congestion', 'reno'], /--congestion: "reno" is unknown; pick from none, ccid2, tfrc/],
    [['--processes', '3'], /--processes: "3" is unknown/],
    [['--bogus'], /Run with --help/],
  ])('rejects %j with a typed error saying how to fix it', (argv, message) => {
    expect(() => parseUdpOptions(argv)).toThrow(InvalidArgumentError);
    expect(() => parseUdpOptions(argv)).toThrow(message);
  });

  it('reads rates with k and M', () => {
    expect([parseOfferedRate('250', 'r'), parseOfferedRate('20k', 'r'), parseOfferedRate('1.5M', 'r')]).toEqual([250, 20_000, 1_500_000]);
  });
});

describe('bench:udp plan and summary', () => {
  it('runs ours once per mode and each baseline once per case, rotating the order each repetition', () => {
    const o = parseUdpOptions(['--sizes', '64', '--processes', '1', '--rates', 'flood', '--repeat', '2', '--congestion', 'none,tfrc']);
    const plan = planUdpRuns(o);
    const order = (rep: number) => plan.filter((run) => run.rep === rep).map(({ spec }) => `${spec.impl}${spec.mode.congestion ? `:${spec.mode.congestion}` : ''}`);
    expect(order(0)).toEqual(['ours:none', 'ours:tfrc', 'zeromq', 'raw']);
    expect(order(1)).toEqual(['ours:tfrc', 'zeromq', 'raw', 'ours:none']);
  });

  it('takes medians and sets ours against the baselines of the same case', () => {
    const spec = (impl: UdpRunSpec['impl']): UdpRunSpec => ({ impl, size: 64, processes: 1, rate: 'flood', duration: 1, warmup: 0, mode: {} });
    const result = (received: number): UdpRunResult => ({
      sent: 1000,
      received,
      bad: 0,
      seconds: 1,
      sentPerSecond: 1000,
      receivedPerSecond: received,
      loss: 1 - received / 1000,
    });
    const records: UdpRunRecord[] = [
      ...[600, 800, 700].map((received, rep) => ({ spec: spec('ours'), rep, result: result(received) })),
      ...[350, 360].map((received, rep) => ({ spec: spec('zeromq'), rep, result: result(received) })),
      { spec: spec('zeromq'), rep: 2, error: 'boom' },
      { spec: spec('raw'), rep: 0, result: result(1000) },
    ];
    const [only] = summarize(records, false);
    const ours = only.rows.find((row) => row.impl === 'ours')!;
    expect(ours.figures).toMatchObject({ receivedPerSecond: 700, runs: 3, failed: 0 });
    expect(ours.figures?.loss).toBeCloseTo(0.3);
    expect(ours.vsZeromq).toBeCloseTo(700 / 355);
    expect(ours.vsRaw).toBeCloseTo(0.7);
    expect(only.rows.find((row) => row.impl === 'zeromq')).toMatchObject({ figures: { runs: 3, failed: 1 }, errors: ['boom'] });
  });
});

describe('bench:udp runs', () => {
  it('the send loop stops when told and counts what it sent', async () => {
    let calls = 0;
    const { sent } = await sendLoop(() => void calls++, 'flood', () => calls >= 200);
    expect(sent).toBe(calls);
  });

  it.each(['ours', 'raw'] as const)('%s Radio -> Dish: messages arrive undamaged, and the counts add up', async (impl) => {
    const run = await runUdp({ impl, size: 64, processes: 1, rate: 2000, duration: 0.3, warmup: 0, mode: {} });
    expect(run.bad).toBe(0);
    expect(run.received).toBeGreaterThan(0);
    expect(run.received).toBeLessThanOrEqual(run.sent);
    expect(run.wirePerSecond).toBeGreaterThan(0);
  });
});
