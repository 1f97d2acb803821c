/**
 * Picks the controller halves for a congestion mode. The engines call these after the
 * HELLO/WELCOME exchange; both halves get the same settings.
 */
import { InvalidArgumentError } from '@zmtp/core';
import { Ccid2Receiver, Ccid2Sender } from './ccid2.js';
import type { CongestionMode, CongestionReceiver, CongestionSender, CongestionSettings } from './controller.js';
import { NoneReceiver, NoneSender } from './none.js';
import { TfrcReceiver, TfrcSender } from './tfrc.js';

const MODES: readonly CongestionMode[] = ['none', 'ccid2', 'tfrc'];
/** The HELLO carries the segment size in 2 bytes. */
const MAX_SEGMENT = 0xffff;

export function createCongestionSender(
  mode: CongestionMode,
  settings: CongestionSettings,
  now: number,
): CongestionSender {
  check(mode, settings, now);
  switch (mode) {
    case 'none':
      return new NoneSender();
    case 'ccid2':
      return new Ccid2Sender(settings, now);
    case 'tfrc':
      return new TfrcSender(settings, now);
  }
}

export function createCongestionReceiver(
  mode: CongestionMode,
  settings: CongestionSettings,
  now: number,
): CongestionReceiver {
  check(mode, settings, now);
  switch (mode) {
    case 'none':
      return new NoneReceiver(now);
    case 'ccid2':
      return new Ccid2Receiver();
    case 'tfrc':
      return new TfrcReceiver(settings, now);
  }
}

function check(mode: CongestionMode, settings: CongestionSettings, now: number): void {
  if (!MODES.includes(mode)) {
    const allowed = MODES.map((m) => `'${m}'`).join(', ');
    throw new InvalidArgumentError(`congestion mode must be one of ${allowed}; got ${String(mode)}`);
  }
  const size = settings?.segmentSize;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > MAX_SEGMENT) {
    throw new InvalidArgumentError(
      `congestion segmentSize must be an integer from 1 to ${MAX_SEGMENT}; got ${String(size)}`,
    );
  }
  if (!Number.isFinite(now)) {
    throw new InvalidArgumentError(`congestion controller clock must be a finite number of ms; got ${String(now)}`);
  }
}
