import { ZmqError } from '@zmtp/core';
import { expect } from 'vitest';
import { needsMaxMessageSize, needsRadioDish } from '../capabilities.js';
import { SkipCheck } from '../check.js';
import { concat, decode, firstDifference, pattern } from '../support/bytes.js';
import { PROMPTLY_MS, pause } from '../support/waits.js';
import type { SocketCheck } from './pattern-checks.js';
import { joinedPair, listMessages, sendUntil, sendUntilReceived, type Delivered } from './radio-dish.js';

/** First body byte of the messages these checks count; probes and markers start with lower-case text. */
const EXACT = 0x45; // 'E'
const OVER = 0x4f; // 'O'
const DATA = 0x44; // 'D'

/**
 * Bytes per millisecond the size check offers at most (10 MB/s): with a large limit (a
 * transport that fragments) it waits longer between rounds, so a congestion-controlled
 * sender is not flooded into dropping what the check waits for.
 */
const SIZE_CHECK_BYTES_PER_MS = 10_000;

/** `size` bytes: the tag, then a pattern, so a damaged or cut message shows. */
function tagged(tag: number, size: number): Uint8Array {
  const body = pattern(size, tag);
  body[0] = tag;
  return body;
}

export const radioDishMaxSize: SocketCheck = {
  name: 'radio-dish-max-size',
  title:
    'a message of exactly capabilities.maxMessageSize bytes (group + body) arrives whole; one byte more is never delivered, and the sockets keep working',
  skip: (caps) => needsRadioDish(caps) ?? needsMaxMessageSize(caps),
  async run(scope, note) {
    const limit = scope.capabilities.maxMessageSize as number;
    const group = 'g';
    if (limit < group.length + 1) throw new SkipCheck(`capabilities.maxMessageSize is ${limit}: no room for a group and a body`);
    const exact = tagged(EXACT, limit - group.length);
    const over = tagged(OVER, limit - group.length + 1);
    const { radio, dish } = await joinedPair(scope, [group]);

    // Both sizes in turn, until a few exact ones came: an oversize one that were delivered would come as often.
    let rounds = 0;
    let refused = 0;
    const sendBoth = async (): Promise<void> => {
      rounds += 1;
      await radio.send(over, { group }).catch((error: unknown) => {
        if (!(error instanceof ZmqError)) throw error; // dropping it, or refusing it with a typed error, are both fine
        refused += 1;
      });
      await radio.send(exact, { group });
    };
    let exactArrived = 0;
    const intervalMs = Math.max(10, Math.ceil((2 * limit) / SIZE_CHECK_BYTES_PER_MS));
    const received = await sendUntil(
      dish,
      sendBoth,
      (message) => message.body[0] === EXACT && ++exactArrived === 3,
      `three messages of exactly ${limit} bytes`,
      { intervalMs, ms: Math.max(PROMPTLY_MS, 20 * intervalMs) },
    );
    received.push(...(await sendUntilReceived(radio, dish, group, 'after', 'a small message after the oversize ones')));

    const delivered = received.filter((message) => message.body[0] === OVER);
    expect(delivered.length, `messages of ${limit + 1} bytes delivered, one over capabilities.maxMessageSize: ${listMessages(delivered)}`).toBe(0);
    const damaged = received.filter((message) => message.body[0] === EXACT && firstDifference(message.body, exact) !== -1);
    expect(damaged.length, `messages of exactly ${limit} bytes that arrived damaged or cut: ${listMessages(damaged)}`).toBe(0);
    note(
      `${exactArrived} of ${rounds} messages of ${limit} bytes arrived; none of ${rounds} of ${limit + 1} bytes` +
        (refused > 0 ? ` (${refused} refused by send with a typed error)` : ''),
    );
  },
};

/** Messages in the flood; under every default high-water mark (1000), so a reliable transport loses none. */
const FLOOD = 400;
const FLOOD_SIZES = [5, 6, 64, 512, 1400, 1500, 4096, 8192, 65_536];

export const radioDishIntact: SocketCheck = {
  name: 'radio-dish-intact',
  title: 'a flood of messages of many sizes arrives intact, whatever is lost; nothing lost when reliable, in order when ordered',
  skip: needsRadioDish,
  async run(scope, note) {
    const caps = scope.capabilities;
    const group = 'intact';
    const largest = Math.min(FLOOD_SIZES[FLOOD_SIZES.length - 1], (caps.maxMessageSize ?? Infinity) - group.length);
    const sizes = [...new Set(FLOOD_SIZES.map((size) => Math.min(size, largest)))].filter((size) => size >= 5);
    if (sizes.length === 0) throw new SkipCheck(`capabilities.maxMessageSize is ${caps.maxMessageSize}: too small for numbered messages`);
    // The tag, the number (4 bytes), then a pattern seeded by the number.
    const message = (seq: number): Uint8Array => {
      const size = sizes[seq % sizes.length];
      const head = Uint8Array.of(DATA, seq >>> 24, (seq >>> 16) & 0xff, (seq >>> 8) & 0xff, seq & 0xff);
      return concat([head, pattern(size - head.length, seq + 1)]);
    };
    const { radio, dish } = await joinedPair(scope, [group]);
    for (let seq = 0; seq < FLOOD; seq++) {
      await radio.send(message(seq), { group });
      if (seq % 20 === 19) await pause(0); // lets the receiving side run, as a real sender would
    }
    const received = await sendUntilReceived(radio, dish, group, 'end', 'the end marker after the flood');

    const sequence: number[] = [];
    const damaged: Delivered[] = [];
    for (const delivered of received) {
      if (delivered.body[0] !== DATA) continue;
      const body = delivered.body;
      const seq = body.length >= 5 ? ((body[1] << 24) | (body[2] << 16) | (body[3] << 8) | body[4]) >>> 0 : -1;
      if (delivered.group !== group || seq < 0 || seq >= FLOOD || firstDifference(body, message(seq)) !== -1) damaged.push(delivered);
      else sequence.push(seq);
    }
    const unknown = received.filter((delivered) => delivered.body[0] !== DATA && !/^(probe|end)$/.test(decode(delivered.body)));
    expect(damaged.length, `messages that arrived damaged: ${listMessages(damaged)}`).toBe(0);
    expect(unknown.length, `messages never sent (damaged on the way?): ${listMessages(unknown)}`).toBe(0);
    const distinct = new Set(sequence).size;
    expect(distinct, 'numbered messages that arrived').toBeGreaterThan(0);
    if (caps.reliable) {
      expect(distinct, 'numbered messages that arrived over a reliable transport').toBe(FLOOD);
      expect(sequence.length - distinct, 'duplicates over a reliable transport').toBe(0);
    } else if (sequence.length > distinct) {
      note(`${sequence.length - distinct} duplicates arrived`);
    }
    if (caps.ordered) {
      const backwards = sequence.filter((seq, i) => i > 0 && seq <= sequence[i - 1]);
      expect(backwards, 'message numbers that arrived after a later one, over an ordered transport').toEqual([]);
    }
    const lost = FLOOD - distinct;
    note(`${distinct} of ${FLOOD} messages of ${sizes[0]} to ${sizes[sizes.length - 1]} bytes arrived intact; ${lost} lost (${((100 * lost) / FLOOD).toFixed(1)} %)`);
  },
};
