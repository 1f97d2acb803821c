/** The pick-cost chart: ns per pick against the number of pipes, both on log scales. */

export interface Series {
  readonly label: string;
  readonly color: string;
  readonly dashed?: boolean;
  readonly points: readonly { readonly pipes: number; readonly ns: number }[];
}

const width = 720;
const height = 440;
const left = 70;
const right = 190;
const top = 50;
const bottom = 60;

export function renderPickCostSvg(title: string, subtitle: string, series: readonly Series[]): string {
  const all = series.flatMap((s) => s.points);
  const xs = all.map((p) => p.pipes);
  const ys = all.map((p) => p.ns);
  const [x0, x1] = [Math.floor(Math.log10(Math.min(...xs))), Math.ceil(Math.log10(Math.max(...xs)))];
  const [y0, y1] = [Math.floor(Math.log10(Math.min(...ys))), Math.ceil(Math.log10(Math.max(...ys)))];
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const x = (pipes: number) => left + ((Math.log10(pipes) - x0) / Math.max(1, x1 - x0)) * plotW;
  const y = (ns: number) => top + plotH - ((Math.log10(ns) - y0) / Math.max(1, y1 - y0)) * plotH;

  const out: string[] = [];
  out.push(text(left, 22, title, 'font-size="15" font-weight="bold"'));
  out.push(text(left, 40, subtitle, 'fill="#555"'));
  for (let e = x0; e <= x1; e++) {
    const px = x(10 ** e);
    out.push(`<line x1="${px}" y1="${top}" x2="${px}" y2="${top + plotH}" stroke="#eee"/>`);
    out.push(text(px, top + plotH + 16, (10 ** e).toLocaleString('en-US'), 'text-anchor="middle"'));
  }
  for (let e = y0; e <= y1; e++) {
    const py = y(10 ** e);
    out.push(`<line x1="${left}" y1="${py}" x2="${left + plotW}" y2="${py}" stroke="#eee"/>`);
    out.push(text(left - 6, py + 4, nsLabel(10 ** e), 'text-anchor="end"'));
  }
  out.push(`<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`);
  out.push(text(left + plotW / 2, height - 20, 'pipes (active, saturated)', 'text-anchor="middle"'));
  out.push(text(16, top + plotH / 2, 'time per pick', `transform="rotate(-90 16 ${top + plotH / 2})" text-anchor="middle"`));

  series.forEach((s, i) => {
    const path = s.points.map((p, k) => `${k === 0 ? 'M' : 'L'}${x(p.pipes).toFixed(1)},${y(p.ns).toFixed(1)}`).join(' ');
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    out.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
    for (const p of s.points) out.push(`<circle cx="${x(p.pipes).toFixed(1)}" cy="${y(p.ns).toFixed(1)}" r="3" fill="${s.color}"/>`);
    const ly = top + 10 + i * 20;
    out.push(`<line x1="${left + plotW + 14}" y1="${ly}" x2="${left + plotW + 38}" y2="${ly}" stroke="${s.color}" stroke-width="2"${dash}/>`);
    out.push(text(left + plotW + 44, ly + 4, s.label));
  });

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    '<rect width="100%" height="100%" fill="white"/>',
    ...out,
    '</svg>',
    '',
  ].join('\n');
}

function nsLabel(ns: number): string {
  if (ns >= 1e6) return `${ns / 1e6} ms`;
  if (ns >= 1e3) return `${ns / 1e3} µs`;
  return `${ns} ns`;
}

function text(x: number, y: number, content: string, attributes = ''): string {
  const escaped = content.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<text x="${x}" y="${y}" ${attributes}>${escaped}</text>`;
}
