/**
 * Core's NULL and PLAIN mechanisms through the mechanism suite, and a toy
 * encrypting mechanism (test/fixtures) that exercises the frame-protection
 * checks the way @zmtp/crypt's mechanisms will.
 */
import { nullMechanism, plainMechanism, type AuthRequest } from '@zmtp/core';
import { mechanismSuite } from '../src/index.js';
import { toyMechanism } from './fixtures/toy-aead-mechanism.js';

const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const authenticator = ({ credentials: [user, password] }: AuthRequest) =>
  decode(user) === 'admin' && decode(password) === 'secret' ? { status: 200 as const, userId: 'admin' } : { status: 400 as const };

mechanismSuite({
  name: 'NULL',
  capabilities: { encrypts: false, credentials: false },
  setup: () => ({ mechanism: nullMechanism, server: {}, client: {} }),
});

mechanismSuite({
  name: 'PLAIN',
  capabilities: { encrypts: false, credentials: true },
  setup: () => ({
    mechanism: plainMechanism,
    server: { plainServer: true, authenticator },
    client: { plainUsername: 'admin', plainPassword: 'secret' },
    wrongClient: { plainUsername: 'admin', plainPassword: 'guess' },
  }),
});

mechanismSuite({
  name: 'TOYAEAD (test fixture)',
  capabilities: { encrypts: true, credentials: true },
  setup: () => ({
    mechanism: toyMechanism(),
    server: { toyKey: 'shared secret', toyServer: true },
    client: { toyKey: 'shared secret' },
    wrongClient: { toyKey: 'a wrong guess' },
  }),
});
