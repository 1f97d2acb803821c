import { existsSync } from 'node:fs';
import { InvalidArgumentError } from '@zmtp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLink, linkDown, linkSet, linkStats, linkUp, type LinkInfo } from './link.js';
import { measureTransport } from './link-bench.js';
import { linkUnsupportedReason } from './link-support.js';
import { pingLink, probeLink } from './link-probe.js';
import { pickLinkTransports } from './link-transports.js';

describe('link options', () => {
  it('rejects bad names and settings before touching the system', async () => {
    await expect(linkUp({ name: 'Bad Name!' })).rejects.toThrow(InvalidArgumentError);
    await expect(linkUp({ name: 'ok', loss: 5 })).rejects.toThrow(/loss/);
    expect(findLink('neverup')).toBeUndefined();
    expect(() => pickLinkTransports(['carrier-pigeon'])).toThrow(/tcp-cubic/);
  });
});

// End to end: only where namespaces and TUN devices work (root on Linux).
const unsupported = await linkUnsupportedReason();
if (unsupported) console.log(`skipping the emulated link end-to-end test: ${unsupported}`);

describe.skipIf(unsupported !== undefined)('emulated link end to end', () => {
  const name = `t${process.pid % 100_000}`;
  let link: LinkInfo;

  beforeAll(async () => {
    link = await linkUp({ name, rtt: 20, seed: 1 });
  }, 60_000);
  afterAll(async () => {
    await linkDown(name);
  }, 30_000);

  it('delays round trips by at least the setting and loses nothing without loss', async () => {
    const probe = await probeLink(link, { count: 200, rate: 2000, rttMs: 20 });
    expect(probe).toMatchObject({ sent: 200, arrived: 200, received: 200, forwardLoss: 0 });
    // Packets leave up to half a timer tick early, never more; no upper bound (load varies).
    expect(probe.rtt?.min).toBeGreaterThanOrEqual(19);
  }, 60_000);

  it('answers ICMP pings from the far kernel, no sooner than the setting', async () => {
    const ping = await pingLink(link, { count: 20, intervalMs: 5, rttMs: 20 });
    expect(ping).toMatchObject({ sent: 20, received: 20 });
    expect(ping.rtt?.min).toBeGreaterThanOrEqual(19);
  }, 60_000);

  it('carries kernel TCP and counts it in the ferry', async () => {
    const before = (await linkStats(link)).forward.deliveredBytes;
    const run = await measureTransport(link, pickLinkTransports(['tcp-cubic'])[0], { durationMs: 500 });
    expect(run.skipped).toBeUndefined();
    expect(run.bytes).toBeGreaterThan(0);
    expect((await linkStats(link)).forward.deliveredBytes - before).toBeGreaterThan(run.bytes ?? 0);
  }, 60_000);

  it('drops everything at loss 1, changed while it runs', async () => {
    await linkSet(link, { forward: { loss: 1 } });
    const probe = await probeLink(link, { count: 50, rate: 1000, rttMs: 20 });
    expect(probe.arrived).toBe(0);
    await linkSet(link, { forward: { loss: 0 } });
  }, 60_000);

  it('takes the link down: ferry stopped, namespaces gone', async () => {
    expect(await linkDown(name)).toBe(true);
    expect(findLink(name)).toBeUndefined();
    expect(existsSync(`/run/netns/${link.namespaces.a}`)).toBe(false);
    expect(await linkDown(name)).toBe(false);
  }, 30_000);
});
