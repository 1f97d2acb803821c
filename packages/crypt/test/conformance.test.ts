/** Both mechanisms of this package through @zmtp/conformance's mechanism suite. */
import type { AuthRequest } from '@zmtp/core';
import { mechanismSuite } from '@zmtp/conformance';
import { curveKeyPair, curveMechanism, opportunisticMechanism, z85Encode } from '../src/index.js';

/** Accepts exactly one long-term key, as a server would with a list of one client. */
const acceptOnly = (publicKey: string) => (request: AuthRequest) =>
  request.credentials.length === 1 && z85Encode(request.credentials[0]) === publicKey
    ? { status: 200 as const, userId: 'known' }
    : { status: 400 as const };

mechanismSuite({
  name: 'CURVE',
  capabilities: { encrypts: true, credentials: true },
  setup: () => {
    const server = curveKeyPair();
    const client = curveKeyPair();
    const stranger = curveKeyPair();
    const clientOf = (keys: typeof client) => ({
      curveServerKey: server.publicKey,
      curvePublicKey: keys.publicKey,
      curveSecretKey: keys.secretKey,
    });
    return {
      mechanism: curveMechanism,
      server: { curveServer: true, curveSecretKey: server.secretKey, authenticator: acceptOnly(client.publicKey) },
      client: clientOf(client),
      wrongClient: clientOf(stranger),
    };
  },
});

mechanismSuite({
  name: 'ZCRYPT (opportunistic, with long-term keys)',
  capabilities: { encrypts: true, credentials: true },
  setup: () => {
    const client = curveKeyPair();
    const stranger = curveKeyPair();
    const keyed = (keys: typeof client) => ({ encryptionPublicKey: keys.publicKey, encryptionSecretKey: keys.secretKey });
    return {
      mechanism: opportunisticMechanism,
      server: { authenticator: acceptOnly(client.publicKey) },
      client: keyed(client),
      wrongClient: keyed(stranger),
    };
  },
});
