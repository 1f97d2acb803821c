/**
 * The SVG chart, written by hand: one group of bars per case (longer is better; each
 * group is scaled to its best bar, with the figure written at the bar's end), and small
 * RSS-over-time plots for the slow-consumer runs.
 */
import { caseLabel, implLabels, impls, type Impl } from '../cases.js';
import type { SlowSummary } from '../slow-summary.js';
import type { SuiteResult } from '../suite.js';
import { formatRatio } from '../units.js';
import { figureText, goodness } from './cells.js';

const colors: Record<Impl, string> = { ours: '#1f6fb4', zeromq: '#e08214', raw: '#8c8c8c' };
const width = 980;
const labelWidth = 300;
const barMax = 520;
const barHeight = 12;

export function renderSvg(result: SuiteResult): string {
  const body: string[] = [];
  let y = 20;
  body.push(text(16, y, 'zmtp-basket benchmarks', 'font-size="16" font-weight="bold"'));
  y += 18;
  const commit = result.meta.commit ? `, commit ${result.meta.commit}` : '';
  body.push(text(16, y, `${result.meta.date.slice(0, 16).replace('T', ' ')} UTC, Node ${result.meta.node}, ${result.meta.cpus}${commit}`, 'fill="#555"'));
  y += 16;
  body.push(
    text(16, y, 'Bars: longer is better (throughput; REQ/REP: 1 ÷ p50 round trip). Each group is scaled to its best bar.', 'fill="#555"'),
  );
  y += 20;
  let x = 16;
  for (const impl of impls) {
    body.push(`<rect x="${x}" y="${y - 10}" width="12" height="12" fill="${colors[impl]}"/>`);
    body.push(text(x + 18, y, implLabels[impl]));
    x += 130;
  }
  y += 18;

  for (const c of result.cases) {
    const present = impls.filter((impl) => c.impls[impl] !== undefined);
    const best = Math.max(...present.map((impl) => goodness(c.spec, c.impls[impl])), 0);
    const top = y;
    body.push(`<line x1="16" y1="${top - 4}" x2="${width - 16}" y2="${top - 4}" stroke="#eee"/>`);
    body.push(text(16, top + 10, `${caseLabel(c.spec)} · ${c.spec.transport} · ${c.spec.processes === 1 ? 'one process' : 'two processes'}`));
    const ratios = [
      c.ratios.zeromq !== undefined ? `${formatRatio(c.ratios.zeromq)} zeromq.js` : '',
      c.ratios.raw !== undefined ? `${formatRatio(c.ratios.raw)} raw` : '',
    ].filter(Boolean);
    if (ratios.length) body.push(text(16, top + 24, `ours: ${ratios.join(', ')}${c.spec.pattern === 'req-rep' ? ' (p50, lower is better)' : ''}`, 'fill="#555" font-size="10"'));
    for (const impl of present) {
      const value = goodness(c.spec, c.impls[impl]);
      const length = best > 0 ? Math.max(1, (value / best) * barMax) : 1;
      body.push(`<rect x="${labelWidth}" y="${y}" width="${length.toFixed(1)}" height="${barHeight}" fill="${colors[impl]}"/>`);
      body.push(text(labelWidth + length + 6, y + 10, figureText(c.spec, c.impls[impl]), 'font-size="10"'));
      y += barHeight + 3;
    }
    y = Math.max(y, top + 30) + 10;
  }

  if (result.slow.length > 0) y = slowPanel(result.slow, body, y + 10);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 10}" viewBox="0 0 ${width} ${y + 10}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** Small multiples: RSS over time of both sides of each slow-consumer run, on one scale. */
function slowPanel(slow: readonly SlowSummary[], body: string[], y: number): number {
  body.push(text(16, y, 'Slow consumer: RSS over time (MiB); solid: consumer, dashed: producer', 'font-weight="bold"'));
  y += 14;
  const plotW = 190;
  const plotH = 90;
  const perRow = 4;
  const all = slow.flatMap((s) => [...(s.consumer?.samplesMiB ?? []), ...(s.producer?.samplesMiB ?? [])]);
  const maxMiB = Math.max(1, ...all);
  slow.forEach((s, i) => {
    const px = 40 + (i % perRow) * (plotW + 50);
    const py = y + Math.floor(i / perRow) * (plotH + 40) + 20;
    body.push(text(px, py - 6, `${implLabels[s.impl]}, HWM ${s.hwm}${s.bounded ? '' : ' (over budget)'}`, 'font-size="11"'));
    body.push(`<rect x="${px}" y="${py}" width="${plotW}" height="${plotH}" fill="none" stroke="#ccc"/>`);
    body.push(text(px - 4, py + 10, String(Math.round(maxMiB)), 'font-size="9" text-anchor="end"'));
    body.push(text(px - 4, py + plotH, '0', 'font-size="9" text-anchor="end"'));
    for (const [side, dash] of [
      [s.consumer, ''],
      [s.producer, ' stroke-dasharray="4 3"'],
    ] as const) {
      if (!side || side.samplesMiB.length < 2) continue;
      const n = side.samplesMiB.length - 1;
      const points = side.samplesMiB
        .map((v, k) => `${(px + (k / n) * plotW).toFixed(1)},${(py + plotH - (v / maxMiB) * plotH).toFixed(1)}`)
        .join(' ');
      body.push(`<polyline points="${points}" fill="none" stroke="${colors[s.impl]}" stroke-width="1.5"${dash}/>`);
    }
  });
  return y + Math.ceil(slow.length / perRow) * (plotH + 40) + 10;
}

function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}"${attributes ? ` ${attributes}` : ''}>${escapeXml(content)}</text>`;
}

function escapeXml(content: string): string {
  return content.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
