import { Socket as NetSocket, connect as netConnect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import * as zmq from '@zmtp/core';

// Bad network input: the offending connection is closed, an event says why, and the
// socket keeps serving its other peers. Runs against our implementation only.
const ours = process.env.ZMTP_IMPL !== 'zeromq';

const sockets: zmq.Socket[] = [];
const raws: NetSocket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
  for (const r of raws.splice(0)) r.destroy();
});

const signature = Buffer.from([0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f]);
function greeting(mechanism = 'NULL', minor = 1): Buffer {
  const g = Buffer.alloc(64);
  signature.copy(g);
  g[10] = 3;
  g[11] = minor;
  g.write(mechanism, 12, 'ascii');
  return g;
}
function command(name: string, body: Buffer = Buffer.alloc(0)): Buffer {
  const data = Buffer.concat([Buffer.from([name.length]), Buffer.from(name, 'ascii'), body]);
  return Buffer.concat([Buffer.from([0x04, data.length]), data]);
}
function ready(socketType: string): Buffer {
  const name = Buffer.from('Socket-Type');
  const value = Buffer.from(socketType);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(value.length);
  return command('READY', Buffer.concat([Buffer.from([name.length]), name, len, value]));
}

async function setup() {
  const pull = new zmq.Pull({ linger: 0, handshakeInterval: 500 });
  sockets.push(pull);
  await pull.bind('tcp://127.0.0.1:*');
  const endpoint = pull.lastEndpoint!;
  const port = Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));
  const good = new zmq.Push({ linger: 0 });
  sockets.push(good);
  good.connect(endpoint);
  return { pull, good, port };
}

function raw(port: number): Promise<NetSocket> {
  return new Promise((resolve, reject) => {
    const s = netConnect(port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
    raws.push(s);
  });
}

function closedBy(s: NetSocket): Promise<void> {
  return new Promise((resolve) => {
    if (s.destroyed) return resolve();
    s.on('close', () => resolve());
    s.on('error', () => undefined);
    s.resume();
  });
}

function nextEvent(pull: zmq.Pull, types: string[]): Promise<zmq.SocketEvent> {
  return new Promise((resolve) => {
    for (const type of types) pull.events.on(type as 'disconnect', (e) => resolve(e));
  });
}

async function stillServes(pull: zmq.Pull, good: zmq.Push, tag: string) {
  await good.send(tag);
  const [m] = await pull.receive();
  expect(m.toString()).toBe(tag);
}

const cases: Array<{ name: string; bytes: () => Buffer[]; code?: string }> = [
  { name: 'garbage instead of a greeting', bytes: () => [Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')], code: 'ERR_ZMTP_BAD_GREETING' },
  { name: 'a wrong signature (LSB of byte 9 clear)', bytes: () => [Buffer.from([0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7e, 3, 1])], code: 'ERR_ZMTP_BAD_GREETING' },
  { name: 'an old protocol revision', bytes: () => [Buffer.concat([signature, Buffer.from([1, 5])])], code: 'ERR_ZMTP_UNSUPPORTED_VERSION' },
  { name: 'a mechanism mismatch', bytes: () => [greeting('PLAIN')], code: 'ERR_ZMTP_MECHANISM_MISMATCH' },
  {
    name: 'a 2^63-byte declared frame',
    bytes: () => [greeting(), ready('PUSH'), Buffer.from([0x02, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])],
    code: 'ERR_ZMTP_FRAME_TOO_LARGE',
  },
  { name: 'reserved flag bits', bytes: () => [greeting(), ready('PUSH'), Buffer.from([0x80, 0x01, 0x41])], code: 'ERR_ZMTP_RESERVED_FLAGS' },
  {
    name: 'a short PING',
    bytes: () => [greeting(), ready('PUSH'), Buffer.from([0x04, 0x05, 0x04, 0x50, 0x49, 0x4e, 0x47])],
  },
  { name: 'an incompatible socket type', bytes: () => [greeting(), ready('PUB')], code: 'ERR_ZMTP_INCOMPATIBLE_SOCKET_TYPE' },
  { name: 'a malformed READY', bytes: () => [greeting(), command('READY', Buffer.from([0x20, 0x41]))] },
  { name: 'a non-command before READY', bytes: () => [greeting(), Buffer.from([0x00, 0x02, 0x41, 0x42])] },
];

describe.runIf(ours)('bad input over a raw socket', () => {
  for (const c of cases) {
    it(`closes the connection on ${c.name} and keeps serving others`, async () => {
      const { pull, good, port } = await setup();
      await stillServes(pull, good, 'before');
      const event = nextEvent(pull, ['handshake:error:protocol', 'disconnect']);
      const r = await raw(port);
      for (const chunk of c.bytes()) r.write(chunk);
      await closedBy(r);
      const e = (await event) as { type: string; error?: { code?: string; message: string } };
      expect(e.error?.message, 'the event says why').toBeTruthy();
      if (c.code) expect(e.error?.code).toBe(c.code);
      await stillServes(pull, good, 'after');
    });
  }

  it('ignores unknown commands after the handshake', async () => {
    const { pull, port } = await setup();
    const r = await raw(port);
    r.write(greeting());
    r.write(ready('PUSH'));
    r.write(command('FOOBAR', Buffer.from('x')));
    r.write(Buffer.from([0x00, 0x02, 0x68, 0x69]));
    const [m] = await pull.receive();
    expect(m.toString()).toBe('hi');
  });

  it('times out a slow drip that never completes the handshake', async () => {
    const { pull, good, port } = await setup();
    const event = nextEvent(pull, ['handshake:error:protocol', 'disconnect']);
    const r = await raw(port);
    const g = greeting();
    r.write(g.subarray(0, 1));
    let i = 1;
    const drip = setInterval(() => {
      if (i < 30 && !r.destroyed) r.write(g.subarray(i, ++i));
    }, 50);
    try {
      await closedBy(r);
      const e = (await event) as { error?: { code?: string } };
      expect(e.error?.code).toBe('ERR_ZMTP_HANDSHAKE_TIMEOUT');
    } finally {
      clearInterval(drip);
    }
    await stillServes(pull, good, 'after drip');
  });

  it('completes a valid greeting sent one byte at a time', async () => {
    const { pull, port } = await setup();
    const r = await raw(port);
    const bytes = Buffer.concat([greeting(), ready('PUSH'), Buffer.from([0x00, 0x02, 0x6f, 0x6b])]);
    for (let i = 0; i < bytes.length; i++) {
      r.write(bytes.subarray(i, i + 1));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const [m] = await pull.receive();
    expect(m.toString()).toBe('ok');
  });

  it('stays bounded when a peer floods many connections with garbage', async () => {
    const { pull, good, port } = await setup();
    const before = process.memoryUsage().heapUsed;
    for (let round = 0; round < 5; round++) {
      const conns = await Promise.all(Array.from({ length: 20 }, () => raw(port)));
      for (const r of conns) r.write(Buffer.alloc(4096, 0x41));
      await Promise.all(conns.map(closedBy));
    }
    await stillServes(pull, good, 'after flood');
    const grown = process.memoryUsage().heapUsed - before;
    expect(grown).toBeLessThan(64 * 1024 * 1024);
  });
});
