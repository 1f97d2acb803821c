/** The text table of a `bench:udp` run. */
import { renderTable } from '../report/text-table.js';
import { formatByteRate, formatCount, formatRatio, formatSize } from '../units.js';
import { formatOfferedRate } from './send-loop.js';
import type { UdpCase } from './summary.js';

export const percent = (share: number): string => `${(100 * share).toFixed(1)} %`;

export function formatUdpTable(cases: readonly UdpCase[]): string {
  const rows: string[][] = [];
  for (const c of cases) {
    for (const row of c.rows) {
      const f = row.figures;
      const failed = f && f.failed > 0 ? ` (${f.failed} of ${f.runs} runs failed)` : '';
      rows.push([
        formatSize(c.size),
        String(c.processes),
        formatOfferedRate(c.rate),
        row.label + (f ? failed : ' (every run failed)'),
        f ? `${formatCount(f.sentPerSecond)}/s` : '–',
        f?.wirePerSecond !== undefined ? `${formatCount(f.wirePerSecond)}/s` : '–',
        f ? `${formatCount(f.receivedPerSecond)}/s` : '–',
        f ? formatByteRate(f.goodput) : '–',
        f ? percent(f.loss) + (f.bad > 0 ? ` (${f.bad} damaged)` : '') : '–',
        f?.droppedAtSender !== undefined ? percent(f.droppedAtSender) : '–',
        row.vsZeromq !== undefined ? formatRatio(row.vsZeromq) : '',
        row.vsRaw !== undefined ? formatRatio(row.vsRaw) : '',
      ]);
    }
  }
  return renderTable(
    ['size', 'procs', 'offered', 'implementation', 'sent', 'to kernel', 'received', 'goodput', 'loss', 'at sender', 'ours/zmq', 'ours/raw'],
    rows,
    new Set([4, 5, 6, 7, 8, 9, 10, 11]),
  );
}
