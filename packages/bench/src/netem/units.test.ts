import { InvalidArgumentError } from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { formatRate, parseBytes, parseMillis, parseProbability, parseRate } from './units.js';

describe('units', () => {
  it('parses rates in bits per second as tc writes them', () => {
    expect(parseRate('100mbit')).toBe(100e6);
    expect(parseRate('1.5gbit')).toBe(1.5e9);
    expect(parseRate('500kbit')).toBe(500e3);
    expect(parseRate('2000')).toBe(2000);
    expect(parseRate(123)).toBe(123);
  });

  it('rejects rates it cannot read, saying how to write one', () => {
    expect(() => parseRate('100mbps')).toThrow(InvalidArgumentError);
    expect(() => parseRate('fast')).toThrow(/for example '100mbit'/);
    expect(() => parseRate(-1)).toThrow(InvalidArgumentError);
  });

  it('parses byte sizes with binary units', () => {
    expect(parseBytes('64kb')).toBe(65536);
    expect(parseBytes('1mb')).toBe(1 << 20);
    expect(parseBytes(1500)).toBe(1500);
    expect(() => parseBytes('1tb')).toThrow(InvalidArgumentError);
  });

  it('parses probabilities and percentages', () => {
    expect(parseProbability(0.01, 'loss')).toBe(0.01);
    expect(parseProbability('1%', 'loss')).toBe(0.01);
    expect(parseProbability('0.25', 'loss')).toBe(0.25);
    expect(() => parseProbability(2, 'loss')).toThrow(/for 1 % write 0.01/);
    expect(() => parseProbability('lots', 'loss')).toThrow(InvalidArgumentError);
  });

  it('parses milliseconds', () => {
    expect(parseMillis('50', 'delay')).toBe(50);
    expect(() => parseMillis('-3', 'delay')).toThrow(InvalidArgumentError);
    expect(() => parseMillis(Number.POSITIVE_INFINITY, 'delay')).toThrow(InvalidArgumentError);
  });

  it('formats rates for reports', () => {
    expect(formatRate(1.419e6)).toBe('1.419 Mbit/s');
    expect(formatRate(0)).toBe('unlimited');
    expect(formatRate(2.5e9)).toBe('2.5 Gbit/s');
  });
});
