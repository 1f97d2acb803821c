import { describe, expect, it } from 'vitest';
import { type DataPacket, type FeedbackPacket, SimulatedFlow } from './simulated-flow.js';
import { SimulatedLink } from './simulated-link.js';
import { TfrcReceiver, TfrcSender } from './tfrc.js';
import { tfrcThroughput } from './tfrc-equation.js';

const s = 1448;

function tfrcFlow(forwardOptions: ConstructorParameters<typeof SimulatedLink>[0]) {
  const sender = new TfrcSender({ segmentSize: s }, 0);
  const receiver = new TfrcReceiver({ segmentSize: s }, 0);
  const forward = new SimulatedLink<DataPacket>(forwardOptions);
  const backward = new SimulatedLink<FeedbackPacket>({ oneWayDelayMs: forwardOptions.oneWayDelayMs, seed: 99 });
  const flow = new SimulatedFlow({ sender, receiver, forward, backward, segmentSize: s });
  /** Runs to `until` and returns the sending rate (bytes/s) over the run. */
  const runRate = (until: number) => {
    const [from, sent] = [flow.now, flow.packetsSent];
    flow.runUntil(until);
    return ((flow.packetsSent - sent) * s * 1000) / (until - from);
  };
  return { sender, receiver, forward, backward, flow, runRate };
}

describe('TFRC over a simulated link', () => {
  it('settles within a factor of 2 of the equation at 2 % loss and 50 ms RTT, and grows once loss stops', () => {
    const { sender, receiver, forward, flow, runRate } = tfrcFlow({ oneWayDelayMs: 25, lossRate: 0.02, seed: 42 });
    runRate(20_000); // past slow start and the seeded first interval
    const samples: { p: number; r: number }[] = [];
    let sent = 0;
    for (let t = 21_000; t <= 60_000; t += 1000) {
      sent += runRate(t) / 40;
      const { lossEventRate, rttMs } = sender.state();
      samples.push({ p: lossEventRate ?? 0, r: rttMs ?? 0 });
    }
    const p = samples.reduce((sum, x) => sum + x.p, 0) / samples.length;
    const r = samples.reduce((sum, x) => sum + x.r, 0) / samples.length;
    const expected = tfrcThroughput(s, r, p);
    console.log(
      `TFRC 2% loss, 50 ms: rate ${(sent / 1000).toFixed(1)} kB/s, p ${p.toFixed(4)}, R ${r.toFixed(1)} ms,` +
        ` equation ${(expected / 1000).toFixed(1)} kB/s, ratio ${(sent / expected).toFixed(2)}`,
    );
    expect(r).toBeGreaterThan(49);
    expect(r).toBeLessThan(60);
    expect(p).toBeGreaterThan(0.01); // a loss event rate near the 2 % packet loss rate
    expect(p).toBeLessThan(0.03);
    expect(sent / expected).toBeGreaterThan(0.5);
    expect(sent / expected).toBeLessThan(2);
    expect(receiver.lostPackets).toBeGreaterThan(0.015 * flow.packetsReceived);

    forward.lossRate = 0;
    runRate(80_000);
    const after = runRate(90_000);
    console.log(`TFRC 20-30 s after loss stopped: ${(after / 1000).toFixed(1)} kB/s`);
    expect(after).toBeGreaterThan(2 * sent);
    expect(sender.state().lossEventRate).toBeLessThan(p / 4);
  });

  it('fills a bottleneck without flooding it', () => {
    const { forward, flow, runRate } = tfrcFlow({
      oneWayDelayMs: 25,
      bottleneckBytesPerSecond: 1_000_000,
      queueBytes: 30_000,
    });
    runRate(10_000);
    const lostBefore = forward.lost;
    const sentBefore = flow.packetsSent;
    const rate = runRate(30_000);
    const lossShare = (forward.lost - lostBefore) / (flow.packetsSent - sentBefore);
    const loss = (lossShare * 100).toFixed(2);
    console.log(`TFRC at a 1 MB/s bottleneck: ${(rate / 1000).toFixed(1)} kB/s, loss ${loss} %`);
    expect(rate).toBeGreaterThan(800_000);
    expect(rate).toBeLessThan(1_100_000);
    expect(lossShare).toBeLessThan(0.01);
  });

  it('halves its rate again and again when feedback stops, and recovers when it returns', () => {
    const { sender, backward, runRate } = tfrcFlow({ oneWayDelayMs: 25, lossRate: 0.01, seed: 5 });
    runRate(20_000);
    const before = sender.state().allowedRate;
    backward.lossRate = 1;
    runRate(22_000); // 2 s without feedback: the 4R = 200 ms timer fires several times
    expect(sender.state().allowedRate).toBeLessThan(before / 8);
    backward.lossRate = 0;
    runRate(40_000);
    expect(sender.state().allowedRate).toBeGreaterThan(before / 2);
  });
});
