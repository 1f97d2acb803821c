/**
 * Draft RADIO / DISH (RFC 48 groups over ZMTP 3.1 JOIN / LEAVE), over inproc and tcp,
 * and against zeromq.js's draft Radio / Dish (libzmq 4.3.5) in both directions.
 *
 * libzmq behaviours checked with a raw peer while writing this:
 * - A RADIO sends the group as a first frame with MORE, then the body (`01 02 'wx'
 *   00 02 'hi'`); a DISH sends `JOIN group` / `LEAVE group` commands.
 * - A RADIO drops messages for groups nobody joined, and for a full peer.
 * - zeromq.js 6.8.0's `Dish.join`/`leave` call the native method without `this` and
 *   join nothing; the interop tests call the native method on the socket instead.
 * - libzmq attaches a new connection only when the application next touches the
 *   socket, so joins take effect "soon": `settle` sends probes until one arrives.
 */
import { describe, expect, it } from 'vitest';
import * as libzmqDraft from 'zeromq/draft.js';
import { Dish, Radio, GROUP_MAX_LENGTH } from '../src/draft.node.js';
import { InvalidArgumentError, ZmqError } from '../src/index.node.js';
import { bindAddress, endpointOf, type Transport } from './semantics/support/addresses.js';
import { command, connectRaw, frame, RawZmtpListener } from './semantics/support/raw-zmtp-peer.js';
import { socketCleanup } from './semantics/support/sockets.js';
import { within } from './semantics/support/waits.js';

const keep = socketCleanup();
const decoder = new TextDecoder();

interface AnyRadio {
  send(message: string, options: { group: string | Uint8Array }): Promise<void>;
}
interface AnyDish {
  receive(): Promise<[Uint8Array, { group: Uint8Array }]>;
  readonly readable: boolean;
}

/** A received message as `group:body`. */
async function next(dish: AnyDish): Promise<string> {
  const [body, { group }] = await within(dish.receive(), 'a message at the Dish');
  return `${decoder.decode(group)}:${decoder.decode(body)}`;
}

/**
 * Waits until the Radio knows the Dish joined `group` (joins travel asynchronously):
 * sends probes until one is readable, then an end marker, and reads up to it.
 * Messages from one Radio arrive in order, so everything after is in step.
 */
async function settle(radio: AnyRadio, dish: AnyDish, group: string): Promise<void> {
  await probeUntil(() => dish.readable, () => radio.send('probe', { group }), `the Dish to receive group "${group}"`);
  await radio.send('settled', { group });
  while ((await next(dish)) !== `${group}:settled`);
}

/** Runs `probe` every 10 ms until `done` holds (a join in flight), failing after 500 tries. */
async function probeUntil(done: () => boolean, probe: () => Promise<void>, what: string): Promise<void> {
  for (let attempt = 0; !done(); attempt++) {
    if (attempt > 500) throw new Error(`gave up waiting for ${what}: the join did not reach the Radio`);
    await probe();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Leaves `group` and checks that nothing more arrives from it (the Dish joined "sync"). */
async function expectLeft(radio: AnyRadio, dish: AnyDish & { leave(g: string): void; join(g: string): void }, group: string) {
  dish.leave(group);
  dish.join('marker');
  await settle(radio, dish, 'marker');
  await radio.send('gone', { group });
  await radio.send('end', { group: 'sync' });
  expect(await next(dish)).toBe('sync:end');
}

async function ourPair(transport: Transport) {
  const dish = keep(new Dish({ linger: 0 }));
  await dish.bind(bindAddress(transport));
  const radio = keep(new Radio({ linger: 0 }));
  radio.connect(endpointOf(dish));
  return { radio, dish };
}

describe.each(['inproc', 'tcp'] as const)('Radio / Dish over %s', (transport) => {
  it('delivers only the groups joined, by exact match, with the group', async () => {
    const { radio, dish } = await ourPair(transport);
    dish.join('sync', 'wx', Buffer.from('b\xffin', 'latin1'));
    await settle(radio, dish, 'sync');
    for (const group of ['w', 'wxy', 'WX', 'wx', '', 'b\xffi']) await radio.send(`to ${group}`, { group });
    await radio.send('binary', { group: Buffer.from('b\xffin', 'latin1') });
    await radio.send('end', { group: 'sync' });
    expect(await next(dish)).toBe('wx:to wx');
    const [body, { group }] = await within(dish.receive(), 'the binary group');
    expect([decoder.decode(body), Buffer.from(group).toString('latin1')]).toEqual(['binary', 'b\xffin']);
    expect(await next(dish)).toBe('sync:end');
  });

  it('stops delivering a group after leave, and takes groups of up to 255 bytes', async () => {
    const { radio, dish } = await ourPair(transport);
    const longest = 'g'.repeat(GROUP_MAX_LENGTH);
    dish.join('sync', 'news', longest);
    await settle(radio, dish, 'sync');
    await radio.send('kept', { group: longest });
    await radio.send('first', { group: 'news' });
    expect(await next(dish)).toBe(`${longest}:kept`);
    expect(await next(dish)).toBe('news:first');
    await expectLeft(radio, dish, 'news');
  });

  it('drops for a full Dish instead of blocking (mute state: drop)', async () => {
    const dish = keep(new Dish({ linger: 0, receiveHighWaterMark: 1 }));
    await dish.bind(bindAddress(transport));
    const radio = keep(new Radio({ linger: 0, sendHighWaterMark: 1, sendTimeout: 0 }));
    radio.connect(endpointOf(dish));
    dish.join('sync', 'flood');
    await settle(radio, dish, 'sync');
    // sendTimeout 0: a send that would block rejects with EAGAIN at once instead.
    // 20 MiB in one go: more than tcp's buffers hold while the Dish cannot read.
    const total = 20_000;
    for (let i = 0; i < total; i++) await radio.send(String(i).padEnd(1024, '.'), { group: 'flood' });
    const received: number[] = [];
    let done = false;
    const reading = (async () => {
      for (let message = await next(dish); message.startsWith('flood:'); message = await next(dish)) {
        received.push(Number.parseInt(message.slice('flood:'.length), 10));
      }
      done = true;
    })();
    // The end marker may be dropped too while the Dish is full: repeat it until read.
    while (!done) {
      await radio.send('end', { group: 'sync' });
      await Promise.race([reading, new Promise((resolve) => setTimeout(resolve, 10))]);
    }
    await reading;
    expect(received.length).toBeGreaterThan(0);
    expect(received.length).toBeLessThan(total);
    expect(received).toEqual([...received].sort((a, b) => a - b));
  });
});

describe('Radio / Dish arguments', () => {
  it('rejects bad groups and operations with typed errors that say how to fix them', async () => {
    const radio = keep(new Radio({ linger: 0 }));
    const dish = keep(new Dish({ linger: 0 }));
    const tooLong = 'x'.repeat(GROUP_MAX_LENGTH + 1);
    expect(() => dish.join(tooLong)).toThrow(InvalidArgumentError);
    expect(() => dish.join('a\0b')).toThrow(/NUL/);
    dish.join('a');
    expect(() => dish.join('a')).toThrow(/already joined/);
    expect(() => dish.leave('b')).toThrow(/not joined/);
    await expect(radio.send('x', { group: tooLong })).rejects.toThrow(/at most 255 bytes/);
    await expect(radio.send('x', undefined as never)).rejects.toThrow(/needs a group/);
    await expect(radio.send(['a', 'b'], { group: 'g' })).rejects.toThrow(/exactly one part/);
    await expect(radio.receive()).rejects.toMatchObject({ code: 'ENOTSUP' });
    await expect(dish.send('x')).rejects.toBeInstanceOf(ZmqError);
  });
});

describe('Radio / Dish with zeromq.js draft sockets over tcp', () => {
  /** zeromq.js 6.8.0's own `join` loses `this`; the native method works. */
  function nativeJoin(dish: libzmqDraft.Dish, group: string): void {
    (Object.getPrototypeOf(libzmqDraft.Dish.prototype) as { join(this: unknown, group: string): void }).join.call(dish, group);
  }

  it('our Radio to a zeromq.js Dish', async () => {
    const dish = keep(new libzmqDraft.Dish({ linger: 0 }));
    await dish.bind('tcp://127.0.0.1:*');
    nativeJoin(dish, 'sync');
    nativeJoin(dish, 'wx');
    const radio = keep(new Radio({ linger: 0 }));
    radio.connect(dish.lastEndpoint!);
    await settle(radio, dish as unknown as AnyDish, 'sync');
    await radio.send('no', { group: 'wxy' });
    await radio.send('hi', { group: 'wx' });
    expect(await next(dish as unknown as AnyDish)).toBe('wx:hi');
  });

  it('a zeromq.js Radio to our Dish', async () => {
    const dish = keep(new Dish({ linger: 0 }));
    await dish.bind('tcp://127.0.0.1:*');
    dish.join('sync', 'wx');
    const radio = keep(new libzmqDraft.Radio({ linger: 0 }));
    radio.connect(dish.lastEndpoint!);
    await settle(radio, dish, 'sync');
    await radio.send('no', { group: 'w' });
    await radio.send('hi', { group: 'wx' });
    expect(await next(dish)).toBe('wx:hi');
    await expectLeft(radio, dish, 'wx');
  });
});

describe('Radio / Dish on the wire (raw ZMTP peer over tcp)', () => {
  const MORE = 1;
  const bytes = (text: string) => new TextEncoder().encode(text);
  const asText = (frames: { body: Uint8Array; more: boolean }[]) =>
    frames.map((part) => `${decoder.decode(part.body)}${part.more ? '+' : ''}`).join(' ');

  it('our Radio sends the group frame with MORE, then the body, only for groups the peer joined', async () => {
    const listener = await RawZmtpListener.listen('tcp', 'DISH');
    try {
      const radio = keep(new Radio({ linger: 0 }));
      radio.connect(listener.endpoint);
      const peer = await listener.firstConnection();
      await peer.until(() => peer.commands.some((c) => c.name === 'READY'), 'READY from the Radio');
      peer.send(command('JOIN', bytes('wx')));
      await probeUntil(() => peer.messages.length > 0, () => radio.send('probe', { group: 'wx' }), 'a message to "wx"');
      await radio.send('no', { group: 'w' });
      await radio.send('hi', { group: 'wx' });
      await peer.until(() => peer.messages.some((m) => asText(m) === 'wx+ hi'), 'the message to "wx"');
      expect(peer.messages.map(asText).filter((m) => m !== 'wx+ probe')).toEqual(['wx+ hi']);

      peer.send(command('LEAVE', bytes('wx')));
      peer.send(command('JOIN', bytes('marker')));
      const before = peer.messages.length;
      const probe = async () => {
        await radio.send('gone', { group: 'wx' });
        await radio.send('end', { group: 'marker' });
      };
      await probeUntil(() => peer.messages.length > before, probe, 'a message to "marker"');
      await radio.send('gone', { group: 'wx' });
      await radio.send('last', { group: 'marker' });
      await peer.until(() => peer.messages.some((m) => asText(m) === 'marker+ last'), 'the last marker');
      // LEAVE went before JOIN marker: from the first marker message on, "wx" is gone.
      const sent = peer.messages.map(asText);
      const afterLeave = sent.slice(sent.indexOf('marker+ end'));
      expect(afterLeave.filter((m) => !m.startsWith('marker+ '))).toEqual([]);
      expect(afterLeave.at(-1)).toBe('marker+ last');
    } finally {
      await listener.close();
    }
  });

  it('our Dish sends JOIN / LEAVE commands and drops malformed messages', async () => {
    const dish = keep(new Dish({ linger: 0 }));
    await dish.bind('tcp://127.0.0.1:*');
    dish.join('wx');
    const peer = await connectRaw(endpointOf(dish), 'RADIO');
    await peer.until(() => peer.commands.some((c) => c.name === 'JOIN'), 'JOIN from the Dish');
    expect(decoder.decode(peer.commands.find((c) => c.name === 'JOIN')!.data)).toBe('wx');
    peer.send(frame(0, bytes('no group')));
    peer.send(frame(MORE, bytes('wx')));
    peer.send(frame(MORE, bytes('two')));
    peer.send(frame(0, bytes('bodies')));
    peer.send(frame(MORE, bytes('w')));
    peer.send(frame(0, bytes('not joined')));
    peer.send(frame(MORE, bytes('wx')));
    peer.send(frame(0, bytes('hi')));
    expect(await next(dish)).toBe('wx:hi');
    dish.leave('wx');
    await peer.until(() => peer.commands.some((c) => c.name === 'LEAVE'), 'LEAVE from the Dish');
    expect(decoder.decode(peer.commands.find((c) => c.name === 'LEAVE')!.data)).toBe('wx');
    peer.socket.destroy();
  });
});
