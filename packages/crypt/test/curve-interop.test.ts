/**
 * CURVE against libzmq (zeromq.js 6.8.0, libzmq 4.3.5) in both roles, over tcp and
 * ipc: messages both ways, subscriptions inside MESSAGE, client keys checked by our
 * authenticator or by libzmq's ZAP handler, and wrong server keys refused.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zmq from '@zmtp/core';
import * as libzmq from 'zeromq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { crypt, z85Decode } from '../src/index.js';
import { Cleanup, nextEvent, text, within } from './support/helpers.js';
import { type ZapHandler, startZapHandler } from './support/zap.js';

const cleanup = new Cleanup();
afterEach(cleanup.run);

let zap: ZapHandler;
beforeAll(async () => {
  zap = await startZapHandler(() => 200);
});
afterAll(() => zap.close());
afterEach(() => {
  zap.policy = () => 200;
  zap.requests.length = 0;
});

type Kind = 'tcp' | 'ipc';
type Side = 'ours' | 'libzmq';
let paths = 0;
const context = new zmq.Context().use(crypt());

function bindAddress(kind: Kind): string {
  if (kind === 'tcp') return 'tcp://127.0.0.1:*';
  const path = join(tmpdir(), `zmtp-curve-${process.pid}-${++paths}.sock`);
  cleanup.defer(() => rmSync(path, { force: true }));
  return `ipc://${path}`;
}

const serverKeys = libzmq.curveKeyPair();
const clientKeys = libzmq.curveKeyPair();

function serverOptions(extra: Record<string, unknown> = {}) {
  return { linger: 0, curveServer: true, curvePublicKey: serverKeys.publicKey, curveSecretKey: serverKeys.secretKey, ...extra };
}

function clientOptions(serverKey = serverKeys.publicKey) {
  return { linger: 0, curveServerKey: serverKey, curvePublicKey: clientKeys.publicKey, curveSecretKey: clientKeys.secretKey };
}

type AnyDealer = zmq.Dealer | libzmq.Dealer;

function dealer(side: Side, options: Record<string, unknown>): AnyDealer {
  return cleanup.add(side === 'ours' ? new zmq.Dealer({ context, ...options }) : new libzmq.Dealer(options));
}

async function link(binder: AnyDealer, connector: AnyDealer, kind: Kind) {
  await binder.bind(bindAddress(kind));
  connector.connect(binder.lastEndpoint!);
}

const big = Buffer.alloc(70_000, 0x5a);

describe.each<Kind>(['tcp', 'ipc'])('CURVE over %s', (kind) => {
  describe.each<[Side, Side]>([
    ['ours', 'libzmq'],
    ['libzmq', 'ours'],
    ['ours', 'ours'],
  ])('%s server, %s client', (serverSide, clientSide) => {
    it.each([true, false])('carries messages both ways (server binds: %s)', async (serverBinds) => {
      const server = dealer(serverSide, serverOptions());
      const client = dealer(clientSide, clientOptions());
      if (serverBinds) await link(server, client, kind);
      else await link(client, server, kind);
      await client.send(['hello', '', big]);
      const [hello, empty, body] = await within(server.receive(), 'client to server');
      expect([hello.toString(), empty.length, Buffer.from(body).equals(big)]).toEqual(['hello', 0, true]);
      for (let i = 0; i < 5; i++) await server.send(['reply', `${i}`]);
      for (let i = 0; i < 5; i++) expect(text(await within(client.receive(), 'server to client'))).toEqual(['reply', `${i}`]);
    });
  });
});

describe('CURVE with libzmq: subscriptions, client keys, wrong keys', () => {
  it.each<[Side, Side]>([
    ['ours', 'libzmq'],
    ['libzmq', 'ours'],
  ])('delivers subscriptions inside MESSAGE (%s PUB as server, %s SUB)', async (pubSide, subSide) => {
    const pub = cleanup.add(
      pubSide === 'ours' ? new zmq.Publisher({ context, ...serverOptions() }) : new libzmq.Publisher(serverOptions()),
    );
    const sub = cleanup.add(
      subSide === 'ours' ? new zmq.Subscriber({ context, ...clientOptions() }) : new libzmq.Subscriber(clientOptions()),
    );
    await pub.bind('tcp://127.0.0.1:*');
    sub.connect(pub.lastEndpoint!);
    sub.subscribe('wanted');
    const arrived = sub.receive();
    let done = false;
    void arrived.finally(() => (done = true)).catch(() => undefined);
    for (let i = 0; !done && i < 200; i++) {
      await pub.send('unwanted');
      await pub.send(['wanted', 'news']);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(text(await within(arrived, 'subscribed message'))).toEqual(['wanted', 'news']);
  });

  it("gives our authenticator the libzmq client's long-term key, and refuses it on 400", async () => {
    const requests: zmq.AuthRequest[] = [];
    let status: 200 | 400 = 200;
    const server = dealer('ours', serverOptions({
      authenticator: (request: zmq.AuthRequest) => {
        requests.push(request);
        return { status, userId: 'client-1' };
      },
      reconnectInterval: -1,
    }));
    const handshake = nextEvent(server, 'handshake', 'our server');
    const client = dealer('libzmq', clientOptions());
    await link(server, client, 'tcp');
    const event = await handshake;
    expect(event.type === 'handshake' && event.peer?.userId).toBe('client-1');
    expect(requests[0].mechanism).toBe('CURVE');
    expect(Buffer.from(requests[0].credentials[0]).equals(Buffer.from(z85Decode(clientKeys.publicKey)))).toBe(true);

    status = 400;
    const refusedClient = dealer('libzmq', clientOptions());
    const refusedAtLibzmq = nextEvent(refusedClient, 'handshake:error:auth', 'libzmq client');
    const refusedHere = nextEvent(server, 'handshake:error:auth', 'our server');
    refusedClient.connect(server.lastEndpoint!);
    await refusedHere;
    const atLibzmq = await refusedAtLibzmq;
    expect((atLibzmq as { error?: { status?: number } }).error?.status).toBe(400);
  });

  it("lets libzmq's ZAP handler check our client's key", async () => {
    zap.policy = ({ credentials: [key] }) => (key.equals(Buffer.from(z85Decode(clientKeys.publicKey))) ? 200 : 400);
    const server = dealer('libzmq', serverOptions({ zapDomain: 'test' }));
    const client = dealer('ours', clientOptions());
    await link(server, client, 'tcp');
    await client.send('let me in');
    expect(text(await within(server.receive(), 'message'))).toEqual(['let me in']);
    expect(zap.requests[0].mechanism).toBe('CURVE');

    zap.policy = () => 400;
    const refused = dealer('ours', { ...clientOptions(), reconnectInterval: -1 });
    const event = nextEvent(refused, 'handshake:error:auth', 'our client');
    refused.connect(server.lastEndpoint!);
    expect((await event).type).toBe('handshake:error:auth');
  });

  it('a wrong server key is refused both ways: our server refuses libzmq, libzmq refuses ours', async () => {
    const wrongKey = libzmq.curveKeyPair().publicKey;
    const ourServer = dealer('ours', serverOptions());
    const theirClient = dealer('libzmq', clientOptions(wrongKey));
    const ours = nextEvent(ourServer, 'handshake:error:protocol', 'our server');
    await link(ourServer, theirClient, 'tcp');
    const error = (await ours) as { error: zmq.ProtocolError };
    expect(error.error.code).toBe('ERR_ZMTP_CRYPTOGRAPHIC');
    expect(error.error.message).toMatch(/does not use this server public key/);

    const theirServer = dealer('libzmq', serverOptions());
    const ourClient = cleanup.add(new zmq.Dealer({ context, ...clientOptions(wrongKey), reconnectInterval: -1 }));
    const theirs = nextEvent(theirServer, 'handshake:error:protocol', 'libzmq server');
    let handshakes = 0;
    ourClient.events.on('handshake', () => handshakes++);
    await link(theirServer, ourClient, 'tcp');
    await theirs;
    expect(handshakes).toBe(0);
  });
});
