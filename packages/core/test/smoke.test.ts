import { describe, expect, it } from 'vitest';
import * as zmq from '@zmtp/core';
import * as libzmq from 'zeromq';

describe('smoke', () => {
  for (const addr of ['inproc://smoke', 'tcp://127.0.0.1:*', 'ipc:///tmp/smoke-ipc']) {
    it(`push/pull over ${addr}`, async () => {
      const pull = new zmq.Pull({ linger: 0 });
      await pull.bind(addr);
      const push = new zmq.Push({ linger: 0 });
      push.connect(pull.lastEndpoint!);
      await push.send(['hello', 'world']);
      const msg = await pull.receive();
      expect(msg.map(String)).toEqual(['hello', 'world']);
      push.close(); pull.close();
    });
  }
  it('ours push -> libzmq pull', async () => {
    const pull = new libzmq.Pull({ linger: 0 });
    await pull.bind('tcp://127.0.0.1:*');
    const push = new zmq.Push({ linger: 0 });
    push.connect(pull.lastEndpoint!);
    await push.send(['a', 'b']);
    const msg = await pull.receive();
    expect(msg.map(String)).toEqual(['a', 'b']);
    push.close(); pull.close();
  });
  it('libzmq req -> ours rep', async () => {
    const rep = new zmq.Reply({ linger: 0 });
    await rep.bind('tcp://127.0.0.1:*');
    const req = new libzmq.Request({ linger: 0 });
    req.connect(rep.lastEndpoint!);
    await req.send('ping');
    const [m] = await rep.receive();
    await rep.send(m.toString() + '-pong');
    const [r] = await req.receive();
    expect(r.toString()).toBe('ping-pong');
    req.close(); rep.close();
  });
  it('ours sub <- libzmq pub', async () => {
    const pub = new libzmq.Publisher({ linger: 0 });
    await pub.bind('tcp://127.0.0.1:*');
    const sub = new zmq.Subscriber({ linger: 0 });
    sub.connect(pub.lastEndpoint!);
    sub.subscribe('A');
    const got = sub.receive();
    for (let i = 0; i < 50; i++) {
      await pub.send(['B', 'no']); await pub.send(['A', 'yes']);
      await new Promise((r) => setTimeout(r, 20));
      if (sub.readable) break;
    }
    const msg = await got;
    expect(msg.map(String)).toEqual(['A', 'yes']);
    sub.close(); pub.close();
  });
});
