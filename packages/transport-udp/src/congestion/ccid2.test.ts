import { describe, expect, it } from 'vitest';
import { AckVector } from './ack-vector.js';
import { ACK_RATIO, Ccid2Receiver, Ccid2Sender, initialWindow } from './ccid2.js';
import { SeededRandom } from './simulated-link.js';

const settings = { segmentSize: 1000 };

/** Feedback body saying exactly `seqs` arrived. */
function acks(...seqs: number[]): Uint8Array {
  const vector = new AckVector();
  for (const s of seqs) vector.record(s);
  return vector.encode();
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Sends packets while the window allows; returns their sequence numbers. */
function fill(sender: Ccid2Sender, firstSeq: number, now: number): number[] {
  const sent: number[] = [];
  while (sender.sendDelay(now) === 0) {
    sender.onSent(firstSeq + sent.length, 1000, now);
    sent.push(firstSeq + sent.length);
  }
  return sent;
}

describe('CCID2 initial window (RFC 3390, in packets)', () => {
  it('is min(4, max(2, 4380 / s)) whole packets', () => {
    expect(initialWindow(64)).toBe(4);
    expect(initialWindow(1095)).toBe(4);
    expect(initialWindow(1096)).toBe(3);
    expect(initialWindow(1460)).toBe(3);
    expect(initialWindow(1461)).toBe(2);
    expect(initialWindow(2190)).toBe(2);
    expect(initialWindow(8192)).toBe(2);
  });
});

describe('Ccid2Sender', () => {
  it('sends a full initial window, then waits for acks', () => {
    const sender = new Ccid2Sender(settings, 0);
    expect(fill(sender, 0, 0)).toEqual([0, 1, 2, 3]);
    expect(sender.sendDelay(0)).toBe(Number.POSITIVE_INFINITY);
    expect(sender.state().cwnd).toBe(4);
  });

  it('grows by one packet per acked packet in slow start', () => {
    const sender = new Ccid2Sender(settings, 0);
    fill(sender, 0, 0);
    expect(sender.onFeedback(acks(0, 1), 50, 50)).toBe(true);
    expect(sender.state().cwnd).toBe(6);
    expect(sender.packetsInFlight).toBe(2);
    expect(sender.state().rttMs).toBe(50);
    expect(fill(sender, 4, 50)).toEqual([4, 5, 6, 7]);
  });

  it('ignores acks for packets it never sent and acks repeated', () => {
    const sender = new Ccid2Sender(settings, 0);
    fill(sender, 10, 0);
    sender.onFeedback(acks(10, 11), 50, 50);
    sender.onFeedback(acks(10, 11, 500, 501, 502), 50, 51);
    expect(sender.state().cwnd).toBe(6);
    expect(sender.packetsInFlight).toBe(2);
    expect(sender.lossReductions).toBe(0);
  });

  it('counts a packet lost once 3 later packets are acked, and halves the window', () => {
    const sender = new Ccid2Sender(settings, 0);
    fill(sender, 0, 0);
    sender.onFeedback(acks(0, 1, 2, 3), 50, 50); // cwnd 8
    expect(fill(sender, 4, 50)).toEqual(range(4, 11));
    sender.onFeedback(acks(...range(0, 5), 7, 8), 50, 100); // 6 missing, 2 later acked: not yet lost
    expect(sender.lossReductions).toBe(0);
    expect(sender.state().cwnd).toBe(12); // slow start: +4
    sender.onFeedback(acks(...range(0, 5), 7, 8, 9), 50, 101); // now 3 later: lost
    expect(sender.lossReductions).toBe(1);
    expect(sender.state().cwnd).toBe(6); // halved; the ack that revealed the loss does not grow it
    expect(sender.packetsInFlight).toBe(2); // 10 and 11
  });

  it('halves at most once per window of data', () => {
    const sender = new Ccid2Sender(settings, 0);
    fill(sender, 0, 0);
    sender.onFeedback(acks(0, 1, 2, 3), 50, 50);
    fill(sender, 4, 50); // 4..11
    sender.onFeedback(acks(4, 6, 8, 9), 50, 100); // 5 lost (6, 8, 9 later); 7 not yet
    expect(sender.lossReductions).toBe(1);
    const halved = sender.state().cwnd ?? 0;
    sender.onFeedback(acks(4, 6, 8, 9, 10), 50, 101); // 7 lost now: same window, no second halving
    expect(sender.packetsInFlight).toBe(1);
    expect(sender.lossReductions).toBe(1);
    expect(sender.state().cwnd).toBe(halved);
    sender.onFeedback(acks(11), 50, 102);
    expect(sender.packetsInFlight).toBe(0);
    // A loss among packets sent after the reduction is a new event.
    const next = fill(sender, 12, 102);
    const first = next[0];
    sender.onFeedback(acks(...next.slice(1)), 50, 150);
    expect(next.length).toBeGreaterThanOrEqual(4);
    expect(sender.lossReductions).toBe(2);
    expect(sender.state().cwnd).toBeLessThan(halved);
    expect(first).toBe(12);
  });

  it('grows by one packet per window in congestion avoidance', () => {
    const sender = new Ccid2Sender(settings, 0);
    fill(sender, 0, 0);
    sender.onFeedback(acks(0, 1, 2, 3), 50, 50);
    fill(sender, 4, 50);
    sender.onFeedback(acks(4, 6, 7, 8), 50, 100); // 5 lost: cwnd halves from 8 to 4 (ssthresh 4)
    // Acks of packets sent before the reduction do not grow the window.
    sender.onFeedback(acks(4, ...range(6, 11)), 50, 101);
    expect(sender.state().cwnd).toBe(4);
    let seq = 12;
    let now = 150;
    for (let window = 0; window < 3; window++) {
      const sent = fill(sender, seq, now);
      seq += sent.length;
      now += 50;
      sender.onFeedback(acks(...range(12, seq - 1)), 50, now);
    }
    expect(sender.state().cwnd).toBe(7); // +1 per window: 4 -> 5 -> 6 -> 7
  });

  it('drops the window to 1 on an RTO and backs the timer off', () => {
    const sender = new Ccid2Sender(settings, 0);
    fill(sender, 0, 0);
    sender.onFeedback(acks(0), 100, 100); // rto = max(200, 100 + 4 * 50) = 300
    const deadline = sender.nextTimer();
    expect(deadline).toBe(400);
    sender.onTimer(399);
    expect(sender.state().cwnd).toBe(5);
    sender.onTimer(400);
    expect(sender.state().cwnd).toBe(1);
    expect(sender.rtoTimeouts).toBe(1);
    expect(sender.packetsInFlight).toBe(0);
    expect(sender.nextTimer()).toBeUndefined();
    expect(fill(sender, 4, 400)).toEqual([4]);
    expect(sender.nextTimer()).toBe(400 + 600); // backed off
    sender.onFeedback(acks(4), 100, 500);
    expect(sender.state().cwnd).toBe(2);
  });

  it('restarts from the initial window after an idle RTO', () => {
    const sender = new Ccid2Sender(settings, 0);
    fill(sender, 0, 0);
    sender.onFeedback(acks(0, 1, 2, 3), 50, 50);
    expect(sender.state().cwnd).toBe(8);
    sender.onSent(4, 1000, 5000);
    expect(sender.state().cwnd).toBe(4);
  });

  it('rejects malformed feedback without changing state, and never throws', () => {
    const sender = new Ccid2Sender(settings, 0);
    fill(sender, 0, 0);
    expect(sender.onFeedback(new Uint8Array([0, 0, 0, 3]), 50, 10)).toBe(false);
    expect(sender.onFeedback(new Uint8Array([0, 0, 0, 3, 0x43]), 50, 10)).toBe(false);
    expect(sender.state()).toEqual({ rttMs: undefined, allowedRate: 4000, cwnd: 4 });
    const random = new SeededRandom(3);
    for (let i = 0; i < 3000; i++) {
      const body = new Uint8Array(Math.floor(random.next() * 24));
      for (let j = 0; j < body.length; j++) body[j] = Math.floor(random.next() * 256);
      sender.onFeedback(body, random.next() * 100, 10 + i);
      if (sender.sendDelay(10 + i) === 0) sender.onSent(4 + i, 1000, 10 + i);
    }
    expect(sender.packetsInFlight).toBeLessThanOrEqual(sender.state().cwnd ?? 0);
  });

  it('takes an empty body as "nothing received yet"', () => {
    const sender = new Ccid2Sender(settings, 0);
    fill(sender, 0, 0);
    expect(sender.onFeedback(new Ccid2Receiver().feedbackBody(5), undefined, 5)).toBe(true);
    expect(sender.packetsInFlight).toBe(4);
    expect(sender.lossReductions).toBe(0);
  });

  it('handles sequence numbers across the 32-bit wrap', () => {
    const sender = new Ccid2Sender(settings, 0);
    const first = 0xfffffffe;
    for (let i = 0; i < 4; i++) sender.onSent((first + i) >>> 0, 1000, 0);
    sender.onFeedback(acks(0xfffffffe, 0xffffffff, 0, 1), 50, 50);
    expect(sender.packetsInFlight).toBe(0);
    expect(sender.state().cwnd).toBe(8);
  });

  it('stays bounded when acks never come and the engine keeps sending', () => {
    const sender = new Ccid2Sender(settings, 0);
    for (let seq = 0; seq < 100_000; seq++) sender.onSent(seq, 1000, 0);
    expect(sender.packetsInFlight).toBeLessThanOrEqual(8192);
    sender.onFeedback(acks(99_999), 50, 10);
    expect(sender.packetsInFlight).toBeLessThan(8192);
  });
});

describe('Ccid2Receiver', () => {
  it(`asks for feedback every ${ACK_RATIO} packets`, () => {
    const receiver = new Ccid2Receiver();
    expect(receiver.onData(0, 1000, 0, 0)).toBe(false);
    expect(receiver.onData(1, 1000, 0, 1)).toBe(true);
    expect([...receiver.feedbackBody(0)]).toEqual([0, 0, 0, 1, 0x01]);
    expect(receiver.nextFeedback()).toBeUndefined();
  });

  it('acks a lone packet after a short delay (a quarter RTT, at most 25 ms)', () => {
    const receiver = new Ccid2Receiver();
    receiver.onData(0, 1000, 0, 100);
    expect(receiver.nextFeedback()).toBe(125);
    receiver.feedbackBody(0);
    receiver.onData(1, 1000, 40, 200);
    expect(receiver.nextFeedback()).toBe(210);
  });
});
