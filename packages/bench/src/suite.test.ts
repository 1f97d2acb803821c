/**
 * Smoke test of the harness with tiny windows: every kind of run completes in real worker
 * processes against real sockets and yields figures, the report and files render. It
 * asserts no speed: figures only have to exist and be positive.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseSpec, Impl } from './cases.js';
import { defaultOptions, type SuiteOptions } from './options.js';
import { writeResults } from './report/files.js';
import { formatResults } from './report/tables.js';
import { runInWorker } from './run-worker.js';
import { runSuite } from './suite.js';

const outDir = mkdtempSync(join(tmpdir(), 'zmtp-bench-test-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const tiny = { warmupMs: 50, durationMs: 100 };
const spec = (s: Partial<CaseSpec>): CaseSpec => ({
  pattern: 'push-pull',
  size: 64,
  subscribers: 1,
  transport: 'tcp',
  processes: 1,
  hwm: 1000,
  ...s,
});

describe('bench harness', () => {
  it('runs the suite over tcp in two processes and reports figures, targets, JSON and SVG', async () => {
    const options: SuiteOptions = {
      ...defaultOptions,
      only: ['push-pull', 'req-rep', 'slow-consumer'],
      sizes: [64],
      transports: ['tcp'],
      processes: [2],
      repeat: 1,
      duration: 0.1,
      warmup: 0.05,
      slowHwms: [10],
      slowDuration: 0.3,
      outDir,
      progress: false,
    };
    const result = await runSuite(options);

    expect(result.runs.filter((r) => !r.ok)).toEqual([]);
    // push-pull and req-rep for three implementations, slow-consumer for two.
    expect(result.runs).toHaveLength(8);
    const pushPull = result.cases.find((c) => c.id === 'push-pull/64/tcp/2p')!;
    for (const impl of ['ours', 'zeromq', 'raw'] as const) {
      expect(pushPull.impls[impl]!.msgsPerSec).toBeGreaterThan(0);
      expect(pushPull.impls[impl]!.maxRssMiB).toBeGreaterThan(10);
      expect(pushPull.impls[impl]!.peerMaxRssMiB).toBeGreaterThan(10);
    }
    const reqRep = result.cases.find((c) => c.id === 'req-rep/64/tcp/2p')!;
    expect(reqRep.impls.ours!.p50Us).toBeGreaterThan(0);
    expect(reqRep.impls.ours!.p99Us).toBeGreaterThanOrEqual(reqRep.impls.ours!.p50Us!);
    expect(reqRep.ratios.zeromq).toBeGreaterThan(0);
    expect(result.slow.map((s) => s.impl).sort()).toEqual(['ours', 'zeromq']);
    for (const s of result.slow) {
      expect(s.consumer!.samplesMiB.length).toBeGreaterThan(1);
      expect(s.producer!.peakMiB).toBeGreaterThan(10);
    }
    expect(result.meta.versions.zeromq).toMatch(/^zeromq 6\.\d+\.\d+ \(libzmq 4\.3\.\d+\)$/);

    expect(result.targets.map((t) => t.id).sort()).toEqual(['push-pull-64-msgs', 'req-rep-64-rtt']);
    const report = formatResults(result);
    expect(report).toMatch(/PUSH\/PULL 64 B\s+tcp\s+2/);
    expect(report).toMatch(/^ {2}(PASS|FAIL) +\d+\.\d+x {2}PUSH\/PULL 64 B msgs\/s >= 2\.0x zeromq\.js {2}\[two processes\]$/m);
    expect(report).toContain('Slow consumer');

    const files = writeResults(result, outDir);
    const saved = JSON.parse(readFileSync(files.json, 'utf8'));
    expect(saved.cases).toHaveLength(2);
    expect(JSON.parse(readFileSync(join(outDir, 'latest.json'), 'utf8')).meta.date).toBe(result.meta.date);
    const svg = readFileSync(files.svg, 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<rect /g)!.length).toBeGreaterThanOrEqual(1 + 3 + 6);
    expect(svg).toContain('<polyline');
  });

  it.each<[string, CaseSpec, Impl[]]>([
    ['PUB/SUB to 2 subscribers over ipc', spec({ pattern: 'pub-sub', subscribers: 2, transport: 'ipc' }), ['ours', 'zeromq', 'raw']],
    ['PUSH/PULL 64 KiB over inproc', spec({ size: 65536, transport: 'inproc' }), ['ours', 'zeromq']],
    ['REQ/REP over inproc', spec({ pattern: 'req-rep', transport: 'inproc' }), ['ours', 'zeromq']],
  ])('runs %s for each implementation', async (_name, s, impls) => {
    for (const impl of impls) {
      const output = await runInWorker({ spec: s, impl, ...tiny }, 30_000);
      expect(output.figures.messages, impl).toBeGreaterThan(0);
      expect(output.figures.bytesPerSec, impl).toBeGreaterThan(0);
      expect(output.maxRssKiB, impl).toBeGreaterThan(10_000);
    }
  });

  it('reports a run that cannot finish as failed instead of hanging', async () => {
    await expect(runInWorker({ spec: spec({}), impl: 'ours', warmupMs: 10_000, durationMs: 10_000 }, 1500)).rejects.toThrow(
      /no result after 2 s; the run was stopped/,
    );
  });
});
