/**
 * Authenticated upgrade of the opportunistic mechanism: long-term keys proven in the
 * handshake, pinned explicitly (encryptionPeerKey) or on first use (trustOnFirstUse).
 */
import * as zmq from '@zmtp/core';
import { afterEach, describe, expect, it } from 'vitest';
import { crypt, curveKeyPair, trustOnFirstUse, z85Decode } from '../src/index.js';
import { Cleanup, nextEvent, within } from './support/helpers.js';

const cleanup = new Cleanup();
afterEach(cleanup.run);

let names = 0;

const keyOptions = ({ publicKey, secretKey }: { publicKey: string; secretKey: string }) => ({
  encryptionPublicKey: publicKey,
  encryptionSecretKey: secretKey,
});

function socket(context: zmq.Context, options: Record<string, unknown>): zmq.Dealer {
  return cleanup.add(new zmq.Dealer({ context, linger: 0, reconnectInterval: 20, ...options }));
}

describe('long-term keys', () => {
  it('reports the key the peer proved as its user id, and accepts a matching encryptionPeerKey', async () => {
    const context = new zmq.Context().use(crypt());
    const serverKeys = curveKeyPair();
    const clientKeys = curveKeyPair();
    const server = socket(context, { ...keyOptions(serverKeys), encryptionPeerKey: clientKeys.publicKey });
    const client = socket(context, { ...keyOptions(clientKeys), encryptionPeerKey: serverKeys.publicKey });
    const events = Promise.all([nextEvent(server, 'handshake', 'server'), nextEvent(client, 'handshake', 'client')]);
    await server.bind(`memory://keys-${++names}`);
    client.connect(server.lastEndpoint!);
    const [atServer, atClient] = await events;
    expect(atServer.type === 'handshake' && atServer.peer?.userId).toBe(clientKeys.publicKey);
    expect(atClient.type === 'handshake' && atClient.peer?.userId).toBe(serverKeys.publicKey);
  });

  it('refuses a peer that proves another key than encryptionPeerKey, or none', async () => {
    const context = new zmq.Context().use(crypt());
    const expected = curveKeyPair();
    for (const serverOptions of [keyOptions(curveKeyPair()), {}]) {
      const server = socket(context, serverOptions);
      const client = socket(context, { encryptionPeerKey: expected.publicKey });
      const refused = nextEvent(client, 'handshake:error:auth', 'client');
      await server.bind(`memory://keys-${++names}`);
      client.connect(server.lastEndpoint!);
      const event = await refused;
      expect(event.type === 'handshake:error:auth' && event.error.message).toMatch(
        /(proved key \S+|presented no long-term key), but encryptionPeerKey requires/,
      );
    }
  });

  it('trusts on first use: pins the key, then refuses the same address proving another key', async () => {
    const context = new zmq.Context().use(crypt());
    const pins = new Map<string, string>();
    const client = socket(context, { authenticator: trustOnFirstUse({ store: pins }) });
    const address = `memory://tofu-${++names}`;

    const first = socket(context, keyOptions(curveKeyPair()));
    await first.bind(address);
    const handshake = nextEvent(client, 'handshake', 'client');
    client.connect(address);
    await handshake;
    expect(pins.get(address)).toBe(first.encryptionPublicKey);
    await first.send('from the first server');
    expect((await within(client.receive(), 'message')).toString()).toBe('from the first server');
    first.close();

    const impostor = socket(context, keyOptions(curveKeyPair()));
    const refused = nextEvent(client, 'handshake:error:auth', 'client');
    await impostor.bind(address);
    const event = await refused;
    expect(event.type === 'handshake:error:auth' && event.error.message).toMatch(/pinned to key/);
    expect(pins.get(address)).toBe(first.encryptionPublicKey);
  });

  it('passes the proven key to the authenticator as the ZCRYPT credential', async () => {
    const context = new zmq.Context().use(crypt());
    const clientKeys = curveKeyPair();
    const requests: zmq.AuthRequest[] = [];
    const server = socket(context, {
      authenticator: (request: zmq.AuthRequest) => {
        requests.push(request);
        return { status: 200, userId: 'known client' };
      },
    });
    const client = socket(context, keyOptions(clientKeys));
    const handshake = nextEvent(server, 'handshake', 'server');
    await server.bind(`memory://auth-${++names}`);
    client.connect(server.lastEndpoint!);
    const event = await handshake;
    expect(event.type === 'handshake' && event.peer?.userId).toBe('known client');
    expect(requests[0].mechanism).toBe('ZCRYPT');
    expect(Buffer.from(requests[0].credentials[0]).equals(Buffer.from(z85Decode(clientKeys.publicKey)))).toBe(true);
  });
});
