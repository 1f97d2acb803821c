import { FLAG_LONG, frame } from '../support/zmtp-wire.js';
import type { FrameRewrite } from './frame-cutter.js';

function split(whole: Uint8Array): { flags: number; body: Uint8Array } {
  const headerLength = whole[0] & FLAG_LONG ? 9 : 2;
  return { flags: whole[0], body: whole.subarray(headerLength) };
}

/** Flips the lowest bit of the frame's last byte. */
export const tamper: FrameRewrite = (whole) => {
  const copy = whole.slice();
  copy[copy.length - 1] ^= 0x01;
  return [copy];
};

/** Sends the frame twice. */
export const replay: FrameRewrite = (whole) => [whole, whole.slice()];

/** Drops the last byte of the body and fixes the size, so the frame is well formed but short. */
export const truncate: FrameRewrite = (whole) => {
  const { flags, body } = split(whole);
  return [frame(flags & ~FLAG_LONG, body.subarray(0, Math.max(0, body.length - 1)))];
};
