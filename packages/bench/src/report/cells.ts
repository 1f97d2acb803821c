/** How one implementation's figures for a case read in a table cell or a chart label. */
import { isLatency, type CaseSpec } from '../cases.js';
import type { ImplSummary } from '../summary.js';
import { formatByteRate, formatCount, formatMicros } from '../units.js';

/** Big messages read best as bytes per second, small ones as messages per second. */
export function figureText(spec: CaseSpec, s: ImplSummary | undefined): string {
  if (s === undefined) return '–';
  if (s.runs === 0) return 'failed';
  const flag = s.failed > 0 ? '*' : '';
  if (isLatency(spec)) return `${formatMicros(s.p50Us ?? Number.NaN)} / ${formatMicros(s.p99Us ?? Number.NaN)}${flag}`;
  if (spec.pattern === 'push-pull' && spec.size >= 65536) return `${formatByteRate(s.bytesPerSec)}${flag}`;
  return `${formatCount(s.msgsPerSec)} msg/s${flag}`;
}

/** A number where longer bars are better: throughput, or round trips per second at the p50. */
export function goodness(spec: CaseSpec, s: ImplSummary | undefined): number {
  if (s === undefined || s.runs === 0) return 0;
  if (isLatency(spec)) return s.p50Us ? 1e6 / s.p50Us : 0;
  return spec.pattern === 'push-pull' && spec.size >= 65536 ? s.bytesPerSec : s.msgsPerSec;
}

/** Peak RSS in MiB: the measuring process, plus the peer process in two-process cases. */
export function rssText(s: ImplSummary | undefined): string {
  if (s === undefined || s.runs === 0) return '–';
  const main = Math.round(s.maxRssMiB);
  return s.peerMaxRssMiB === undefined ? `${main}` : `${main}+${Math.round(s.peerMaxRssMiB)}`;
}
