import { describe, expect, it } from 'vitest';
import { NoneReceiver, NoneSender } from './none.js';
import { type DataPacket, type FeedbackPacket, SimulatedFlow } from './simulated-flow.js';
import { SimulatedLink } from './simulated-link.js';

describe('congestion control none', () => {
  it('never holds the sender back, and has no timer', () => {
    const sender = new NoneSender();
    for (let seq = 0; seq < 1000; seq++) {
      expect(sender.sendDelay(seq)).toBe(0);
      sender.onSent(seq, 1400, seq);
    }
    expect(sender.nextTimer()).toBeUndefined();
    expect(sender.state()).toEqual({ rttMs: undefined, allowedRate: Number.POSITIVE_INFINITY });
  });

  it('accepts only the empty body, and tracks the RTT for statistics', () => {
    const sender = new NoneSender();
    expect(sender.onFeedback(new Uint8Array([1]), 40, 0)).toBe(false);
    expect(sender.state().rttMs).toBeUndefined();
    expect(sender.onFeedback(new Uint8Array(0), 40, 0)).toBe(true);
    expect(sender.state().rttMs).toBe(40);
  });

  it('asks for feedback once a second', () => {
    const receiver = new NoneReceiver(100);
    expect(receiver.onData(0, 1400, 0, 150)).toBe(false);
    expect(receiver.nextFeedback()).toBe(1100);
    expect(receiver.feedbackBody(1100).length).toBe(0);
    expect(receiver.nextFeedback()).toBe(2100);
  });

  it('runs at the application rate over a lossy link, measuring the RTT', () => {
    const sender = new NoneSender();
    const forward = new SimulatedLink<DataPacket>({ oneWayDelayMs: 30, lossRate: 0.1, seed: 3 });
    const backward = new SimulatedLink<FeedbackPacket>({ oneWayDelayMs: 20 });
    const flow = new SimulatedFlow({
      sender,
      receiver: new NoneReceiver(0),
      forward,
      backward,
      segmentSize: 1400,
      appPacketsPerSecond: 2000,
    });
    flow.runUntil(10_000);
    expect(flow.packetsSent).toBeGreaterThan(19_900);
    expect(flow.feedbackSent).toBeGreaterThanOrEqual(9);
    expect(flow.feedbackSent).toBeLessThanOrEqual(11);
    expect(sender.state().rttMs).toBeCloseTo(50, 6);
  });
});
