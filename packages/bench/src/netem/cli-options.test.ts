import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { impairmentFlags, impairmentFromFlags } from './cli-options.js';
import { resolveDuplex } from './impairment.js';

const parse = (args: string[]) => impairmentFromFlags(parseArgs({ args, options: impairmentFlags() }).values);

describe('impairment flags', () => {
  it('turns shared and per-direction flags into options', () => {
    const o = parse(['--rtt', '100', '--loss', '1%', '--rate', '100mbit', '--reverse-loss', '0', '--seed', '12']);
    const d = resolveDuplex(o);
    expect(d.forward).toMatchObject({ delay: 50, loss: 0.01, rate: 100e6 });
    expect(d.reverse).toMatchObject({ delay: 50, loss: 0, rate: 100e6 });
    expect(d.seed).toBe(12);
  });

  it('rejects a seed that is not an integer', () => {
    expect(() => parse(['--seed', 'x'])).toThrow(/--seed/);
  });
});
