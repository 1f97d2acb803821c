import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { isIP } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * UDP echo probes: the link's "ping" (ICMP needs raw sockets Node lacks, and the ping
 * binary may be missing). Each probe carries its sequence number and send time; the
 * echo server counts what arrives, so loss is known per direction.
 */
export interface PingOptions {
  host: string;
  port: number;
  count: number;
  /** Probes per second. */
  rate: number;
  /** Probe size in bytes (at least 16). */
  size: number;
  /** How long to wait for late echoes after the last probe, in ms. */
  waitMs: number;
}

export interface RttSummary {
  min: number;
  median: number;
  mean: number;
  p99: number;
  max: number;
}

export interface PingResult {
  sent: number;
  received: number;
  duplicates: number;
  reordered: number;
  rtt: RttSummary | undefined;
}

export function summarise(samples: number[]): RttSummary | undefined {
  if (samples.length === 0) return undefined;
  const s = [...samples].sort((x, y) => x - y);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { min: s[0], median: at(0.5), mean: s.reduce((a, b) => a + b, 0) / s.length, p99: at(0.99), max: s[s.length - 1] };
}

/** Echoes every datagram; resolves with the count once `signal` aborts. */
export async function udpEcho(host: string, port: number, onReady: () => void, signal: AbortSignal): Promise<{ received: number }> {
  const socket = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
  let received = 0;
  socket.on('message', (data, from) => {
    received++;
    socket.send(data, from.port, from.address);
  });
  socket.on('error', () => {});
  socket.bind(port, host);
  await once(socket, 'listening');
  onReady();
  if (!signal.aborted) await once(signal, 'abort');
  socket.close();
  return { received };
}

export async function udpPing(o: PingOptions): Promise<PingResult> {
  const socket = createSocket(isIP(o.host) === 6 ? 'udp6' : 'udp4');
  const seen = new Uint8Array(o.count);
  const rtts: number[] = [];
  let duplicates = 0;
  let reordered = 0;
  let highest = -1;
  socket.on('error', () => {});
  socket.on('message', (data) => {
    if (data.byteLength < 16) return;
    const now = performance.now();
    const seq = data.readUInt32BE(0);
    if (seq >= o.count) return;
    if (seen[seq]) {
      duplicates++;
      return;
    }
    seen[seq] = 1;
    if (seq < highest) reordered++;
    else highest = seq;
    rtts.push(now - data.readDoubleBE(8));
  });
  socket.bind(0);
  await once(socket, 'listening');
  const start = performance.now();
  let sent = 0;
  // Paced in 1 ms slices: setTimeout cannot tick faster, so send what is due each time.
  while (sent < o.count) {
    const due = Math.min(o.count, Math.floor(((performance.now() - start) * o.rate) / 1000) + 1);
    for (; sent < due; sent++) {
      // A fresh buffer each time: dgram sends asynchronously and does not copy.
      const probe = Buffer.alloc(Math.max(16, o.size));
      probe.writeUInt32BE(sent, 0);
      probe.writeDoubleBE(performance.now(), 8);
      socket.send(probe, o.port, o.host);
    }
    await sleep(1);
  }
  await sleep(o.waitMs);
  socket.close();
  return { sent, received: rtts.length, duplicates, reordered, rtt: summarise(rtts) };
}
