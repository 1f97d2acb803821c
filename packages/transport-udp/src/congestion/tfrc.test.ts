import { describe, expect, it } from 'vitest';
import { SeededRandom } from './simulated-link.js';
import { decodeTfrcFeedback, encodeTfrcFeedback, TfrcReceiver, TfrcSender } from './tfrc.js';
import { tfrcThroughput } from './tfrc-equation.js';

const s = 1000;
const settings = { segmentSize: s };

/** Sends whenever the pacer allows, from `from` to `to` (ms); returns the packets sent. */
function sendFor(sender: TfrcSender, from: number, to: number): number {
  let t = from;
  let sent = 0;
  for (;;) {
    const delay = sender.sendDelay(t);
    if (t + delay >= to) return sent;
    t += delay;
    sender.onSent(sent, s, t);
    sent++;
  }
}

/** A sender that has its first RTT sample (100 ms, at t = 100 ms) and so its initial rate. */
function senderWithRtt(): TfrcSender {
  const sender = new TfrcSender(settings, 0);
  sender.onSent(0, s, 0);
  sender.onFeedback(encodeTfrcFeedback(0, 0), 100, 100);
  return sender;
}

describe('TFRC feedback body', () => {
  it('round-trips p and X_recv', () => {
    const decoded = decodeTfrcFeedback(encodeTfrcFeedback(0.015, 123456));
    expect(decoded?.p).toBeCloseTo(0.015, 7);
    expect(decoded?.receiveRate).toBe(123456);
  });

  it('rejects a wrong length, p outside 0..1, and bad rates', () => {
    const withValues = (p: number, rate: number) => {
      const body = new Uint8Array(8);
      new DataView(body.buffer).setFloat32(0, p);
      new DataView(body.buffer).setFloat32(4, rate);
      return body;
    };
    expect(decodeTfrcFeedback(new Uint8Array(7))).toBeUndefined();
    expect(decodeTfrcFeedback(new Uint8Array(9))).toBeUndefined();
    expect(decodeTfrcFeedback(withValues(-0.1, 1))).toBeUndefined();
    expect(decodeTfrcFeedback(withValues(1.5, 1))).toBeUndefined();
    expect(decodeTfrcFeedback(withValues(Number.NaN, 1))).toBeUndefined();
    expect(decodeTfrcFeedback(withValues(0, -1))).toBeUndefined();
    expect(decodeTfrcFeedback(withValues(0, Number.POSITIVE_INFINITY))).toBeUndefined();
    expect(decodeTfrcFeedback(withValues(0, 0))).toEqual({ p: 0, receiveRate: 0 });
  });

  it('reads a body inside a larger buffer', () => {
    const datagram = new Uint8Array(20);
    datagram.set(encodeTfrcFeedback(0.5, 1000), 5);
    expect(decodeTfrcFeedback(datagram.subarray(5, 13))).toEqual({ p: 0.5, receiveRate: 1000 });
  });
});

describe('TfrcSender', () => {
  it('sends one packet per second until it has an RTT', () => {
    const sender = new TfrcSender(settings, 0);
    expect(sender.state().allowedRate).toBe(s);
    expect(sender.sendDelay(0)).toBe(0);
    sender.onSent(0, s, 0);
    expect(sender.sendDelay(0)).toBeCloseTo(996, 6); // 1 s, less the pacing slack
    expect(sender.nextTimer()).toBe(2000);
  });

  it('takes the initial rate W_init / R at the first feedback, and paces at s / X', () => {
    const sender = new TfrcSender(settings, 0);
    sender.onSent(0, s, 0);
    expect(sender.onFeedback(encodeTfrcFeedback(0, 0), 100, 100)).toBe(true);
    // W_init = min(4s, max(2s, 4380)) = 4000 bytes per 100 ms
    expect(sender.state().allowedRate).toBe(40_000);
    expect(sender.state().rttMs).toBe(100);
    expect(sendFor(sender, 100, 200)).toBe(4 + 1); // 25 ms apart, plus the slack's catch-up
    expect(sender.nextTimer()).toBe(100 + 400); // max(4R, 2s/X = 50 ms)
  });

  it('doubles once per RTT in slow start, capped at twice the receive rate', () => {
    const sender = senderWithRtt();
    sendFor(sender, 100, 200);
    sender.onFeedback(encodeTfrcFeedback(0, 40_000), 100, 200);
    expect(sender.state().allowedRate).toBe(80_000);
    sendFor(sender, 200, 250);
    sender.onFeedback(encodeTfrcFeedback(0, 80_000), 100, 250); // under an RTT since the last doubling
    expect(sender.state().allowedRate).toBe(80_000);
    sendFor(sender, 250, 300);
    sender.onFeedback(encodeTfrcFeedback(0, 50_000), 100, 300);
    expect(sender.state().allowedRate).toBe(160_000); // 2 * max(80 000, 50 000): the last two reports
    sendFor(sender, 300, 400);
    sender.onFeedback(encodeTfrcFeedback(0, 45_000), 100, 400);
    expect(sender.state().allowedRate).toBe(100_000); // 2 * max(50 000, 45 000)
  });

  it('follows the equation once there is loss, bounded by 2 X_recv and s / t_mbi', () => {
    const sender = senderWithRtt();
    sendFor(sender, 100, 200);
    sender.onFeedback(encodeTfrcFeedback(0.01, 1e6), 100, 200);
    expect(sender.state().allowedRate).toBeCloseTo(tfrcThroughput(s, 100, 0.01), 0);
    expect(sender.state().lossEventRate).toBeCloseTo(0.01, 6);
    // X_calc is ~112 kB/s; two reports of 20 kB/s received cap X at 40 kB/s.
    for (const t of [300, 400]) {
      sendFor(sender, t - 100, t);
      sender.onFeedback(encodeTfrcFeedback(0.01, 20_000), 100, t);
    }
    expect(sender.state().allowedRate).toBe(40_000);
    sendFor(sender, 400, 500);
    sender.onFeedback(encodeTfrcFeedback(1, 0), 100, 500);
    expect(sender.state().allowedRate).toBeCloseTo(tfrcThroughput(s, 100, 1), 6); // ~41 B/s

    // On a 10 s path the equation gives less than one packet per 64 s: t_mbi is the floor.
    const slow = new TfrcSender(settings, 0);
    slow.onSent(0, s, 0);
    slow.onFeedback(encodeTfrcFeedback(0, 0), 10_000, 10_000);
    slow.onFeedback(encodeTfrcFeedback(1, 0), 10_000, 20_000);
    expect(slow.state().allowedRate).toBeCloseTo(s / 64, 6);
  });

  it('halves the rate when the no-feedback timer fires on a busy sender', () => {
    const sender = senderWithRtt();
    sendFor(sender, 100, 200);
    sender.onFeedback(encodeTfrcFeedback(0, 40_000), 100, 200);
    expect(sender.state().allowedRate).toBe(80_000);
    const deadline = sender.nextTimer() ?? 0;
    expect(deadline).toBe(600);
    sendFor(sender, 200, deadline);
    sender.onTimer(deadline - 1);
    expect(sender.state().allowedRate).toBe(80_000); // not due yet
    sender.onTimer(deadline);
    expect(sender.state().allowedRate).toBe(40_000); // X_recv halved to 20 000, X = 2 X_recv
    expect(sender.nextTimer()).toBe(deadline + 400);
  });

  it('keeps a low rate while idle, and halves without any feedback only when busy', () => {
    const idle = new TfrcSender(settings, 0);
    idle.onSent(0, s, 0);
    idle.onFeedback(encodeTfrcFeedback(0, 0), 100, 100); // X 40 000 = recover rate; X_recv 0
    idle.onTimer(500);
    expect(idle.state().allowedRate).toBe(40_000);

    const silent = new TfrcSender(settings, 0);
    silent.onTimer(2000); // nothing sent: nothing to halve for
    expect(silent.state().allowedRate).toBe(s);
    silent.onSent(0, s, 2500);
    silent.onTimer(4000);
    expect(silent.state().allowedRate).toBe(s / 2);
  });

  it('does not double on reports of its own small rate when data-limited', () => {
    const sender = senderWithRtt();
    for (let t = 200; t <= 1000; t += 100) {
      sender.onSent(t, s, t); // one packet per RTT, far below the 40 000 B/s allowed
      sender.onFeedback(encodeTfrcFeedback(0, 10_000), 100, t);
    }
    expect(sender.state().allowedRate).toBe(40_000);
  });

  it('rejects malformed feedback and never throws on random bytes', () => {
    const sender = new TfrcSender(settings, 0);
    expect(sender.onFeedback(new Uint8Array(3), 10, 1)).toBe(false);
    expect(sender.state().rttMs).toBeUndefined();
    const random = new SeededRandom(11);
    for (let i = 0; i < 3000; i++) {
      const body = new Uint8Array(random.next() < 0.5 ? 8 : Math.floor(random.next() * 16));
      for (let j = 0; j < body.length; j++) body[j] = Math.floor(random.next() * 256);
      sender.onFeedback(body, random.next() * 200, i);
      sender.onTimer(i);
      if (sender.sendDelay(i) === 0) sender.onSent(i, s, i);
      const { allowedRate } = sender.state();
      expect(allowedRate).toBeGreaterThan(0);
      expect(Number.isFinite(allowedRate)).toBe(true);
    }
  });
});

describe('TfrcReceiver', () => {
  it('asks for feedback at once for the first packet and while the sender has no RTT', () => {
    const receiver = new TfrcReceiver(settings, 0);
    expect(receiver.onData(0, s, 0, 10)).toBe(true);
    receiver.feedbackBody(10);
    expect(receiver.onData(1, s, 0, 20)).toBe(true);
    receiver.feedbackBody(20);
    expect(receiver.onData(2, s, 50, 30)).toBe(false);
    expect(receiver.nextFeedback()).toBe(20 + 50);
  });

  it('asks for nothing while no data arrives', () => {
    const receiver = new TfrcReceiver(settings, 0);
    expect(receiver.nextFeedback()).toBeUndefined();
    receiver.onData(0, s, 50, 0);
    receiver.feedbackBody(0);
    expect(receiver.nextFeedback()).toBeUndefined();
  });

  it('measures X_recv over the last RTT, counting s per packet', () => {
    const receiver = new TfrcReceiver(settings, 0);
    receiver.onData(0, s, 100, 0);
    receiver.feedbackBody(0);
    for (let i = 1; i <= 50; i++) receiver.onData(i, 200, 100, i * 2); // 500 packets/s, small ones
    expect(decodeTfrcFeedback(receiver.feedbackBody(100))).toEqual({ p: 0, receiveRate: 500_000 });
    // Early feedback (a loss event) 10 ms later: the rate covers the period before too.
    for (let i = 51; i <= 55; i++) receiver.onData(i, s, 100, 100 + (i - 50) * 2);
    expect(decodeTfrcFeedback(receiver.feedbackBody(110))?.receiveRate).toBeCloseTo((55 * s * 1000) / 110, 0);
  });

  it('reports a new loss event at once, with p from the seeded first interval', () => {
    const receiver = new TfrcReceiver(settings, 0);
    let t = 0;
    let asked = 0;
    for (let seq = 0; seq < 200; seq++, t += 2) {
      if (seq === 100) continue;
      if (receiver.onData(seq, s, 100, t)) asked++;
      if (receiver.nextFeedback() !== undefined && (receiver.nextFeedback() ?? 0) <= t) receiver.feedbackBody(t);
    }
    expect(asked).toBe(2); // the first packet, and packet 103
    expect(receiver.lostPackets).toBe(1);
    const { p } = decodeTfrcFeedback(receiver.feedbackBody(t)) ?? { p: 0 };
    // The first interval is the one whose equation rate is the 500 kB/s being received.
    expect(tfrcThroughput(s, 100, p)).toBeGreaterThan(500_000 * 0.9);
    expect(tfrcThroughput(s, 100, p)).toBeLessThan(500_000 * 1.1);
  });
});
