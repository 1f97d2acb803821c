/**
 * The extension between two zmtp-basket peers (PROTOCOL.md): negotiation, fragmentation,
 * what a libzmq peer sees, and bad extension datagrams.
 */
import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { Context } from '@zmtp/core';
import { Dish, Radio } from '@zmtp/core/draft';
import * as libzmqDraft from 'zeromq/draft.js';
import { udp, type UdpOptions } from '@zmtp/transport-udp';
import { encodeData, encodeHello, isExtension } from '../src/wire/extension.js';
import { extensionUp, nativeJoin, next, settlePair, track, within } from './support.js';

async function pair(options: UdpOptions = {}) {
  const plugin = udp(options);
  const context = new Context().use(plugin);
  const dish = track(new Dish({ linger: 0, context, receiveHighWaterMark: 100_000 }));
  await dish.bind('udp://127.0.0.1:*');
  dish.join('wx', 'sync');
  const radio = track(new Radio({ linger: 0, context }));
  radio.connect(dish.lastEndpoint!);
  return { plugin, dish, radio };
}

describe('the udp:// extension between zmtp-basket peers', () => {
  it('is negotiated (congestion from the Radio, delivery from the Dish) and carries messages', async () => {
    const { plugin, dish, radio } = await pair({ congestion: 'ccid2', delivery: 'newest-only' });
    await settlePair(radio, dish, 'wx');
    await extensionUp(plugin);
    await radio.send('hi', { group: 'wx' });
    expect(await next(dish)).toBe('wx:hi');
    const radioSide = plugin.peers().find((peer) => peer.side === 'radio')!;
    const dishSide = plugin.peers().find((peer) => peer.side === 'dish' && peer.extension)!;
    expect(radioSide).toMatchObject({ extension: true, congestion: 'ccid2', delivery: 'newest-only' });
    expect(dishSide).toMatchObject({ extension: true, congestion: 'ccid2', delivery: 'newest-only' });
    expect(dishSide.received).toBeGreaterThan(0);
  });

  it('lets an endpoint query override the plugin options', async () => {
    const plugin = udp({ congestion: 'tfrc' });
    const context = new Context().use(plugin);
    const dish = track(new Dish({ linger: 0, context }));
    await dish.bind('udp://127.0.0.1:*');
    dish.join('wx');
    const radio = track(new Radio({ linger: 0, context }));
    radio.connect(`${dish.lastEndpoint!}?congestion=none&delivery=newest-only`);
    await settlePair(radio, dish, 'wx');
    await extensionUp(plugin);
    expect(plugin.peers().find((peer) => peer.side === 'radio')).toMatchObject({ congestion: 'none', delivery: 'newest-only' });
    expect(() => radio.connect(`${dish.lastEndpoint!}?congestion=cubic`)).toThrow(/congestion must be/);
    expect(() => radio.connect(`${dish.lastEndpoint!}?speed=fast`)).toThrow(/unknown option "speed"/);
    expect(() => udp({ segmentSize: 10 })).toThrow(/segmentSize/);
  });

  it('keeps the session while the Radio is idle (no HELLO again after 3 s of silence)', { timeout: 15_000 }, async () => {
    const { plugin, dish, radio } = await pair({ congestion: 'tfrc' });
    await settlePair(radio, dish, 'wx');
    await extensionUp(plugin);
    await radio.send('before', { group: 'wx' });
    expect(await next(dish)).toBe('wx:before');
    await new Promise((resolve) => setTimeout(resolve, 200)); // the last FEEDBACK comes back
    const datagrams = plugin.statistics.datagramsSent;
    await new Promise((resolve) => setTimeout(resolve, 3500));
    expect(plugin.statistics.datagramsSent).toBe(datagrams); // neither HELLO nor WELCOME
    await radio.send('after', { group: 'wx' });
    expect(await next(dish)).toBe('wx:after');
    expect(plugin.peers().find((peer) => peer.side === 'radio')).toMatchObject({ extension: true });
  });

  it('fragments messages larger than a datagram and reassembles them intact', async () => {
    const { plugin, dish, radio } = await pair({ congestion: 'ccid2' });
    await settlePair(radio, dish, 'wx');
    await extensionUp(plugin);
    const body = new Uint8Array(200_000).map((_, index) => (index * 7) % 251);
    await radio.send(body, { group: 'wx' });
    const [received, { group }] = await within(dish.receive(), 'the 200 kB message');
    expect(new TextDecoder().decode(group)).toBe('wx');
    expect(Buffer.compare(Buffer.from(received), Buffer.from(body))).toBe(0);
    // Larger than maxMessageSize: dropped at the Radio and counted; the path still works.
    const before = plugin.statistics.sendDropped;
    await radio.send(new Uint8Array(1024 * 1024 + 1), { group: 'wx' });
    await radio.send('after', { group: 'wx' });
    expect(await next(dish)).toBe('wx:after');
    expect(plugin.statistics.sendDropped).toBe(before + 1);
  });

  it('packs small messages that congestion control holds back into BUNDLE datagrams', async () => {
    const { plugin, dish, radio } = await pair({ congestion: 'ccid2' });
    await settlePair(radio, dish, 'wx');
    await extensionUp(plugin);
    await new Promise((resolve) => setTimeout(resolve, 100)); // let the window go idle
    const datagramsBefore = plugin.statistics.datagramsSent;
    const count = 300;
    for (let index = 0; index < count; index++) void radio.send(String(index), { group: 'wx' });
    for (let index = 0; index < count; index++) expect(await next(dish)).toBe(`wx:${index}`);
    // Far fewer datagrams than messages (HELLO-free now; FEEDBACK goes the other way but counts too).
    const radioDatagrams = plugin.statistics.datagramsSent - datagramsBefore;
    expect(radioDatagrams).toBeLessThan(count / 2);
  });

  it('keeps a libzmq Dish on plain datagrams: its HELLOs are dropped there, messages still arrive', async () => {
    const plugin = udp();
    const context = new Context().use(plugin);
    const raw = createSocket('udp4');
    await new Promise<void>((resolve) => raw.bind(0, '127.0.0.1', resolve));
    const seen: Buffer[] = [];
    raw.on('message', (datagram) => seen.push(datagram));
    const radio = track(new Radio({ linger: 0, context }));
    radio.connect(`udp://127.0.0.1:${raw.address().port}`);
    await new Promise((resolve) => setTimeout(resolve, 400)); // HELLO at 0, 100 and 300 ms
    await radio.send('hi', { group: 'wx' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const hellos = seen.filter((datagram) => isExtension(datagram));
    expect(hellos.length).toBeGreaterThanOrEqual(3);
    // libzmq reads the first byte as a group length the datagram cannot hold, and drops it,
    // without allocating (it is at most 33, libzmq's inline message size).
    for (const hello of hellos) {
      expect(hello[0]).toBeGreaterThan(hello.length - 1);
      expect(hello[0]).toBeLessThanOrEqual(33);
    }
    expect(seen.filter((datagram) => !isExtension(datagram)).map((d) => [...d])).toEqual([[2, 0x77, 0x78, 0x68, 0x69]]);
    expect(plugin.peers()[0]).toMatchObject({ side: 'radio', extension: false });

    // And a real libzmq Dish keeps working beside our HELLOs.
    const port = raw.address().port;
    raw.close();
    const dish = track(new libzmqDraft.Dish({ linger: 0 }));
    await dish.bind(`udp://127.0.0.1:${port}`);
    nativeJoin(dish, 'wx');
    let got: string | undefined;
    void dish.receive().then(([body]) => (got = String(body)));
    for (let attempt = 0; got === undefined; attempt++) {
      if (attempt > 300) throw new Error("libzmq's Dish received nothing");
      await radio.send('from ours', { group: 'wx' });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(got).toBe('from ours');
  });

  it('counts and drops bad extension datagrams while a real Radio keeps delivering', async () => {
    const { plugin, dish, radio } = await pair();
    await settlePair(radio, dish, 'wx');
    await extensionUp(plugin);
    const port = Number(/:(\d+)$/.exec(dish.lastEndpoint!)![1]);
    const raw = track(createSocket('udp4'));
    await new Promise<void>((resolve) => raw.bind(0, '127.0.0.1', resolve));
    const welcome = new Promise<Buffer>((resolve) => raw.once('message', resolve));
    const send = (bytes: Uint8Array) =>
      new Promise<void>((resolve, reject) => raw.send(bytes, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())));
    const hello = encodeHello({ session: 77, congestion: 'none', segmentSize: 1400 });
    const data = (session: number, seq: number) =>
      encodeData({ session, seq, index: 0, count: 1, sendTime: 0, rtt: 0 }, Uint8Array.of(2, 0x77, 0x78, 0x6f, 0x6b));

    const badVersion = hello.slice();
    badVersion[4] = 9;
    await send(badVersion);
    await send(hello.subarray(0, 12)); // truncated
    await send(data(78, 1)); // a session never opened
    await send(hello);
    await within(welcome, 'WELCOME');
    await send(data(77, 1000));
    await send(data(77, 1000 + 1_000_000)); // far outside the window: forged or stale
    await send(data(77, 1000 - 1_000_000));
    await radio.send('still here', { group: 'wx' });
    const delivered = [await next(dish), await next(dish)].sort();
    expect(delivered).toEqual(['wx:ok', 'wx:still here']);
    expect(plugin.statistics).toMatchObject({
      droppedBadVersion: 1,
      droppedMalformed: 1,
      droppedUnknownSession: 1,
      droppedInvalidSequence: 2,
    });
  });
});
