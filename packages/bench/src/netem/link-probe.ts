import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { inNamespace, type LinkInfo } from './link.js';
import { startPeer } from './peer-process.js';
import { pythonPath } from './system.js';
import { here } from './ts-entry.js';
import { summarise, type PingResult, type RttSummary } from './udp-probe.js';

export interface ProbeOptions {
  /** Probes to send. Default 5000. */
  count?: number;
  /** Probes per second. Default 1000. */
  rate?: number;
  /** Probe size in bytes. Default 64. */
  size?: number;
  /** UDP port of the echo server in B. Default 7007. */
  port?: number;
  /** The link's round trip in ms, to wait long enough for the last echoes. */
  rttMs?: number;
}

export interface ProbeResult extends PingResult {
  /** Probes that reached B. */
  arrived: number;
  forwardLoss: number;
  reverseLoss: number;
}

/** UDP probes from A to an echo server in B: round trips and loss each way. */
export async function probeLink(link: LinkInfo, o: ProbeOptions = {}): Promise<ProbeResult> {
  const port = String(o.port ?? 7007);
  const echo = startPeer(link, 'b', ['udp-echo', '--host', link.addresses.b, '--port', port]);
  try {
    await echo.ready;
    const ping = startPeer(link, 'a', [
      'udp-ping',
      '--host',
      link.addresses.b,
      '--port',
      port,
      '--count',
      String(o.count ?? 5000),
      '--rate',
      String(o.rate ?? 1000),
      '--size',
      String(o.size ?? 64),
      '--wait',
      String(Math.max(1000, 4 * (o.rttMs ?? 0))),
    ]);
    const result = (await ping.result) as PingResult;
    echo.stop();
    const { received: arrived } = (await echo.result) as { received: number };
    return {
      ...result,
      arrived,
      forwardLoss: result.sent ? 1 - arrived / result.sent : 0,
      reverseLoss: arrived ? 1 - (result.received + result.duplicates) / arrived : 0,
    };
  } finally {
    echo.stop();
  }
}

export interface IcmpPingResult {
  sent: number;
  received: number;
  rtt: RttSummary | undefined;
}

/**
 * ICMP ping from A to B: B's kernel answers and A's kernel stamps arrivals, so only
 * the link shows in the round trips (no Node process on the path but the ferry).
 */
export async function pingLink(link: LinkInfo, o: { count?: number; intervalMs?: number; rttMs?: number } = {}): Promise<IcmpPingResult> {
  const python = pythonPath();
  if (!python) throw new Error('python3 is needed for the ICMP ping and none was found');
  const count = o.count ?? 300;
  const timeout = Math.max(1, (4 * (o.rttMs ?? 0)) / 1000);
  const [command, ...args] = inNamespace(link, 'a', [python, here('icmp-ping.py'), link.addresses.b, String(count), String((o.intervalMs ?? 10) / 1000), String(timeout)]);
  const { stdout } = await promisify(execFile)(command, args, { encoding: 'utf8' });
  const result = JSON.parse(stdout) as { sent: number; received: number; rtts: number[] };
  return { sent: result.sent, received: result.received, rtt: summarise(result.rtts) };
}
