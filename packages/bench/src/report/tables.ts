/** The text report: figures and ratios per case, slow-consumer memory, targets. */
import { implLabels, impls, isLatency, caseLabel } from '../cases.js';
import type { SuiteResult } from '../suite.js';
import { formatCount, formatRatio, formatSize } from '../units.js';
import { figureText, rssText } from './cells.js';
import { renderTable } from './text-table.js';

export function formatResults(result: SuiteResult): string {
  const parts: string[] = [];
  const present = impls.filter((impl) => result.cases.some((c) => c.impls[impl] !== undefined));
  if (result.cases.length > 0) {
    const headers = ['case', 'transport', 'procs', ...present.map((i) => implLabels[i])];
    if (present.includes('zeromq')) headers.push('ours/zmq');
    if (present.includes('raw')) headers.push('ours/raw');
    headers.push(`peak RSS MiB (${present.map((i) => implLabels[i]).join(' / ')})`);
    const rows = result.cases.map((c) => {
      const row = [caseLabel(c.spec), c.spec.transport, String(c.spec.processes)];
      for (const impl of present) row.push(figureText(c.spec, c.impls[impl]));
      const ratio = (r: number | undefined) => (r === undefined ? '–' : formatRatio(r) + (isLatency(c.spec) ? ' rt' : ''));
      if (present.includes('zeromq')) row.push(ratio(c.ratios.zeromq));
      if (present.includes('raw')) row.push(ratio(c.ratios.raw));
      row.push(present.map((impl) => rssText(c.impls[impl])).join(' / '));
      return row;
    });
    const right = new Set(rows[0].map((_, i) => i).filter((i) => i >= 3 && i < headers.length - 1));
    parts.push(renderTable(headers, rows, right));
    parts.push(
      [
        `Medians of ${result.options.repeat} runs of ${result.options.duration} s (after ${result.options.warmup} s of warm-up), each run in fresh processes.`,
        'Throughput ratios: ours ÷ baseline, higher is better. REQ/REP cells: p50 / p99 round trip; "rt" ratios',
        'compare p50 round trips, lower is better. PUB/SUB: messages received per second, summed over subscribers.',
        'RSS "a+b": the measuring process + the peer process. "*": some runs failed (see the JSON). "–": not applicable.',
      ].join('\n'),
    );
  }
  if (result.slow.length > 0) {
    const mem = (s: { idleMiB: number; peakMiB: number; lateGrowthMiB: number } | undefined) =>
      s === undefined ? '–' : `${Math.round(s.idleMiB)} → ${Math.round(s.peakMiB)} (${signed(s.lateGrowthMiB)})`;
    const rows = result.slow.map((s) => [
      implLabels[s.impl],
      String(s.hwm),
      formatSize(s.size),
      s.error ? 'failed' : `${formatCount(s.consumedPerSec)}/s`,
      mem(s.consumer),
      mem(s.producer),
      `${Math.round(s.budgetMiB)}`,
      s.error ? s.error : s.producerCapped ? 'NO (producer hit the 1.5 GiB cap)' : s.bounded ? 'yes' : 'NO',
    ]);
    parts.push(
      'Slow consumer: the puller takes one message per millisecond; the pusher sends a fresh buffer per message.\n' +
        'Budget: the growth over idle RSS each side may show, 2 x HWM x size + 96 MiB (heap, JIT, garbage, buffers).\n' +
        '"late": peak RSS of the second half of the run minus that of the first. HWM 0 means no limit.\n' +
        renderTable(
          ['impl', 'HWM', 'size', 'consumed', 'consumer RSS MiB idle → peak (late)', 'producer RSS MiB', 'budget MiB', 'bounded'],
          rows,
          new Set([1, 3, 6]),
        ),
    );
  }
  if (result.targets.length > 0) {
    parts.push(
      'Targets (tcp, medians):\n' +
        result.targets
          .map((t) => `  ${t.pass ? 'PASS' : 'FAIL'}  ${formatRatio(t.ratio).padStart(6)}  ${t.label}  [${t.processes === 1 ? 'one process' : 'two processes'}]`)
          .join('\n'),
    );
  }
  const cores = Number.parseInt(result.meta.cpus, 10);
  const [loadStart, loadEnd] = result.meta.loadAverage;
  if (Math.max(loadStart, loadEnd) > cores) {
    parts.push(
      `Note: the machine was busy (load average ${loadStart.toFixed(1)} at the start, ${loadEnd.toFixed(1)} at the end, on ${cores} cores); ` +
        'figures are noisier and lower than on an idle machine. Ratios suffer less than absolute figures.',
    );
  }
  const failed = result.runs.filter((r) => !r.ok);
  if (failed.length > 0) {
    parts.push(`Failed runs (${failed.length}):\n` + failed.map((r) => `  ${r.caseId} ${r.impl} #${r.rep}: ${r.error}`).join('\n'));
  }
  return parts.join('\n\n');
}

function signed(mib: number): string {
  const r = Math.round(mib);
  return r > 0 ? `+${r}` : `${r}`;
}
