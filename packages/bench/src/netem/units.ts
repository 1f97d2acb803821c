import { InvalidArgumentError } from '@zmtp/core';

/** Rate suffixes in bits per second, as tc spells them (no "bps": tc reads that as bytes). */
const RATE_UNITS: Record<string, number> = { '': 1, bit: 1, kbit: 1e3, mbit: 1e6, gbit: 1e9, k: 1e3, m: 1e6, g: 1e9 };
const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1 << 20, mb: 1 << 20, mib: 1 << 20 };

function parseWithUnit(what: string, value: number | string, units: Record<string, number>, example: string): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value;
    throw new InvalidArgumentError(`${what} must be a finite number >= 0, got ${value}; for example ${example}`);
  }
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = match ? units[match[2].toLowerCase()] : undefined;
  if (!match || unit === undefined) {
    throw new InvalidArgumentError(
      `${what} '${value}' is not understood; write a number with one of the units ${Object.keys(units).filter(Boolean).join(', ')}, for example ${example}`,
    );
  }
  return Number(match[1]) * unit;
}

/** '100mbit', '1.5gbit', '500kbit' or a number of bits per second; 0 means unlimited. */
export function parseRate(value: number | string, what = 'rate'): number {
  return parseWithUnit(what, value, RATE_UNITS, "'100mbit' or 100e6");
}

/** '256kb', '1mb' (binary units) or a number of bytes. */
export function parseBytes(value: number | string, what = 'size'): number {
  return Math.round(parseWithUnit(what, value, BYTE_UNITS, "'256kb' or 262144"));
}

/** A probability: 0.01, or a percentage string '1%'. */
export function parseProbability(value: number | string, what: string): number {
  let p: number;
  if (typeof value === 'number') p = value;
  else {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(value);
    p = match ? Number(match[1]) / (match[2] ? 100 : 1) : Number.NaN;
  }
  if (!(p >= 0 && p <= 1)) {
    throw new InvalidArgumentError(
      `${what} must be a probability between 0 and 1 or a percentage, got ${String(value)}; for 1 % write 0.01 or '1%'`,
    );
  }
  return p;
}

/** Milliseconds, >= 0. */
export function parseMillis(value: number | string, what: string): number {
  const ms = typeof value === 'number' ? value : /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!(ms >= 0 && Number.isFinite(ms))) {
    throw new InvalidArgumentError(`${what} must be a number of milliseconds >= 0, got ${String(value)}; for example 50`);
  }
  return ms;
}

/** '100 Mbit/s' style text for reports. */
export function formatRate(bitsPerSecond: number): string {
  if (bitsPerSecond === 0) return 'unlimited';
  if (bitsPerSecond >= 1e9) return `${+(bitsPerSecond / 1e9).toFixed(3)} Gbit/s`;
  if (bitsPerSecond >= 1e6) return `${+(bitsPerSecond / 1e6).toFixed(3)} Mbit/s`;
  if (bitsPerSecond >= 1e3) return `${+(bitsPerSecond / 1e3).toFixed(3)} kbit/s`;
  return `${bitsPerSecond} bit/s`;
}
