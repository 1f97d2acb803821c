import { InvalidArgumentError } from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { expandCases } from './matrix.js';
import { defaultOptions, parseOptions, parseSize } from './options.js';

describe('parseOptions', () => {
  it('reads the documented flags', () => {
    const o = parseOptions(['--only', 'push-pull', '--sizes', '64,1k,64KiB,1M', '--transport', 'tcp', '--duration', '2', '--repeat', '3', '--no-out']);
    expect(o.only).toEqual(['push-pull']);
    expect(o.sizes).toEqual([64, 1024, 65536, 1048576]);
    expect(o.transports).toEqual(['tcp']);
    expect(o.duration).toBe(2);
    expect(o.repeat).toBe(3);
    expect(o.outDir).toBeNull();
  });

  it('always measures ours, whatever --impl says', () => {
    expect(parseOptions(['--impl', 'zeromq']).impls).toEqual(['ours', 'zeromq']);
  });

  it.each([
    [['--only', 'push-sub'], /--only: "push-sub" is unknown; pick from push-pull/],
    [['--sizes', '12q'], /not a size; write bytes like 64/],
    [['--repeat', '0'], /--repeat: "0" must be a whole number from 1 to 100/],
    [['--duration', 'soon'], /--duration: "soon" must be a number of seconds/],
    [['--frobnicate'], /Run with --help/],
    [['--cpu-prof', '--no-out'], /--cpu-prof writes profiles under --out/],
  ])('rejects %j with a typed error saying how to fix it', (argv, message) => {
    let caught: unknown;
    try {
      parseOptions(argv);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidArgumentError);
    expect((caught as InvalidArgumentError).code).toBe('EINVAL');
    expect((caught as Error).message).toMatch(message);
  });

  it('parses sizes with units', () => {
    expect(parseSize('64')).toBe(64);
    expect(parseSize('64k')).toBe(65536);
    expect(parseSize('1MiB')).toBe(1048576);
  });
});

describe('expandCases', () => {
  it('covers every pattern, transport and mode, without two-process inproc', () => {
    const cases = expandCases(defaultOptions);
    const ids = cases.map((c) => `${c.pattern}/${c.size}x${c.subscribers}/${c.transport}/${c.processes}`);
    expect(ids).toContain('push-pull/1048576x1/ipc/2');
    expect(ids).toContain('pub-sub/64x16/inproc/1');
    expect(ids).toContain('req-rep/64x1/tcp/2');
    expect(ids.some((id) => id.endsWith('inproc/2'))).toBe(false);
    // 4 sizes + 3 fan-outs + 1 latency case, each over tcp and ipc in 1 and 2 processes and inproc in 1.
    expect(cases.filter((c) => c.pattern !== 'slow-consumer')).toHaveLength(8 * 5);
    expect(cases.filter((c) => c.pattern === 'slow-consumer').map((c) => c.hwm)).toEqual([100, 1000]);
  });
});
