import { InvalidArgumentError } from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../congestion/simulated-link.js';
import { encodeDatagram } from '../datagram.js';
import { DATA_HEADER, decodeExtension, type DataDatagram } from '../wire/extension.js';
import { encodeFragments, splitMessage } from '../wire/fragments.js';
import { seqAdd, seqDiff } from '../wire/serial.js';
import { ArrivalOrder, NewestOnly } from './newest-only.js';
import { Reassembly, type Fragment } from './reassembly.js';
import { SequenceWindow } from './sequence-window.js';

const text = (s: string) => new TextEncoder().encode(s);
const SEGMENT = DATA_HEADER + 8; // 8 payload bytes per fragment keeps messages small

/** Real DATA datagrams for one message, decoded as the Dish decodes them. */
function fragmentsOf(seq: number, group: string, body: string | Uint8Array, segmentSize = SEGMENT): DataDatagram[] {
  const bodyBytes = typeof body === 'string' ? text(body) : body;
  return encodeFragments(text(group), bodyBytes, segmentSize, { session: 1, seq, sendTime: 0, rtt: 0 }).map((datagram) => {
    const value = decodeExtension(datagram);
    if (typeof value === 'string' || value.kind !== 'data') throw new Error(`decoded as ${String(value)}`);
    return value;
  });
}

function layout(group: string, body: string): Uint8Array {
  return encodeDatagram(text(group), text(body))!;
}

const arrival = (options: Partial<ConstructorParameters<typeof Reassembly>[0]> = {}) =>
  new Reassembly({ delivery: new ArrivalOrder(), ...options });

describe('reassembly', () => {
  it('passes a one-fragment message straight through: its own payload, nothing held', () => {
    const reassembly = arrival();
    const [fragment] = fragmentsOf(7, 'g', 'hi');
    const message = reassembly.add(fragment, 0);
    expect(message).toBe(fragment.payload);
    expect(message).toEqual(layout('g', 'hi'));
    expect(reassembly.inProgress).toBe(0);
    expect(reassembly.heldBytes).toBe(0);
    expect(reassembly.nextExpiry()).toBeUndefined();
    expect(reassembly.delivery.delivered).toBe(1);
  });

  it('joins fragments that come in order', () => {
    const reassembly = arrival();
    const fragments = fragmentsOf(100, 'group', 'a body of some thirty bytes...');
    expect(fragments.length).toBe(5);
    const results = fragments.map((fragment) => reassembly.add(fragment, 0));
    expect(results.slice(0, 4)).toEqual([undefined, undefined, undefined, undefined]);
    expect(results[4]).toEqual(layout('group', 'a body of some thirty bytes...'));
    const split = splitMessage(results[4]!);
    expect(split).toMatchObject({ group: text('group'), body: text('a body of some thirty bytes...') });
    expect(reassembly.completed).toBe(1);
    expect(reassembly.inProgress).toBe(0);
    expect(reassembly.heldBytes).toBe(0);
  });

  it('joins fragments out of order, interleaved with another message, ignoring copies', () => {
    const reassembly = arrival();
    const first = fragmentsOf(0xfffffffe, 'a', 'across the wrap of sequence numbers');
    const second = fragmentsOf(seqAdd(0xfffffffe, first.length), 'b', 'the second message here');
    const shuffled = [...first.slice().reverse(), ...second].sort((x, y) => (x.seq * 7919) % 13 - (y.seq * 7919) % 13);
    const withCopies = shuffled.flatMap((fragment, i) => (i % 2 === 0 ? [fragment, fragment] : [fragment]));
    const delivered = withCopies.map((fragment) => reassembly.add(fragment, 0)).filter((m) => m !== undefined);
    expect(delivered).toHaveLength(2);
    expect(delivered).toContainEqual(layout('a', 'across the wrap of sequence numbers'));
    expect(delivered).toContainEqual(layout('b', 'the second message here'));
    // Copies that came after their message completed are stale: it was delivered already.
    expect(reassembly.duplicateFragments + reassembly.staleFragments).toBe(withCopies.length - shuffled.length);
    expect(reassembly.duplicateFragments).toBeGreaterThan(0);
    expect(reassembly.inProgress).toBe(0);
  });

  it('gives up an incomplete message when its time is up', () => {
    const reassembly = arrival({ timeout: 1000 });
    const fragments = fragmentsOf(50, 'g', 'twenty bytes of body');
    reassembly.add(fragments[0], 10);
    reassembly.add(fragments[1], 500);
    expect(reassembly.nextExpiry()).toBe(1010); // from the first fragment
    expect(reassembly.heldBytes).toBeGreaterThan(0);
    expect(reassembly.expire(1009)).toBe(0);
    expect(reassembly.inProgress).toBe(1);
    expect(reassembly.expire(1010)).toBe(1);
    expect(reassembly.expired).toBe(1);
    expect(reassembly.inProgress).toBe(0);
    expect(reassembly.heldBytes).toBe(0);
    expect(reassembly.nextExpiry()).toBeUndefined();
    // The rest arriving late starts over and cannot complete.
    const late = fragments.slice(2).map((fragment) => reassembly.add(fragment, 1500));
    expect(late.every((m) => m === undefined)).toBe(true);
    expect(reassembly.nextExpiry()).toBe(2500);
  });

  it('expires in deadline order, several at once', () => {
    const reassembly = arrival({ timeout: 100 });
    for (let i = 0; i < 5; i++) reassembly.add(fragmentsOf(i * 10, 'g', 'more than eight bytes')[0], i * 10);
    expect(reassembly.expire(125)).toBe(3);
    expect(reassembly.nextExpiry()).toBe(130);
    expect(reassembly.inProgress).toBe(2);
  });

  it('drops a message whose fragments disagree on the count', () => {
    const reassembly = arrival();
    const fragments = fragmentsOf(10, 'g', 'twenty bytes of body');
    reassembly.add(fragments[0], 0);
    const forged: Fragment = { ...fragments[1], count: fragments[1].count + 1 };
    expect(reassembly.add(forged, 0)).toBeUndefined();
    expect(reassembly.inconsistent).toBe(1);
    expect(reassembly.inProgress).toBe(0);
    expect(reassembly.heldBytes).toBe(0);
    const badIndex: Fragment = { ...fragments[1], index: 9, count: 3 };
    expect(reassembly.add(badIndex, 0)).toBeUndefined();
    expect(reassembly.inconsistent).toBe(2);
  });

  it('drops messages over the size limits', () => {
    const reassembly = arrival({ maxMessageSize: 20, maxFragments: 4 });
    // One fragment of 1 + 1 + 20 bytes is over 20 bytes of group + body.
    const [big] = fragmentsOf(1, 'g', 'x'.repeat(20), 100);
    expect(reassembly.add(big, 0)).toBeUndefined();
    const [fits] = fragmentsOf(2, 'g', 'x'.repeat(19), 100);
    expect(reassembly.add(fits, 0)).toEqual(layout('g', 'x'.repeat(19)));
    // Too many fragments: dropped at the first, nothing held.
    const many = fragmentsOf(3, 'g', 'x'.repeat(40));
    expect(many[0].count).toBeGreaterThan(4);
    expect(reassembly.add(many[0], 0)).toBeUndefined();
    expect(reassembly.inProgress).toBe(0);
    // Few fragments, but more bytes than allowed: dropped once the bytes add up.
    const bulky = fragmentsOf(20, 'g', 'y'.repeat(30), DATA_HEADER + 10);
    expect(bulky.length).toBe(4);
    expect(bulky.map((fragment) => reassembly.add(fragment, 0))).toEqual([undefined, undefined, undefined, undefined]);
    expect(reassembly.oversize).toBe(3);
    expect(reassembly.inProgress).toBe(1); // the fragment after the drop started over
  });

  it('holds at most maxMessages, dropping the oldest first', () => {
    const reassembly = arrival({ maxMessages: 4 });
    const messages = Array.from({ length: 6 }, (_, i) => fragmentsOf(i * 100, 'g', `message number ${i}`));
    for (const fragments of messages) reassembly.add(fragments[0], 0);
    expect(reassembly.inProgress).toBe(4);
    expect(reassembly.evicted).toBe(2);
    const finish = (i: number) => messages[i].slice(1).map((fragment) => reassembly.add(fragment, 0)).at(-1);
    expect(finish(5)).toEqual(layout('g', 'message number 5'));
    expect(finish(2)).toEqual(layout('g', 'message number 2'));
    expect(finish(0)).toBeUndefined(); // evicted: its first fragment is gone
  });

  it('holds at most maxBytes, dropping the oldest first', () => {
    const maxBytes = 4000;
    const reassembly = arrival({ maxBytes, maxMessageSize: 1000 });
    const messages = Array.from({ length: 10 }, (_, i) => fragmentsOf(i * 1000, 'g', 'z'.repeat(900), DATA_HEADER + 200));
    for (const fragments of messages) {
      for (const fragment of fragments.slice(0, -1)) {
        reassembly.add(fragment, 0);
        expect(reassembly.heldBytes).toBeLessThanOrEqual(maxBytes);
      }
    }
    expect(reassembly.evicted).toBeGreaterThan(0);
    expect(messages[9].at(-1) && reassembly.add(messages[9].at(-1)!, 0)).toEqual(layout('g', 'z'.repeat(900)));
    expect(reassembly.add(messages[0].at(-1)!, 0)).toBeUndefined();
  });

  it('drops a single message whose fragments alone exceed maxBytes', () => {
    const reassembly = arrival({ maxBytes: 1200, maxMessageSize: 1000 });
    // 1-byte fragments cost far more than their payload.
    const fragments = fragmentsOf(0, 'g', 'q'.repeat(100), DATA_HEADER + 1);
    for (const fragment of fragments) {
      reassembly.add(fragment, 0);
      expect(reassembly.heldBytes).toBeLessThanOrEqual(1200);
    }
    expect(reassembly.evicted).toBeGreaterThan(0);
  });

  it('newest-only: drops at once fragments of messages not newer than the newest delivered', () => {
    const reassembly = new Reassembly({ delivery: new NewestOnly() });
    const older = fragmentsOf(0xfffffff0, 'g', 'an older message, in pieces');
    const [newer] = fragmentsOf(0x00000005, 'g', 'new'); // after the wrap: newer
    expect(reassembly.add(older[0], 0)).toBeUndefined();
    expect(reassembly.inProgress).toBe(1);
    expect(reassembly.add(newer, 0)).toEqual(layout('g', 'new'));
    // The older one can never be delivered now: freed at once, its other fragments dropped.
    expect(reassembly.abandoned).toBe(1);
    expect(reassembly.inProgress).toBe(0);
    expect(reassembly.heldBytes).toBe(0);
    for (const fragment of older.slice(1)) expect(reassembly.add(fragment, 0)).toBeUndefined();
    expect(reassembly.staleFragments).toBe(older.length - 1);
    expect(reassembly.inProgress).toBe(0);
  });

  it('newest-only: a message completed after a newer one was delivered is late', () => {
    const policy = new NewestOnly();
    const reassembly = new Reassembly({ delivery: policy });
    const slow = fragmentsOf(10, 'g', 'slow message in parts');
    const fast = fragmentsOf(10 + slow.length, 'g', 'fast message in parts');
    reassembly.add(slow[0], 0);
    const fastResults = fast.map((fragment) => reassembly.add(fragment, 0));
    expect(fastResults.at(-1)).toEqual(layout('g', 'fast message in parts'));
    expect(slow.slice(1).map((fragment) => reassembly.add(fragment, 0)).every((m) => m === undefined)).toBe(true);
    expect(policy.delivered).toBe(1);
  });

  it('stays within its caps under a flood of fragments of messages that never complete', () => {
    const random = seededRandom(3);
    const maxBytes = 256 * 1024;
    const maxMessages = 64;
    for (const delivery of [new ArrivalOrder(), new NewestOnly()]) {
      const reassembly = new Reassembly({ delivery, maxBytes, maxMessages, maxMessageSize: 64 * 1024, timeout: 50 });
      const payload = new Uint8Array(1000);
      let now = 0;
      let peakBytes = 0;
      let peakMessages = 0;
      for (let i = 0; i < 100_000; i++) {
        now += 0.01;
        const count = 2 + Math.floor(random() * 65_000);
        const fragment: Fragment = {
          messageSeq: Math.floor(random() * 2 ** 32),
          index: Math.floor(random() * count),
          count,
          payload: payload.subarray(0, 1 + Math.floor(random() * 1000)),
        };
        reassembly.add(fragment, now);
        if (i % 97 === 0) reassembly.expire(now);
        peakBytes = Math.max(peakBytes, reassembly.heldBytes);
        peakMessages = Math.max(peakMessages, reassembly.inProgress);
      }
      expect(peakBytes).toBeLessThanOrEqual(maxBytes);
      expect(peakMessages).toBeLessThanOrEqual(maxMessages);
      expect(reassembly.evicted + reassembly.expired + reassembly.abandoned).toBeGreaterThan(1000);
      // Accounting returns to zero once everything has expired.
      reassembly.expire(Number.POSITIVE_INFINITY);
      expect(reassembly.inProgress).toBe(0);
      expect(reassembly.heldBytes).toBe(0);
    }
  });

  it('end to end with a lossy, reordering, duplicating network', () => {
    for (const mode of ['arrival', 'newest-only'] as const) {
      const random = seededRandom(mode === 'arrival' ? 21 : 22);
      const window = new SequenceWindow();
      const delivery = mode === 'arrival' ? new ArrivalOrder() : new NewestOnly();
      const reassembly = new Reassembly({ delivery, timeout: 1e9 });
      const sent = new Map<number, Uint8Array>();
      const network: DataDatagram[] = [];
      let seq = 0xffffff00;
      for (let m = 0; m < 400; m++) {
        const body = Uint8Array.from({ length: Math.floor(random() * 40) }, () => Math.floor(random() * 256));
        const fragments = fragmentsOf(seq, `g${m % 7}`, body);
        sent.set(seq, encodeDatagram(text(`g${m % 7}`), body)!);
        seq = seqAdd(seq, fragments.length);
        for (const fragment of fragments) {
          if (random() < 0.05) continue; // lost
          network.push(fragment);
          if (random() < 0.05) network.push(fragment); // duplicated
        }
      }
      // Reorder: each datagram moves up to 6 places.
      for (let i = 0; i < network.length; i++) {
        const j = Math.min(network.length - 1, i + Math.floor(random() * 7));
        [network[i], network[j]] = [network[j], network[i]];
      }
      const deliveredSeqs: number[] = [];
      for (const fragment of network) {
        if (!window.accept(fragment.seq)) continue;
        const message = reassembly.add(fragment, 0);
        if (message === undefined) continue;
        expect(message).toEqual(sent.get(fragment.messageSeq));
        deliveredSeqs.push(fragment.messageSeq);
      }
      expect(new Set(deliveredSeqs).size).toBe(deliveredSeqs.length); // nothing twice
      expect(deliveredSeqs.length).toBeGreaterThan(mode === 'arrival' ? 250 : 150);
      if (mode === 'newest-only') {
        for (let i = 1; i < deliveredSeqs.length; i++) expect(seqDiff(deliveredSeqs[i], deliveredSeqs[i - 1])).toBeGreaterThan(0);
      } else {
        // Every message whose fragments all arrived was delivered.
        const arrived = new Map<number, { count: number; indices: Set<number> }>();
        for (const fragment of network) {
          const entry = arrived.get(fragment.messageSeq) ?? { count: fragment.count, indices: new Set<number>() };
          entry.indices.add(fragment.index);
          arrived.set(fragment.messageSeq, entry);
        }
        const complete = [...arrived].filter(([, entry]) => entry.indices.size === entry.count).map(([messageSeq]) => messageSeq);
        expect(complete.length).toBeGreaterThan(250);
        expect(deliveredSeqs.sort()).toEqual(complete.sort());
      }
      expect(window.invalid).toBe(0);
    }
  });

  it('rejects bad options with the fix in the message', () => {
    const delivery = new ArrivalOrder();
    expect(() => new Reassembly({ delivery, timeout: 0 })).toThrow(InvalidArgumentError);
    expect(() => new Reassembly({ delivery, maxMessageSize: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => new Reassembly({ delivery, maxFragments: 70_000 })).toThrow(InvalidArgumentError);
    expect(() => new Reassembly({ delivery, maxMessages: 0 })).toThrow(InvalidArgumentError);
    expect(() => new Reassembly({ delivery, maxMessageSize: 1000, maxBytes: 1000 })).toThrow(/maxMessageSize \+ 1/);
  });
});
