import type { LinkInfo } from './link.js';
import { linkStats } from './link.js';
import { measureTransport, type TransportRun } from './link-bench.js';
import { pickLinkTransports } from './link-transports.js';
import { pingLink, probeLink, type IcmpPingResult, type ProbeResult } from './link-probe.js';
import { mathisRate } from './mathis.js';
import { formatRate } from './units.js';

export interface ValidationCheck {
  check: string;
  setting: string;
  measured: string;
  pass: boolean;
}

export interface ValidationReport {
  checks: ValidationCheck[];
  ping: IcmpPingResult;
  probe: ProbeResult;
  tcp?: TransportRun;
  mathis?: number;
  pass: boolean;
}

export interface ValidateOptions {
  /** ICMP pings for the round trip, 10 ms apart. Default 300. */
  pings?: number;
  /** UDP probes for loss each way. Default 10000. */
  probes?: number;
  /** Probes per second. Default 2000. */
  probeRate?: number;
  /** Measured length of the CUBIC run in ms; 0 skips it. Default 15000. */
  tcpDurationMs?: number;
  /** Unmeasured start of the CUBIC run (slow start and its aftermath), in ms. Default 5000. */
  tcpWarmupMs?: number;
  /** Round-trip tolerance. Default 0.05 (5 %). */
  rttTolerance?: number;
  /** Accepted CUBIC/Mathis ratio range. Default [0.6, 1.4]. */
  mathisRange?: [number, number];
}

const pct = (x: number): string => `${+(x * 100).toFixed(3)} %`;

/** Loss within 3 standard errors (binomial) of the setting, or 0.1 points, whichever is wider. */
function lossCheck(name: string, setting: number, measured: number, n: number): ValidationCheck {
  const sigma = Math.sqrt((setting * (1 - setting)) / Math.max(1, n));
  const slack = Math.max(3 * sigma, 0.001);
  return { check: name, setting: pct(setting), measured: `${pct(measured)} (n=${n}, ±${pct(slack)})`, pass: Math.abs(measured - setting) <= slack };
}

/**
 * Checks a link against its settings: the median UDP round trip within 5 % of the
 * setting, loss each way near the setting, and kernel TCP CUBIC near the Mathis rate
 * when there is loss (rate limit permitting).
 */
export async function validateLink(link: LinkInfo, o: ValidateOptions = {}): Promise<ValidationReport> {
  const { settings } = await linkStats(link);
  const rtt = settings.forward.delay + settings.reverse.delay;
  const ping = await pingLink(link, { count: o.pings ?? 300, rttMs: rtt });
  const probe = await probeLink(link, { count: o.probes ?? 10_000, rate: o.probeRate ?? 2000, rttMs: rtt });
  const checks: ValidationCheck[] = [];
  const median = ping.rtt?.median ?? Number.NaN;
  const tolerance = o.rttTolerance ?? 0.05;
  checks.push({
    check: 'round trip (median ICMP ping)',
    setting: `${rtt} ms`,
    measured: ping.rtt
      ? `${median.toFixed(2)} ms (min ${ping.rtt.min.toFixed(2)}, p99 ${ping.rtt.p99.toFixed(2)}, ${ping.received}/${ping.sent})`
      : 'no echo came back',
    // 1 ms absolute floor: timers have 1 ms granularity, which dominates tiny settings.
    pass: Math.abs(median - rtt) <= Math.max(tolerance * rtt, 1),
  });
  checks.push(lossCheck('loss A->B', settings.forward.loss, probe.forwardLoss, probe.sent));
  checks.push(lossCheck('loss B->A', settings.reverse.loss, probe.reverseLoss, probe.arrived));

  let tcp: TransportRun | undefined;
  const mathis = mathisRate({ rttMs: rtt, loss: settings.forward.loss });
  const tcpDuration = o.tcpDurationMs ?? 15_000;
  const rate = settings.forward.rate;
  // TCP payload per 1500-byte packet: what a full link can carry as goodput.
  const rateGoodput = rate * (1448 / 1500);
  const measure = (): Promise<TransportRun> =>
    measureTransport(link, pickLinkTransports(['tcp-cubic'])[0], { durationMs: tcpDuration, warmupMs: o.tcpWarmupMs ?? 5000 });
  const describeRun = (run: TransportRun, ratio: number): string =>
    run.skipped ? `skipped: ${run.skipped}` : `${formatRate(Math.round(run.goodput ?? 0))} (ratio ${ratio.toFixed(2)}, ${run.retransmits ?? '?'} retransmits)`;
  if (tcpDuration > 0 && Number.isFinite(mathis) && !(rate > 0 && mathis > 0.5 * rateGoodput)) {
    tcp = await measure();
    const [low, high] = o.mathisRange ?? [0.6, 1.4];
    const ratio = (tcp.goodput ?? 0) / mathis;
    checks.push({ check: 'kernel TCP CUBIC vs Mathis', setting: formatRate(Math.round(mathis)), measured: describeRun(tcp, ratio), pass: !tcp.skipped && ratio >= low && ratio <= high });
  } else if (tcpDuration > 0 && rate > 0 && settings.forward.loss === 0) {
    // Without loss, a bulk flow should fill the bottleneck and never exceed it.
    tcp = await measure();
    const ratio = (tcp.goodput ?? 0) / rateGoodput;
    checks.push({ check: 'kernel TCP CUBIC fills the rate', setting: `${formatRate(Math.round(rateGoodput))} goodput`, measured: describeRun(tcp, ratio), pass: !tcp.skipped && ratio >= 0.85 && ratio <= 1.02 });
  }
  return { checks, ping, probe, tcp, mathis: Number.isFinite(mathis) ? mathis : undefined, pass: checks.every((c) => c.pass) };
}

export function formatValidation(report: ValidationReport): string {
  const head = ['check', 'setting', 'measured', 'verdict'];
  const rows = report.checks.map((c) => [c.check, c.setting, c.measured, c.pass ? 'PASS' : 'FAIL']);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}
