/**
 * Interop with a second libzmq build: Debian's libzmq 4.3.4 through python3-zmq,
 * driven as a child process (pyzmq-peer.py). Covers REQ/REP both ways, PUB/SUB with
 * filtering, and DEALER/ROUTER identities, where the python side reports the ZMTP
 * metadata (Socket-Type, Identity) it negotiated with us.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Subscribing,
  bindFresh,
  Cleanup,
  freshBindAddress,
  openSocket,
  receiveWithin,
  repeatUntil,
  sendWithin,
  texts,
  transports,
} from './helpers.js';
import { PythonPeer, pythonPeerUnavailableReason } from './python-peer.js';

const unavailable = pythonPeerUnavailableReason();
if (unavailable) console.info(`skipping python3-zmq interop tests: ${unavailable}`);

describe.skipIf(unavailable !== null).each(transports)('python3-zmq (Debian libzmq) peer over %s', (kind) => {
  const cleanup = new Cleanup();
  afterEach(cleanup.run);

  async function python(...args: Parameters<typeof PythonPeer.start>): Promise<PythonPeer> {
    const peer = await PythonPeer.start(...args);
    cleanup.add(() => peer.close());
    return peer;
  }

  it('REQ (ours) to REP (python, binds)', async () => {
    const rep = await python('REP', 'bind', freshBindAddress(kind, cleanup));
    console.info(`python3-zmq peer runs libzmq ${rep.libzmqVersion}`);
    const req = cleanup.socket(openSocket('ours', 'Request'));
    req.connect(rep.endpoint);
    for (let round = 0; round < 2; round++) {
      await sendWithin(req, ['question', `${round}`]);
      expect(texts((await rep.receive('request at python REP')).frames)).toEqual(['question', `${round}`]);
      await rep.send([`answer ${round}`]);
      expect(texts(await receiveWithin(req, 'reply at our REQ'))).toEqual([`answer ${round}`]);
    }
  });

  it('REQ (python) to REP (ours, binds)', async () => {
    const rep = cleanup.socket(openSocket('ours', 'Reply'));
    const req = await python('REQ', 'connect', await bindFresh(rep, kind, cleanup));
    for (let round = 0; round < 2; round++) {
      await req.send([`question ${round}`]);
      expect(texts(await receiveWithin(rep, 'request at our REP'))).toEqual([`question ${round}`]);
      await sendWithin(rep, ['answer', `${round}`]);
      expect(texts((await req.receive('reply at python REQ')).frames)).toEqual(['answer', `${round}`]);
    }
  });

  it('PUB (ours, binds) filters for an XSUB (python), which does not filter itself', async () => {
    const pub = cleanup.socket(openSocket('ours', 'Publisher'));
    const xsub = await python('XSUB', 'connect', await bindFresh(pub, kind, cleanup));
    for (const topic of ['a.', 'marker']) await xsub.send([`\x01${topic}`]);

    const marker = xsub.receive('marker at python XSUB', { meta: ['Socket-Type'] });
    const first = await repeatUntil(() => sendWithin(pub, 'marker'), marker, 'the subscription to reach our PUB');
    expect(texts(first.frames)).toEqual(['marker']);
    expect(first.meta['Socket-Type']).toBe('PUB');

    for (const topic of ['b.1', 'a.1', 'ab', 'a.end']) await sendWithin(pub, [topic, 'body']);
    const received: string[] = [];
    while (received.at(-1) !== 'a.end') {
      const [topic] = texts((await xsub.receive(`publications up to a.end (so far ${received.join(', ')})`)).frames);
      if (topic !== 'marker') received.push(topic);
    }
    expect(received).toEqual(['a.1', 'a.end']);
  });

  it('PUB (python, binds) to SUB (ours): only subscribed topics arrive, unsubscribe stops them', async () => {
    const pub = await python('PUB', 'bind', freshBindAddress(kind, cleanup));
    const sub = cleanup.socket(openSocket('ours', 'Subscriber')) as Subscribing;
    sub.subscribe('a.', 'b.', 'marker-1');
    sub.connect(pub.endpoint);

    const marker = receiveWithin(sub, 'marker-1 at our SUB');
    const first = await repeatUntil(() => pub.send(['marker-1']), marker, 'our subscription to reach python PUB');
    expect(texts(first)).toEqual(['marker-1']);

    const collectUntil = async (last: string) => {
      const received: string[] = [];
      while (received.at(-1) !== last) {
        const [topic] = texts(await receiveWithin(sub, `publications up to ${last} (so far ${received.join(', ')})`));
        if (!topic.startsWith('marker')) received.push(topic);
      }
      return received;
    };
    for (const topic of ['c.1', 'a.1', 'b.1', 'a.end']) await pub.send([topic, 'body']);
    expect(await collectUntil('a.end')).toEqual(['a.1', 'b.1', 'a.end']);

    sub.unsubscribe('a.');
    sub.subscribe('marker-2');
    const marker2 = receiveWithin(sub, 'marker-2 at our SUB');
    await repeatUntil(() => pub.send(['marker-2']), marker2, 'our unsubscribe to reach python PUB');
    for (const topic of ['a.2', 'b.2', 'b.end']) await pub.send([topic, 'body']);
    expect(await collectUntil('b.end')).toEqual(['b.2', 'b.end']);
  });

  it('DEALER (ours) with identity to ROUTER (python, binds): python sees our READY metadata', async () => {
    const router = await python('ROUTER', 'bind', freshBindAddress(kind, cleanup));
    const dealer = cleanup.socket(openSocket('ours', 'Dealer', { routingId: 'ts-dealer' }));
    dealer.connect(router.endpoint);
    await sendWithin(dealer, ['hello', 'python']);

    const got = await router.receive('message at python ROUTER', { meta: ['Socket-Type', 'Identity'] });
    expect(texts(got.frames)).toEqual(['ts-dealer', 'hello', 'python']);
    expect(got.meta).toEqual({ 'Socket-Type': 'DEALER', Identity: 'ts-dealer' });

    await router.send(['ts-dealer', 'welcome']);
    expect(texts(await receiveWithin(dealer, 'reply at our DEALER'))).toEqual(['welcome']);
  });

  it('DEALER (python) with identity to ROUTER (ours, binds): we route by its identity', async () => {
    const router = cleanup.socket(openSocket('ours', 'Router', { routingId: 'ts-router' }));
    const dealer = await python('DEALER', 'connect', await bindFresh(router, kind, cleanup), { identity: 'py-dealer' });
    await dealer.send(['hello', 'typescript']);
    expect(texts(await receiveWithin(router, 'message at our ROUTER'))).toEqual(['py-dealer', 'hello', 'typescript']);

    await sendWithin(router, ['py-dealer', 'welcome']);
    const got = await dealer.receive('reply at python DEALER', { meta: ['Socket-Type', 'Identity'] });
    expect(texts(got.frames)).toEqual(['welcome']);
    expect(got.meta).toEqual({ 'Socket-Type': 'ROUTER', Identity: 'ts-router' });
  });
});
