/** Plain-text tables with aligned columns. */

export function renderTable(headers: string[], rows: string[][], rightAligned: ReadonlySet<number> = new Set()): string {
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i] + cell.length - width(cell)) : cell.padEnd(widths[i] + cell.length - width(cell))))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Display width: µ and → are one column each, as are all the characters used here. */
function width(text: string): number {
  return [...text].length;
}
