import { describe, expect, it } from 'vitest';
import { Ccid2Receiver, Ccid2Sender } from './ccid2.js';
import type { CongestionSender } from './controller.js';
import { type DataPacket, type FeedbackPacket, SimulatedFlow } from './simulated-flow.js';
import { SimulatedLink } from './simulated-link.js';

const s = 1448;

interface Change {
  readonly at: number;
  readonly before: number;
  readonly after: number;
  readonly reduced: boolean;
}

/** A CCID2 sender that logs every window change feedback or a timer makes. */
function recording(sender: Ccid2Sender, changes: Change[]): CongestionSender {
  const around = (at: number, action: () => void) => {
    const before = sender.state().cwnd ?? 0;
    const reductions = sender.lossReductions + sender.rtoTimeouts;
    action();
    const after = sender.state().cwnd ?? 0;
    if (after !== before) {
      changes.push({ at, before, after, reduced: sender.lossReductions + sender.rtoTimeouts > reductions });
    }
  };
  return {
    mode: sender.mode,
    sendDelay: (now) => sender.sendDelay(now),
    onSent: (seq, bytes, now) => sender.onSent(seq, bytes, now),
    onFeedback: (body, rtt, now) => {
      let ok = false;
      around(now, () => (ok = sender.onFeedback(body, rtt, now)));
      return ok;
    },
    nextTimer: () => sender.nextTimer(),
    onTimer: (now) => around(now, () => sender.onTimer(now)),
    state: () => sender.state(),
  };
}

function ccid2Flow(forwardOptions: ConstructorParameters<typeof SimulatedLink>[0]) {
  const sender = new Ccid2Sender({ segmentSize: s }, 0);
  const changes: Change[] = [];
  const forward = new SimulatedLink<DataPacket>(forwardOptions);
  const backward = new SimulatedLink<FeedbackPacket>({ oneWayDelayMs: forwardOptions.oneWayDelayMs, seed: 77 });
  const flow = new SimulatedFlow({
    sender: recording(sender, changes),
    receiver: new Ccid2Receiver(),
    forward,
    backward,
    segmentSize: s,
  });
  return { sender, changes, forward, backward, flow };
}

describe('CCID2 over a simulated link', () => {
  it('halves the window once for a burst of losses in one window, then grows back', () => {
    const { sender, changes, forward, flow } = ccid2Flow({ oneWayDelayMs: 25 });
    flow.runUntil(200); // slow start, a few RTTs in
    const window = sender.state().cwnd ?? 0;
    expect(window).toBeGreaterThanOrEqual(16);
    // Lose every third of the next 12 packets: 4 losses in one window, found by different acks.
    const first = flow.packetsSent + 2;
    forward.drop = (packet) => packet.seq - first >= 0 && packet.seq - first < 12 && (packet.seq - first) % 3 === 0;
    const reductionsBefore = sender.lossReductions;
    flow.runUntil(400);
    forward.drop = undefined;
    expect(sender.lossReductions - reductionsBefore).toBe(1);
    const reduction = changes.find((c) => c.reduced);
    expect(reduction).toBeDefined();
    expect(reduction?.after).toBe(Math.floor((reduction?.before ?? 0) / 2));
    flow.runUntil(1000);
    expect(sender.state().cwnd).toBeGreaterThan(reduction?.after ?? 0);
  });

  it('saws at a drop-tail bottleneck: each reduction halves, and never twice in one window', () => {
    const { sender, changes, forward, flow } = ccid2Flow({
      oneWayDelayMs: 25,
      bottleneckBytesPerSecond: 1_000_000,
      queueBytes: 30_000,
    });
    flow.runUntil(5000);
    const received = flow.packetsReceived;
    flow.runUntil(25_000);
    const goodput = ((flow.packetsReceived - received) * s) / 20;
    const reductions = changes.filter((c) => c.reduced);
    const lastSteps = reductions.slice(-3).map((c) => `${c.before}->${c.after}`);
    console.log(
      `CCID2 at a 1 MB/s bottleneck: ${(goodput / 1000).toFixed(1)} kB/s, ${forward.lost} packets lost,` +
        ` ${sender.lossReductions} reductions, window ${lastSteps.join(' ')}`,
    );
    expect(reductions.length).toBeGreaterThan(3);
    expect(reductions.length).toBeLessThan(forward.lost); // several drops per overflow, one reduction
    for (const c of reductions) expect(c.after).toBe(Math.max(2, Math.floor(c.before / 2)));
    for (let i = 1; i < reductions.length; i++) {
      expect(reductions[i].at - reductions[i - 1].at).toBeGreaterThan(50); // at least an RTT apart
    }
    expect(sender.rtoTimeouts).toBe(0);
    expect(goodput).toBeGreaterThan(750_000);
  });

  it('drops the window to 1 on an RTO when everything is lost, and slow-starts again', () => {
    const { sender, forward, backward, flow } = ccid2Flow({ oneWayDelayMs: 25 });
    flow.runUntil(300);
    expect(sender.state().cwnd).toBeGreaterThan(8);
    forward.lossRate = 1;
    backward.lossRate = 1;
    flow.runUntil(300 + 400); // RTO is 200 ms (the floor): it fires in this time
    expect(sender.rtoTimeouts).toBeGreaterThanOrEqual(1);
    expect(sender.state().cwnd).toBe(1);
    expect(sender.packetsInFlight).toBeLessThanOrEqual(1);
    forward.lossRate = 0;
    backward.lossRate = 0;
    flow.runUntil(3000);
    expect(sender.state().cwnd).toBeGreaterThan(8);
  });
});
