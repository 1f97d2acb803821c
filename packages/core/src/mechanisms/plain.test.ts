import { describe, expect, it } from 'vitest';
import type { HandshakeStep, MechanismContext, MechanismSession } from '../contracts/mechanism.js';
import { AuthenticationError, ProtocolError } from '../errors.js';
import { encodeCommand } from '../zmtp/command.js';
import { encodeError, encodeMetadataCommand, encodeReady } from '../zmtp/commands.js';
import { bytes, hex } from '../zmtp/connection-pair.test-helper.js';
import { buildLocalMetadata } from '../zmtp/local-metadata.js';
import { decodeHello, encodeHello } from './plain-hello.js';
import { plainMechanism } from './plain.js';

function context(options: Record<string, unknown>, overrides: Partial<MechanismContext> = {}): MechanismContext {
  return {
    options,
    localMetadata: buildLocalMetadata(options.plainServer ? 'ROUTER' : 'DEALER'),
    peerAddress: 'tcp://10.0.0.1:5555',
    zapDomain: 'zone',
    ...overrides,
  };
}

const failure = (step: HandshakeStep) => step.fail?.error as ProtocolError | AuthenticationError | undefined;

describe('plainMechanism selection', () => {
  it('selects on plainServer or a plainUsername string; the server is plainServer', () => {
    expect(plainMechanism.name).toBe('PLAIN');
    expect(plainMechanism.selects({ plainServer: true })).toBe(true);
    expect(plainMechanism.selects({ plainUsername: '' })).toBe(true);
    expect(plainMechanism.selects({ plainUsername: null })).toBe(false);
    expect(plainMechanism.selects({})).toBe(false);
    expect(plainMechanism.isServer({ plainServer: true })).toBe(true);
    expect(plainMechanism.isServer({ plainUsername: 'u' })).toBe(false);
  });
});

describe('PLAIN HELLO', () => {
  it('is 05 HELLO ulen user plen password', () => {
    expect(hex(encodeHello({ username: bytes('admin'), password: bytes('pw') }))).toBe(
      hex(bytes([5], 'HELLO', [5], 'admin', [2], 'pw')),
    );
    expect(decodeHello(bytes([5], 'admin', [2], 'pw'))).toEqual({ username: bytes('admin'), password: bytes('pw') });
    expect(decodeHello(bytes([0, 0]))).toEqual({ username: bytes(''), password: bytes('') });
  });

  it.each([
    ['empty', []],
    ['no password length', [1, 0x61]],
    ['a password longer than the command', [1, 0x61, 3, 0x62]],
    ['trailing bytes', [1, 0x61, 1, 0x62, 0x63]],
  ])('refuses a HELLO with %s', (_, data) => {
    expect(() => decodeHello(Uint8Array.from(data))).toThrow(
      expect.objectContaining({ code: 'ERR_ZMTP_MALFORMED_COMMAND_HELLO' }),
    );
  });
});

describe('PLAIN client', () => {
  it('sends HELLO, then INITIATE with the metadata after WELCOME, and completes on READY', () => {
    const session = plainMechanism.createSession(context({ plainUsername: 'admin', plainPassword: 'secret' }));
    expect(session.start().send).toEqual([encodeHello({ username: bytes('admin'), password: bytes('secret') })]);
    const afterWelcome = session.receive(encodeCommand('WELCOME')) as HandshakeStep;
    expect(afterWelcome.send).toEqual([encodeMetadataCommand('INITIATE', buildLocalMetadata('DEALER'))]);
    const done = session.receive(encodeReady(buildLocalMetadata('ROUTER'))) as HandshakeStep;
    expect(new TextDecoder().decode(done.done?.metadata.get('Socket-Type'))).toBe('ROUTER');
  });

  it('sends an empty password when none is set', () => {
    const session = plainMechanism.createSession(context({ plainUsername: 'u' }));
    expect(hex(session.start().send![0])).toBe(hex(bytes([5], 'HELLO', [1], 'u', [0])));
  });

  it('fails on ERROR from the server with its status', () => {
    const session = plainMechanism.createSession(context({ plainUsername: 'u' }));
    session.start();
    const error = failure(session.receive(encodeError('400')) as HandshakeStep) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(400);
  });

  it('takes libzmq PLAIN\'s malformed ERROR (5e RROR) as the refusal it is', () => {
    const session = plainMechanism.createSession(context({ plainUsername: 'u' }));
    session.start();
    const error = failure(session.receive(bytes([0x5e], 'RROR', [3], '400')) as HandshakeStep) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(400);
  });

  it('fails on READY before WELCOME and on a WELCOME with data', () => {
    const early = plainMechanism.createSession(context({ plainUsername: 'u' }));
    early.start();
    expect((failure(early.receive(encodeReady(buildLocalMetadata('ROUTER'))) as HandshakeStep) as ProtocolError).code).toBe(
      'ERR_ZMTP_UNEXPECTED_COMMAND',
    );
    const padded = plainMechanism.createSession(context({ plainUsername: 'u' }));
    padded.start();
    expect((failure(padded.receive(encodeCommand('WELCOME', bytes('x'))) as HandshakeStep) as ProtocolError).code).toBe(
      'ERR_ZMTP_MALFORMED_COMMAND_WELCOME',
    );
  });

  it('fails at start, saying why, when a credential is over 255 bytes', () => {
    const session = plainMechanism.createSession(context({ plainUsername: 'u', plainPassword: 'p'.repeat(256) }));
    const error = failure(session.start());
    expect(error?.message).toMatch(/plainPassword option is 256 bytes long; PLAIN allows at most 255/);
  });
});

describe('PLAIN server', () => {
  async function helloStep(session: MechanismSession, user = 'admin', password = 'secret'): Promise<HandshakeStep> {
    return session.receive(encodeHello({ username: bytes(user), password: bytes(password) }));
  }

  it('asks the authenticator, sends WELCOME, then READY on INITIATE with the user id', async () => {
    const requests: unknown[] = [];
    const session = plainMechanism.createSession(
      context(
        { plainServer: true },
        {
          authenticate: (request) => {
            requests.push(request);
            return { status: 200, userId: 'uid-7' };
          },
        },
      ),
    );
    expect(session.start()).toEqual({});
    const welcome = await helloStep(session);
    expect(welcome.send).toEqual([encodeCommand('WELCOME')]);
    expect(requests).toEqual([
      {
        domain: 'zone',
        address: 'tcp://10.0.0.1:5555',
        identity: new Uint8Array(0),
        mechanism: 'PLAIN',
        credentials: [bytes('admin'), bytes('secret')],
      },
    ]);
    const ready = (await session.receive(
      encodeMetadataCommand('INITIATE', buildLocalMetadata('DEALER', 'client-1')),
    )) as HandshakeStep;
    expect(ready.send).toEqual([encodeReady(buildLocalMetadata('ROUTER'))]);
    expect(ready.done?.userId).toBe('uid-7');
    expect(new TextDecoder().decode(ready.done?.metadata.get('Identity'))).toBe('client-1');
  });

  it.each([300, 400, 500] as const)('sends ERROR "%i" in libzmq\'s spelling and fails when the authenticator answers it', async (status) => {
    const session = plainMechanism.createSession(context({ plainServer: true }, { authenticate: () => ({ status }) }));
    const step = await helloStep(session);
    // libzmq's PLAIN clients only recognise `5e 'RROR'` (its C literal "\x05ERROR" is read greedily).
    expect(step.send).toEqual([bytes([0x5e], 'RROR', [3], String(status))]);
    expect(step.fail?.errorReason).toBeUndefined();
    expect((step.fail?.error as AuthenticationError).status).toBe(status);
  });

  it('fails every client without an authenticator, telling the user to set one, and sends no ERROR', async () => {
    const session = plainMechanism.createSession(context({ plainServer: true }));
    const step = await helloStep(session);
    expect(step.fail?.error).toBeInstanceOf(AuthenticationError);
    expect(step.fail?.error.message).toMatch(/set the socket's `authenticator` option/);
    expect(step.fail?.errorReason).toBeUndefined();
  });

  it('refuses INITIATE before HELLO and a malformed HELLO', async () => {
    const session = plainMechanism.createSession(context({ plainServer: true }, { authenticate: () => ({ status: 200 }) }));
    const early = (await session.receive(encodeMetadataCommand('INITIATE', buildLocalMetadata('DEALER')))) as HandshakeStep;
    expect((failure(early) as ProtocolError).code).toBe('ERR_ZMTP_UNEXPECTED_COMMAND');
    const other = plainMechanism.createSession(context({ plainServer: true }, { authenticate: () => ({ status: 200 }) }));
    const malformed = (await other.receive(bytes([5], 'HELLO', [9], 'x'))) as HandshakeStep;
    expect((failure(malformed) as ProtocolError).code).toBe('ERR_ZMTP_MALFORMED_COMMAND_HELLO');
  });

  it('treats an authenticator answer outside 200/300/400/500 as an internal error', async () => {
    const session = plainMechanism.createSession(
      context({ plainServer: true }, { authenticate: () => ({ status: 201 }) as never }),
    );
    const step = await helloStep(session);
    expect((step.fail?.error as AuthenticationError).status).toBe(500);
  });
});
