/**
 * Congestion control and newest-only delivery through the seeded UDP impairment relay:
 * Radio -> relay (delay, loss, reordering) -> Dish, feedback back through it.
 */
import { describe, expect, it } from 'vitest';
import { Context } from '@zmtp/core';
import { Dish, Radio } from '@zmtp/core/draft';
import { udp, type UdpOptions, type UdpPeerStatistics } from '@zmtp/transport-udp';
import { tfrcThroughput } from '../src/congestion/tfrc-equation.js';
import { startUdpRelay, type UdpRelay, type UdpRelayOptions } from './relay.js';
import { extensionUp, track } from './support.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Path {
  relay: UdpRelay;
  radio: Radio;
  dish: Dish;
  radioSide: () => UdpPeerStatistics;
  dishSide: () => UdpPeerStatistics;
  /** Offers `perTick` messages of `size` bytes every 5 ms until stopped: more than any mode allows. */
  flood(size: number, perTick: number): () => void;
}

async function path(options: UdpOptions, impairment: Omit<UdpRelayOptions, 'target'>): Promise<Path> {
  const plugin = udp(options);
  const context = new Context().use(plugin);
  const dish = track(new Dish({ linger: 0, context, receiveHighWaterMark: 1_000_000 }));
  await dish.bind('udp://127.0.0.1:*');
  dish.join('feed');
  const port = Number(/:(\d+)$/.exec(dish.lastEndpoint!)![1]);
  const relay = await startUdpRelay({ ...impairment, target: `127.0.0.1:${port}` });
  track({ close: () => void relay.close() });
  const radio = track(new Radio({ linger: 0, context }));
  radio.connect(`udp://127.0.0.1:${relay.address.port}`);
  await extensionUp(plugin);
  const side = (which: 'radio' | 'dish') => () => plugin.peers().find((peer) => peer.side === which && peer.extension)!;
  // Read everything the Dish gets, so its queue never fills.
  void (async () => {
    for await (const _ of dish) void _;
  })().catch(() => undefined);
  const flood = (size: number, perTick: number) => {
    const body = new Uint8Array(size);
    const timer = setInterval(() => {
      for (let i = 0; i < perTick; i++) void radio.send(body, { group: 'feed' });
    }, 5);
    return () => clearInterval(timer);
  };
  return { relay, radio, dish, radioSide: side('radio'), dishSide: side('dish'), flood };
}

/** Samples `read` every `every` ms for `duration` ms. */
async function sample(read: () => number, duration: number, every = 100): Promise<number[]> {
  const samples: number[] = [];
  for (let elapsed = 0; elapsed < duration; elapsed += every) {
    await sleep(every);
    samples.push(read());
  }
  return samples;
}

describe('congestion control through the impairment relay', () => {
  it('TFRC settles within 2x of the RFC 5348 equation at 2 % loss and 50 ms RTT, and recovers after', { timeout: 60_000 }, async () => {
    const segmentSize = 1400;
    const { relay, radioSide, flood } = await path({ congestion: 'tfrc', segmentSize }, { rtt: 50, forward: { loss: 0.02 }, seed: 7 });
    const stop = flood(segmentSize - 40, 20); // ~5 MB/s offered, datagrams of ~s bytes
    try {
      await sleep(10_000); // settle
      // The rate over 8 s: DATA datagrams the Dish reported, each of ~s bytes. The loss
      // history holds 8 loss intervals (a few seconds here), so p and the rate wander.
      const rateOver = async (ms: number) => {
        const before = radioSide().received;
        await sleep(ms);
        return ((radioSide().received - before) * segmentSize * 1000) / ms;
      };
      const measured = await rateOver(8000);
      const rtt = radioSide().rttMs!;
      const equation = tfrcThroughput(segmentSize, rtt, 0.02);
      console.log(`TFRC at 2 % loss, RTT ${rtt.toFixed(1)} ms: ${(measured / 1000).toFixed(1)} kB/s, equation ${(equation / 1000).toFixed(1)} kB/s (ratio ${(measured / equation).toFixed(2)})`);
      expect(rtt).toBeGreaterThanOrEqual(45);
      expect(measured / equation).toBeGreaterThan(0.5);
      expect(measured / equation).toBeLessThan(2);

      relay.update({ forward: { loss: 0 } });
      await sleep(6000);
      const recovered = await rateOver(3000);
      console.log(`TFRC 6 s after the loss stopped: ${(recovered / 1000).toFixed(1)} kB/s`);
      expect(recovered).toBeGreaterThan(1.5 * measured);
    } finally {
      stop();
    }
  });

  it('CCID2 cuts its window on loss and grows it back when the loss stops', { timeout: 60_000 }, async () => {
    const { relay, radioSide, flood } = await path({ congestion: 'ccid2' }, { rtt: 50, seed: 11 });
    const stop = flood(1000, 20);
    try {
      const clean = await sample(() => radioSide().cwnd!, 3000);
      const before = Math.max(...clean);
      relay.update({ forward: { loss: 0.05 } });
      const lossy = await sample(() => radioSide().cwnd!, 3000);
      const lowest = Math.min(...lossy);
      relay.update({ forward: { loss: 0 } });
      const after = await sample(() => radioSide().cwnd!, 4000);
      console.log(`CCID2 cwnd: up to ${before} without loss, down to ${lowest} at 5 % loss, back up to ${Math.max(...after)}`);
      expect(lowest).toBeLessThanOrEqual(before / 2);
      expect(Math.max(...after)).toBeGreaterThanOrEqual(2 * lowest);
    } finally {
      stop();
    }
  });
});

describe('newest-only delivery through a reordering relay', () => {
  it('never delivers an older message after a newer one, and counts every one it drops as late', { timeout: 30_000 }, async () => {
    const { radio, dish, dishSide } = await pathForOrder();
    const sent = 2000;
    const start = { ...dishSide() };
    for (let counter = 0; counter < sent; counter++) {
      await radio.send(String(counter), { group: 'order' });
      if (counter % 20 === 19) await sleep(2);
    }
    await sleep(500);
    let previous = -1;
    let delivered = 0;
    while (dish.readable) {
      const [body] = await dish.receive();
      const counter = Number(String(body));
      expect(counter).toBeGreaterThan(previous);
      previous = counter;
      delivered++;
    }
    const end = dishSide();
    const late = end.late - start.late;
    console.log(`newest-only: ${sent} sent, ${delivered} delivered, ${late} late, ${end.lost} lost`);
    expect(late).toBeGreaterThan(0);
    // No loss on this path: every message either was delivered or was counted late.
    expect(end.lost).toBe(0);
    expect(delivered + late).toBe(sent);
  });
});

async function pathForOrder() {
  const plugin = udp({ congestion: 'none', delivery: 'newest-only' });
  const context = new Context().use(plugin);
  const dish = track(new Dish({ linger: 0, context, receiveHighWaterMark: 1_000_000 }));
  await dish.bind('udp://127.0.0.1:*');
  dish.join('order');
  const port = Number(/:(\d+)$/.exec(dish.lastEndpoint!)![1]);
  const relay = await startUdpRelay({ target: `127.0.0.1:${port}`, rtt: 10, forward: { reorder: 0.2, reorderDelay: 5 }, seed: 3 });
  track({ close: () => void relay.close() });
  const radio = track(new Radio({ linger: 0, context }));
  radio.connect(`udp://127.0.0.1:${relay.address.port}`);
  await extensionUp(plugin);
  const dishSide = () => plugin.peers().find((peer) => peer.side === 'dish' && peer.extension)!;
  return { radio, dish, dishSide };
}
