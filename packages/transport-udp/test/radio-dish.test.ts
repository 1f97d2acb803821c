/**
 * Radio / Dish over udp://: ours to ours, and against zeromq.js's draft sockets
 * (libzmq 4.3.5's UDP engine) in both directions.
 */
import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { Context, ZmqError } from '@zmtp/core';
import { Dish, Radio } from '@zmtp/core/draft';
import * as libzmqDraft from 'zeromq/draft.js';
import { udp } from '@zmtp/transport-udp';
import { isExtension } from '../src/wire/extension.js';
import { freePort, nativeJoin, next, settle, settlePair, track, within } from './support.js';

function setup() {
  const plugin = udp();
  const context = new Context().use(plugin);
  return { plugin, context };
}

describe('Radio / Dish over udp://', () => {
  it('delivers the joined groups only, ours to ours, and stops after leave', async () => {
    const { plugin, context } = setup();
    const dish = track(new Dish({ linger: 0, context }));
    await dish.bind('udp://127.0.0.1:*');
    const endpoint = dish.lastEndpoint!;
    expect(endpoint).toMatch(/^udp:\/\/127\.0\.0\.1:\d+$/);
    dish.join('wx', 'sync');
    const radio = track(new Radio({ linger: 0, context }));
    radio.connect(endpoint);
    await settlePair(radio, dish, 'wx');

    await radio.send('not joined', { group: 'other' });
    await radio.send('hi', { group: 'wx' });
    expect(await next(dish)).toBe('wx:hi');
    expect(plugin.statistics.droppedNotJoined).toBeGreaterThanOrEqual(1);

    dish.leave('wx');
    await radio.send('gone', { group: 'wx' });
    await radio.send('end', { group: 'sync' });
    expect(await next(dish)).toBe('sync:end');
  });

  it('sends libzmq\'s layout on the wire: 02 77 78 68 69 for group "wx", body "hi"', async () => {
    const { context } = setup();
    const raw = createSocket('udp4');
    const received: Buffer[] = [];
    raw.on('message', (datagram) => received.push(datagram));
    await new Promise<void>((resolve) => raw.bind(0, '127.0.0.1', resolve));
    try {
      const radio = track(new Radio({ linger: 0, context }));
      radio.connect(`udp://127.0.0.1:${raw.address().port}`);
      for (let attempt = 0; !received.some((datagram) => !isExtension(datagram)); attempt++) {
        if (attempt > 500) throw new Error('no datagram arrived');
        await radio.send('hi', { group: 'wx' });
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // Beside it, HELLOs offer the extension (PROTOCOL.md); a libzmq Dish ignores them.
      const plain = received.filter((datagram) => !isExtension(datagram));
      expect([...plain[0]]).toEqual([0x02, 0x77, 0x78, 0x68, 0x69]);
    } finally {
      raw.close();
    }
  });

  it('libzmq Radio -> our Dish', async () => {
    const { context } = setup();
    const dish = track(new Dish({ linger: 0, context }));
    await dish.bind('udp://127.0.0.1:*');
    dish.join('wx');
    const radio = track(new libzmqDraft.Radio({ linger: 0 }));
    radio.connect(dish.lastEndpoint!);
    await settlePair(radio, dish, 'wx');
    await radio.send('other', { group: 'nope' });
    await radio.send(Buffer.from('hi'), { group: 'wx' });
    expect(await next(dish)).toBe('wx:hi');
  });

  it('our Radio -> libzmq Dish', async () => {
    const { context } = setup();
    const port = await freePort();
    const dish = track(new libzmqDraft.Dish({ linger: 0 }));
    await dish.bind(`udp://127.0.0.1:${port}`);
    nativeJoin(dish, 'wx');
    const radio = track(new Radio({ linger: 0, context }));
    radio.connect(`udp://127.0.0.1:${port}`);
    const receive = async (): Promise<string> => {
      const [body, { group }] = (await within(dish.receive(), 'a message at libzmq\'s Dish')) as unknown as [
        Buffer,
        { group: Buffer },
      ];
      return `${group.toString()}:${body.toString()}`;
    };
    // libzmq's Dish reads only when asked, so probe with a receive pending.
    let done = false;
    const first = receive().then((message) => ((done = true), message));
    for (let attempt = 0; !done; attempt++) {
      if (attempt > 500) throw new Error('libzmq\'s Dish received nothing');
      await radio.send('probe', { group: 'wx' });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await first).toBe('wx:probe');
    await radio.send('settled', { group: 'wx' });
    while ((await receive()) !== 'wx:settled');
    await radio.send('other', { group: 'nope' });
    await radio.send('hi', { group: 'wx' });
    expect(await receive()).toBe('wx:hi');
  });

  it('drops and counts bad datagrams while good ones still arrive', async () => {
    const { plugin, context } = setup();
    const dish = track(new Dish({ linger: 0, context }));
    await dish.bind('udp://127.0.0.1:*');
    dish.join('wx');
    const port = Number(/:(\d+)$/.exec(dish.lastEndpoint!)![1]);
    const raw = createSocket('udp4');
    const send = (bytes: Uint8Array) =>
      new Promise<void>((resolve, reject) => raw.send(bytes, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())));
    try {
      const good = (body: string) => send(Buffer.concat([Buffer.of(2), Buffer.from('wx'), Buffer.from(body)]));
      await settle(() => good('probe'), dish, 'wx', () => good('settled'));
      await send(new Uint8Array(0));
      await send(Uint8Array.of(9, 0x77, 0x78));
      await send(new Uint8Array(9000).fill(2));
      await good('after');
      expect(await next(dish)).toBe('wx:after');
      expect(plugin.statistics).toMatchObject({ droppedEmpty: 1, droppedTruncated: 1, droppedOversize: 1 });
    } finally {
      raw.close();
    }
  });

  it('refuses a Radio bind and a Dish connect with ENOTSUP, bad endpoints with EINVAL', async () => {
    const { context } = setup();
    const radio = track(new Radio({ linger: 0, context }));
    await expect(radio.bind('udp://127.0.0.1:*')).rejects.toMatchObject({ code: 'ENOTSUP' });
    expect(() => radio.connect('udp://*:5555')).toThrow(ZmqError);
    expect(() => radio.connect('udp://127.0.0.1:99999')).toThrow(ZmqError);
  });
});
