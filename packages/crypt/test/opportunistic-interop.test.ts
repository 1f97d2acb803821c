/**
 * The opportunistic mechanism against stock libzmq (zeromq.js, NULL) and between our
 * own sockets over tcp and ipc, in both roles: plaintext NULL only when the peer
 * really is plaintext, ZCRYPT between ours, and 'required' never falling back.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zmq from '@zmtp/core';
import * as libzmq from 'zeromq';
import { afterEach, describe, expect, it } from 'vitest';
import { crypt, curveKeyPair } from '../src/index.js';
import { Cleanup, nextEvent, text, within } from './support/helpers.js';

const cleanup = new Cleanup();
afterEach(cleanup.run);

type Kind = 'tcp' | 'ipc';
let paths = 0;

function bindAddress(kind: Kind): string {
  if (kind === 'tcp') return 'tcp://127.0.0.1:*';
  const path = join(tmpdir(), `zmtp-crypt-${process.pid}-${++paths}.sock`);
  cleanup.defer(() => rmSync(path, { force: true }));
  return `ipc://${path}`;
}

function ourDealer(options: Record<string, unknown> = {}): zmq.Dealer {
  const context = new zmq.Context().use(crypt());
  return cleanup.add(new zmq.Dealer({ context, linger: 0, ...options }));
}

type AnyDealer = zmq.Dealer | libzmq.Dealer;

/** Binds `binder`, connects `connector`, and checks a round trip both ways. */
async function link(binder: AnyDealer, connector: AnyDealer, kind: Kind): Promise<void> {
  await binder.bind(bindAddress(kind));
  connector.connect(binder.lastEndpoint!);
}

async function roundTrip(a: AnyDealer, b: AnyDealer): Promise<void> {
  await a.send(['ping', 'from a']);
  expect(text(await within(b.receive(), 'message a to b'))).toEqual(['ping', 'from a']);
  await b.send(['pong', 'from b']);
  expect(text(await within(a.receive(), 'message b to a'))).toEqual(['pong', 'from b']);
}

function curveKeyPairOptions() {
  const { publicKey, secretKey } = curveKeyPair();
  return { curvePublicKey: publicKey, curveSecretKey: secretKey };
}

const mechanismOf = (event: zmq.SocketEvent) => (event.type === 'handshake' ? event.peer?.mechanism : event.type);

describe.each<Kind>(['tcp', 'ipc'])('over %s', (kind) => {
  describe.each([true, false])('ours binds: %s', (oursBinds) => {
    it('falls back to plaintext NULL with a stock libzmq peer, and messages flow both ways', async () => {
      const ours = ourDealer();
      const theirs = cleanup.add(new libzmq.Dealer({ linger: 0 }));
      const handshake = nextEvent(ours, 'handshake', 'ours');
      if (oursBinds) await link(ours, theirs, kind);
      else await link(theirs, ours, kind);
      await roundTrip(ours, theirs);
      expect(mechanismOf(await handshake)).toBe('NULL');
    });

    it("'required' refuses a stock libzmq peer, again on every reconnect, and never falls back", async () => {
      const ours = ourDealer({ encryption: 'required', reconnectInterval: 20 });
      const theirs = cleanup.add(new libzmq.Dealer({ linger: 0, reconnectInterval: 20 }));
      let handshakes = 0;
      ours.events.on('handshake', () => handshakes++);
      const refusals: zmq.ProtocolError[] = [];
      const twice = within(
        new Promise<void>((resolve) => {
          ours.events.on('handshake:error:protocol', (event) => {
            refusals.push(event.error);
            if (refusals.length === 2) resolve();
          });
        }),
        'two refusals',
      );
      if (oursBinds) await link(ours, theirs, kind);
      else await link(theirs, ours, kind);
      void theirs.send('must not arrive').catch(() => undefined);
      await twice;
      expect(refusals.map((e) => e.code)).toEqual(['ERR_ZMTP_MECHANISM_MISMATCH', 'ERR_ZMTP_MECHANISM_MISMATCH']);
      expect(refusals[0].message).toMatch(/'required'.*without falling back to plaintext/);
      expect(handshakes).toBe(0);
      ours.receiveTimeout = 0;
      await expect(ours.receive()).rejects.toMatchObject({ code: 'EAGAIN' });
    });

    it('encrypts between two of ours (ZCRYPT on both ends)', async () => {
      const a = ourDealer();
      const b = ourDealer();
      const handshakes = Promise.all([nextEvent(a, 'handshake', 'a'), nextEvent(b, 'handshake', 'b')]);
      if (oursBinds) await link(a, b, kind);
      else await link(b, a, kind);
      await roundTrip(a, b);
      expect((await handshakes).map(mechanismOf)).toEqual(['ZCRYPT', 'ZCRYPT']);
    });
  });
});

describe('policies between our own sockets', () => {
  async function mechanisms(aOptions: Record<string, unknown>, bOptions: Record<string, unknown>) {
    const a = ourDealer(aOptions);
    const b = ourDealer(bOptions);
    const events = Promise.all([
      nextEvent(a, ['handshake', 'handshake:error:protocol', 'disconnect'], 'a'),
      nextEvent(b, ['handshake', 'handshake:error:protocol', 'disconnect'], 'b'),
    ]);
    await link(a, b, 'tcp');
    return (await events).map(mechanismOf);
  }

  it("'opportunistic' with a peer whose encryption is 'off' is plaintext: that peer really is plaintext", async () => {
    expect(await mechanisms({}, { encryption: 'off' })).toEqual(['NULL', 'NULL']);
  });

  it("'required' with 'opportunistic' encrypts; 'required' with 'off' is refused", async () => {
    expect(await mechanisms({ encryption: 'required' }, {})).toEqual(['ZCRYPT', 'ZCRYPT']);
    const [a, b] = await mechanisms({ encryption: 'required' }, { encryption: 'off' });
    expect(a).toBe('handshake:error:protocol');
    expect(b).toBe('disconnect');
  });

  it('takes a function that picks the policy from the peer address', async () => {
    const seen: string[] = [];
    const policy = (address: string) => {
      seen.push(address);
      return 'off' as const;
    };
    expect(await mechanisms({ encryption: policy }, {})).toEqual(['NULL', 'NULL']);
    expect(seen[0]).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
  });

  it('PLAIN and CURVE options win over the opportunistic default', async () => {
    const server = ourDealer({ plainServer: true, authenticator: () => ({ status: 200 }) });
    const client = ourDealer({ plainUsername: 'u', plainPassword: 'p' });
    const handshake = nextEvent(server, 'handshake', 'server');
    await link(server, client, 'tcp');
    expect(mechanismOf(await handshake)).toBe('PLAIN');
    const keys = curveKeyPair();
    const curveServer = ourDealer({ curveServer: true, curveSecretKey: keys.secretKey });
    const curveClient = ourDealer({ curveServerKey: keys.publicKey, ...curveKeyPairOptions() });
    const curveHandshake = nextEvent(curveServer, 'handshake', 'CURVE server');
    await link(curveServer, curveClient, 'tcp');
    expect(mechanismOf(await curveHandshake)).toBe('CURVE');
  });

  it('rekeys after the set volume and keeps the stream intact both ways', async () => {
    const a = ourDealer({ encryptionRekeyBytes: 1024 });
    const b = ourDealer({ encryptionRekeyBytes: 1024 });
    await link(a, b, 'tcp');
    const frame = (i: number) => Buffer.alloc(300 + i, i & 0xff);
    for (let i = 0; i < 50; i++) await a.send([`${i}`, frame(i)]);
    for (let i = 0; i < 50; i++) {
      const [index, body] = await within(b.receive(), `message ${i}`);
      expect(index.toString()).toBe(`${i}`);
      expect(Buffer.from(body).equals(frame(i))).toBe(true);
    }
    await roundTrip(b, a);
  });

  it('carries commands (subscriptions) inside records: PUB/SUB between ours', async () => {
    const context = new zmq.Context().use(crypt());
    const pub = cleanup.add(new zmq.Publisher({ context, linger: 0 }));
    const sub = cleanup.add(new zmq.Subscriber({ context, linger: 0 }));
    const handshake = nextEvent(sub, 'handshake', 'sub');
    await pub.bind('tcp://127.0.0.1:*');
    sub.connect(pub.lastEndpoint!);
    sub.subscribe('wanted');
    expect(mechanismOf(await handshake)).toBe('ZCRYPT');
    const arrived = sub.receive();
    let done = false;
    void arrived.finally(() => (done = true));
    for (let i = 0; !done && i < 200; i++) {
      await pub.send('unwanted');
      await pub.send(['wanted', 'news']);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(text(await within(arrived, 'subscribed message'))).toEqual(['wanted', 'news']);
  });
});
