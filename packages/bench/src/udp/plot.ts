/**
 * The `bench:udp` chart: one group of bars per case, one bar per implementation. The solid
 * bar is what the Dish received per second (longer is better), each group scaled to its
 * best; the pale bar behind it is what the sender sent, cut short (with a "»") when it
 * runs far past, as flooding senders do.
 */
import { formatCount, formatSize } from '../units.js';
import { formatOfferedRate } from './send-loop.js';
import type { UdpImpl } from './sides.js';
import type { UdpCase } from './summary.js';
import { percent } from './table.js';

const colors: Record<UdpImpl, string> = { ours: '#1f6fb4', zeromq: '#e08214', raw: '#8c8c8c' };
const width = 1100;
const labelWidth = 200;
const barMax = 480;
/** How far a pale (sent) bar may run past the longest solid one. */
const sentOverrun = 80;
const barHeight = 14;

export function renderUdpSvg(cases: readonly UdpCase[], subtitle: string): string {
  const body: string[] = [];
  let y = 22;
  body.push(text(16, y, 'Radio -> Dish over udp://127.0.0.1: messages per second', 'font-size="16" font-weight="bold"'));
  y += 18;
  body.push(text(16, y, subtitle, 'fill="#555"'));
  y += 16;
  body.push(
    text(16, y, 'Solid bar: received per second (longer is better; each group scaled to its best). Pale bar: sent per second (» runs further).', 'fill="#555"'),
  );
  y += 24;
  for (const c of cases) {
    const top = y;
    const largest = Math.max(1, ...c.rows.flatMap((row) => (row.figures ? [row.figures.receivedPerSecond] : [])));
    body.push(`<line x1="16" y1="${top - 6}" x2="${width - 16}" y2="${top - 6}" stroke="#eee"/>`);
    const where = c.processes === 1 ? 'one process' : 'two processes';
    body.push(text(16, top + 10, `${formatSize(c.size)} · ${where} · offered ${formatOfferedRate(c.rate)}`, 'font-weight="bold"'));
    for (const row of c.rows) {
      body.push(text(32, y + 26, row.label, 'font-size="11"'));
      const f = row.figures;
      if (f) {
        const sentFull = Math.max(1, (f.sentPerSecond / largest) * barMax);
        const sent = Math.min(sentFull, barMax + sentOverrun);
        const received = Math.max(1, (f.receivedPerSecond / largest) * barMax);
        const color = colors[row.impl];
        body.push(`<rect x="${labelWidth}" y="${y + 16}" width="${sent.toFixed(1)}" height="${barHeight}" fill="${color}" opacity="0.25"/>`);
        body.push(`<rect x="${labelWidth}" y="${y + 16}" width="${received.toFixed(1)}" height="${barHeight}" fill="${color}"/>`);
        if (sent < sentFull) body.push(text(labelWidth + sent - 12, y + 27, '»', 'font-size="11" fill="#555"'));
        const ratios = [row.vsZeromq, row.vsRaw]
          .map((ratio, i) => (ratio === undefined ? '' : `${ratio.toFixed(2)}x ${i === 0 ? 'zeromq.js' : 'raw'}`))
          .filter(Boolean)
          .join(', ');
        const figure = `${formatCount(f.receivedPerSecond)}/s of ${formatCount(f.sentPerSecond)}/s, ${percent(f.loss)} lost${ratios ? ` (${ratios})` : ''}`;
        body.push(text(labelWidth + Math.max(sent, received) + 6, y + 27, figure, 'font-size="10"'));
      } else {
        body.push(text(labelWidth, y + 27, 'every run failed', 'font-size="10" fill="#b00"'));
      }
      y += barHeight + 6;
    }
    y += 30;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" font-family="sans-serif" font-size="12">`,
    '<rect width="100%" height="100%" fill="white"/>',
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

function text(x: number, y: number, content: string, attributes = ''): string {
  const escaped = content.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}"${attributes ? ` ${attributes}` : ''}>${escaped}</text>`;
}
