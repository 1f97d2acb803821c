/** Writes a run's JSON and SVG into the results folder, under a time stamp and as `latest`. */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SuiteResult } from '../suite.js';
import { renderSvg } from './svg.js';

export function writeResults(result: SuiteResult, outDir: string): { json: string; svg: string } {
  mkdirSync(outDir, { recursive: true });
  const stamp = result.meta.date.replace(/[:.]/g, '-').replace(/-\d+Z$/, 'Z');
  const json = join(outDir, `bench-${stamp}.json`);
  const svg = join(outDir, `bench-${stamp}.svg`);
  writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(svg, renderSvg(result));
  copyFileSync(json, join(outDir, 'latest.json'));
  copyFileSync(svg, join(outDir, 'latest.svg'));
  return { json, svg };
}
