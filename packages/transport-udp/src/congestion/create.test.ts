import { InvalidArgumentError } from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { Ccid2Receiver, Ccid2Sender } from './ccid2.js';
import type { CongestionMode } from './controller.js';
import { createCongestionReceiver, createCongestionSender } from './create.js';
import { NoneReceiver, NoneSender } from './none.js';
import { SeededRandom } from './simulated-link.js';
import { TfrcReceiver, TfrcSender } from './tfrc.js';

const settings = { segmentSize: 1400 };
const modes: CongestionMode[] = ['none', 'ccid2', 'tfrc'];

describe('createCongestionSender / createCongestionReceiver', () => {
  it('builds the halves of each mode', () => {
    expect(createCongestionSender('none', settings, 0)).toBeInstanceOf(NoneSender);
    expect(createCongestionSender('ccid2', settings, 0)).toBeInstanceOf(Ccid2Sender);
    expect(createCongestionSender('tfrc', settings, 0)).toBeInstanceOf(TfrcSender);
    expect(createCongestionReceiver('none', settings, 0)).toBeInstanceOf(NoneReceiver);
    expect(createCongestionReceiver('ccid2', settings, 0)).toBeInstanceOf(Ccid2Receiver);
    expect(createCongestionReceiver('tfrc', settings, 0)).toBeInstanceOf(TfrcReceiver);
    for (const mode of modes) expect(createCongestionSender(mode, settings, 0).mode).toBe(mode);
  });

  it('rejects an unknown mode and bad settings, saying what is allowed', () => {
    expect(() => createCongestionSender('reno' as CongestionMode, settings, 0)).toThrow(InvalidArgumentError);
    expect(() => createCongestionReceiver('reno' as CongestionMode, settings, 0)).toThrow(/'none', 'ccid2', 'tfrc'/);
    for (const segmentSize of [0, 1.5, 70_000, Number.NaN]) {
      expect(() => createCongestionSender('tfrc', { segmentSize }, 0)).toThrow(/integer from 1 to 65535/);
    }
    expect(() => createCongestionSender('tfrc', settings, Number.NaN)).toThrow(/finite/);
  });

  it("every mode's receiver body is accepted by its own sender", () => {
    for (const mode of modes) {
      const sender = createCongestionSender(mode, settings, 0);
      const receiver = createCongestionReceiver(mode, settings, 0);
      sender.onSent(7, 1400, 0);
      // The Dish sends feedback at least once a second, even before any DATA arrived.
      expect(sender.onFeedback(receiver.feedbackBody(5), undefined, 5)).toBe(true);
      receiver.onData(7, 1400, 0, 10);
      expect(sender.onFeedback(receiver.feedbackBody(20), 20, 20)).toBe(true);
    }
  });

  it('no sender throws on random feedback bodies or odd RTT samples', () => {
    const random = new SeededRandom(2024);
    for (const mode of modes) {
      const sender = createCongestionSender(mode, settings, 0);
      let rejected = 0;
      for (let i = 0; i < 2000; i++) {
        const body = new Uint8Array(Math.floor(random.next() * 48));
        for (let j = 0; j < body.length; j++) body[j] = Math.floor(random.next() * 256);
        const rtt = [undefined, -5, Number.NaN, 1e12, random.next() * 300][i % 5];
        if (!sender.onFeedback(body, rtt, i)) rejected++;
        if (sender.sendDelay(i) === 0) sender.onSent(i, 1400, i);
        const timer = sender.nextTimer();
        if (timer !== undefined && timer <= i) sender.onTimer(i);
      }
      expect(rejected).toBeGreaterThan(0);
      const { rttMs } = sender.state();
      expect(rttMs === undefined || (rttMs >= 0 && rttMs <= 300)).toBe(true);
    }
  });
});
