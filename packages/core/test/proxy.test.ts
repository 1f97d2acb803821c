import { afterEach, describe, expect, it } from 'vitest';
import * as zmq from '@zmtp/core';
import * as libzmq from 'zeromq';

const open: Array<{ close(): void }> = [];
function keep<S extends { close(): void }>(s: S): S {
  open.push(s);
  return s;
}
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

describe('Proxy', () => {
  it('brokers REQ clients to REP workers through ROUTER/DEALER (libzmq on the edges)', async () => {
    const frontend = new zmq.Router({ linger: 0 });
    const backend = new zmq.Dealer({ linger: 0 });
    await frontend.bind('tcp://127.0.0.1:*');
    await backend.bind('tcp://127.0.0.1:*');
    const proxy = new zmq.Proxy(frontend, backend);
    const running = proxy.run();

    const worker = keep(new libzmq.Reply({ linger: 0 }));
    worker.connect(backend.lastEndpoint!);
    void (async () => {
      for await (const [request] of worker) await worker.send(`done: ${request}`);
    })().catch(() => undefined);

    const client = keep(new libzmq.Request({ linger: 0 }));
    client.connect(frontend.lastEndpoint!);
    for (const job of ['a', 'b', 'c']) {
      await client.send(job);
      const [reply] = await client.receive();
      expect(reply.toString()).toBe(`done: ${job}`);
    }
    proxy.terminate();
    await running;
    expect(frontend.closed && backend.closed).toBe(true);
  });

  it('forwards pub/sub through XSUB/XPUB including subscriptions', async () => {
    const xsub = new zmq.XSubscriber({ linger: 0 });
    const xpub = new zmq.XPublisher({ linger: 0 });
    await xsub.bind('inproc://proxy-in');
    await xpub.bind('inproc://proxy-out');
    const proxy = new zmq.Proxy(xsub, xpub);
    const running = proxy.run();
    const pub = keep(new zmq.Publisher({ linger: 0 }));
    pub.connect('inproc://proxy-in');
    const sub = keep(new zmq.Subscriber({ linger: 0 }));
    sub.connect('inproc://proxy-out');
    sub.subscribe('news');
    const received = sub.receive();
    // The subscription travels sub -> xpub -> proxy -> xsub -> pub; publish until it arrives.
    for (let i = 0; i < 100 && !sub.readable; i++) {
      await pub.send(['weather', 'rain']);
      await pub.send(['news', 'hello']);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect((await received).map(String)).toEqual(['news', 'hello']);
    proxy.terminate();
    await running;
  });

  it('refuses to be built without two sockets', () => {
    expect(() => new zmq.Proxy(undefined as never, undefined as never)).toThrow(zmq.InvalidArgumentError);
  });
});

describe('context plugins', () => {
  it('installs a transport for a new scheme with context.use()', async () => {
    const ctx = new zmq.Context();
    // A third-party transport: here a thin wrapper that maps loop:// onto memory://.
    const base = zmq.memory();
    const toInproc = (endpoint: string) => endpoint.replace(/^loop:/, 'memory:');
    const loop: zmq.StreamTransport = {
      spec: 'zmtp/transport@1',
      schemes: ['loop'],
      capabilities: base.capabilities,
      listen: (endpoint, options, accept) => base.listen(toInproc(endpoint), options, accept),
      dial: (endpoint, options, signal) => base.dial(toInproc(endpoint), options, signal),
    };
    ctx.use({ name: 'loop', transports: [loop] });
    const pull = keep(new zmq.Pull({ context: ctx, linger: 0 }));
    await pull.bind('loop://a');
    const push = keep(new zmq.Push({ context: ctx, linger: 0 }));
    push.connect('loop://a');
    await push.send('via plugin');
    expect(String((await pull.receive())[0])).toBe('via plugin');
    expect(ctx.installed).toContain('loop');
  });

  it('keeps inproc names separate per context', async () => {
    const a = new zmq.Context();
    const b = new zmq.Context();
    const pa = keep(new zmq.Pull({ context: a, linger: 0 }));
    const pb = keep(new zmq.Pull({ context: b, linger: 0 }));
    await pa.bind('inproc://same-name');
    await pb.bind('inproc://same-name');
  });

  it('refuses plugins with an unsupported contract version', () => {
    const ctx = new zmq.Context();
    const bad = { ...zmq.inproc(), spec: 'zmtp/transport@9' } as unknown as zmq.Transport;
    expect(() => ctx.use({ name: 'future', transports: [bad] })).toThrow(/zmtp\/transport@1/);
  });
});

describe('socket events and iteration', () => {
  it('reports bind, accept, connect, handshake, disconnect, close and end', async () => {
    const pull = new zmq.Pull({ linger: 0 });
    const seen: string[] = [];
    const done = (async () => {
      for await (const event of pull.events) seen.push(event.type);
    })();
    await pull.bind('tcp://127.0.0.1:*');
    const push = new zmq.Push({ linger: 0 });
    const pushEvents: string[] = [];
    push.events.on('connect', (e) => pushEvents.push(`${e.type} ${e.address}`));
    push.events.on('handshake', (e) => pushEvents.push(e.type));
    push.connect(pull.lastEndpoint!);
    await push.send('x');
    await pull.receive();
    push.close();
    await new Promise<void>((resolve) => pull.events.on('disconnect', () => resolve()));
    await pull.unbind(pull.lastEndpoint!);
    pull.close();
    await done;
    expect(seen).toEqual(['bind', 'accept', 'handshake', 'disconnect', 'close', 'end']);
    expect(pushEvents).toEqual([`connect ${pull.lastEndpoint}`, 'handshake']);
  });

  it('ends for await over a socket when it closes', async () => {
    const pull = new zmq.Pull({ linger: 0 });
    await pull.bind('inproc://iterate');
    const push = keep(new zmq.Push({ linger: 0 }));
    push.connect('inproc://iterate');
    const got: string[] = [];
    const loop = (async () => {
      for await (const [m] of pull) {
        got.push(String(m));
        if (got.length === 2) pull.close();
      }
    })();
    await push.send('1');
    await push.send('2');
    await loop;
    expect(got).toEqual(['1', '2']);
  });
});
