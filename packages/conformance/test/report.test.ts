/**
 * The reporters end to end: a child vitest runs a small project
 * (fixtures/report-project) with our reporter and vitest's JSON reporter; the
 * conformance report must say what happened, and the same report must come
 * out of vitest's JSON.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSummary, REPORT_FORMAT, reportFromVitestJson, type ConformanceReport } from '../src/index.js';

const project = fileURLToPath(new URL('./fixtures/report-project/', import.meta.url));
const vitest = fileURLToPath(new URL('../node_modules/.bin/vitest', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'zmtp-conformance-report-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

let run: { status: number | null; stdout: string };
let report: ConformanceReport;

beforeAll(() => {
  const child = spawnSync(
    vitest,
    [
      'run',
      '--root',
      project,
      '--reporter=@zmtp/conformance/reporter',
      '--reporter=json',
      `--outputFile.json=${join(out, 'vitest.json')}`,
    ],
    { encoding: 'utf8', env: { ...process.env, ZMTP_CONFORMANCE_REPORT: join(out, 'conformance.json'), RELAY_ADDRESS: '', CI: '1' } },
  );
  run = { status: child.status, stdout: `${child.stdout}${child.stderr}` };
  report = JSON.parse(readFileSync(join(out, 'conformance.json'), 'utf8')) as ConformanceReport;
}, 60_000);

const find = (subject: string, id: string) => report.checks.find((check) => check.subject === subject && check.id === id);

describe('the conformance report', () => {
  it('fails the run when a check fails', () => {
    expect(run.status, run.stdout).toBe(1);
  });

  it('records every check with its id, suite, subject and result, and nothing else', () => {
    expect(report.format).toBe(REPORT_FORMAT);
    expect(find('memory', 'transport.backpressure')?.result).toBe('passed');
    expect(find('lying memory', 'transport.addresses')).toMatchObject({ result: 'failed', suite: 'transport' });
    expect(find('lying memory', 'transport.addresses')?.error).toMatch(/localAddress/);
    expect(find('lying memory', 'transport.ping-ack')?.result).toBe('passed');
    expect(report.checks.some((check) => check.title.includes('not a conformance check'))).toBe(false);
    const { passed, failed, skipped, total } = report.summary;
    expect(passed + failed + skipped).toBe(total);
    expect(failed).toBe(1);
  });

  it('gives the reason for every skip: capabilities, and outside fixtures that are missing', () => {
    expect(find('NULL', 'mechanism.tampered-frame')).toMatchObject({ result: 'skipped', reason: expect.stringMatching(/not an encrypting mechanism/) });
    const relay = report.checks.filter((check) => check.subject === 'needs a relay');
    expect(relay.length).toBeGreaterThan(10);
    for (const check of relay) expect(check.reason).toMatch(/needs an outside fixture.*RELAY_ADDRESS/);
    expect(find('needs a hardware key', 'mechanism.handshake')).toMatchObject({ result: 'skipped', reason: 'no hardware key is plugged in' });
    for (const check of report.checks) if (check.result === 'skipped') expect(check.reason).toBeTruthy();
  });

  it('lists subjects with their capabilities and counts', () => {
    const lying = report.subjects.find((subject) => subject.subject === 'lying memory');
    expect(lying).toMatchObject({ suite: 'transport', failed: 1, capabilities: { kind: 'stream' } });
    const relay = report.subjects.find((subject) => subject.subject === 'needs a relay');
    expect(relay?.capabilities.fixture).toBe('a relay named in RELAY_ADDRESS');
  });

  it('prints the summary with failures and skip reasons', () => {
    expect(run.stdout).toContain('@zmtp/conformance summary');
    expect(run.stdout).toMatch(/FAIL lying memory \(transport\)/);
    expect(run.stdout).toMatch(/NULL: mechanism\.tampered-frame: not an encrypting mechanism/);
    expect(formatSummary(report)).toMatch(/checks: \d+ passed, 1 failed, \d+ skipped$/);
  });

  it("comes out the same from vitest's own JSON report", () => {
    const converted = reportFromVitestJson(JSON.parse(readFileSync(join(out, 'vitest.json'), 'utf8')));
    const key = (r: ConformanceReport) => r.checks.map((check) => `${check.subject}|${check.id}|${check.result}|${check.reason ?? ''}`).sort();
    expect(key(converted)).toEqual(key(report));
    expect(converted.summary).toEqual(report.summary);
  });
});
