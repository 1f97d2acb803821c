import { describe, expect, it } from 'vitest';
import type { LinkTransportPeer } from './link-transport.js';
import * as kernelTcp from './peers/kernel-tcp.js';
import * as zmtpTcp from './peers/zmtp-tcp.js';
import { udpEcho, udpPing } from './udp-probe.js';

/**
 * The peer modules run inside the link's namespaces; here both sides run in this process
 * on loopback, which checks them where namespaces are not available.
 */
async function transfer(peer: LinkTransportPeer, port: number, options: Record<string, unknown> = {}) {
  const controller = new AbortController();
  let ready!: () => void;
  const listening = new Promise<void>((resolve) => (ready = resolve));
  const received = peer.receive({ host: '127.0.0.1', port, durationMs: 200, warmupMs: 0, options, onReady: ready });
  await listening;
  const sent = peer.send({ host: '127.0.0.1', port, options, signal: controller.signal });
  const result = await received;
  controller.abort();
  await sent;
  return result;
}

describe('link peers on loopback', () => {
  it('kernel TCP moves bytes and reports the window', async () => {
    const result = await transfer(kernelTcp, 35_711);
    expect(result.bytes).toBeGreaterThan(0);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(199);
  });

  it('zmtp tcp:// moves whole messages of the chosen size', async () => {
    const result = await transfer(zmtpTcp, 35_712, { size: 1000 });
    expect(result.messages).toBeGreaterThan(0);
    expect(result.bytes).toBe(result.messages * 1000);
  });

  it('UDP ping counts echoes, duplicates and round trips', async () => {
    const controller = new AbortController();
    let ready!: () => void;
    const listening = new Promise<void>((resolve) => (ready = resolve));
    const echo = udpEcho('127.0.0.1', 35_713, ready, controller.signal);
    await listening;
    const ping = await udpPing({ host: '127.0.0.1', port: 35_713, count: 200, rate: 20_000, size: 64, waitMs: 50 });
    controller.abort();
    expect((await echo).received).toBe(200);
    expect(ping).toMatchObject({ sent: 200, received: 200, duplicates: 0 });
    expect(ping.rtt?.min).toBeGreaterThan(0);
  });
});
