import { describe, expect, it } from 'vitest';
import type { HandshakeStep, MechanismContext } from '../contracts/mechanism.js';
import { AuthenticationError, ProtocolError } from '../errors.js';
import { encodeCommand, parseCommand } from '../zmtp/command.js';
import { encodeError, encodeReady } from '../zmtp/commands.js';
import { bytes } from '../zmtp/connection-pair.test-helper.js';
import { buildLocalMetadata } from '../zmtp/local-metadata.js';
import { nullMechanism } from './null.js';

function context(overrides: Partial<MechanismContext> = {}): MechanismContext {
  return {
    options: {},
    localMetadata: buildLocalMetadata('PUSH'),
    peerAddress: 'tcp://127.0.0.1:1234',
    zapDomain: 'domain',
    ...overrides,
  };
}

describe('nullMechanism', () => {
  it('is named NULL, always selectable and never the server', () => {
    expect(nullMechanism.name).toBe('NULL');
    expect(nullMechanism.selects({})).toBe(true);
    expect(nullMechanism.isServer({ plainServer: true })).toBe(false);
  });

  it('sends READY with the local metadata at once and completes on the peer READY', () => {
    const session = nullMechanism.createSession(context());
    const start = session.start();
    expect(start.send).toEqual([encodeReady(buildLocalMetadata('PUSH'))]);
    const step = session.receive(encodeReady(buildLocalMetadata('PULL'))) as HandshakeStep;
    expect(new TextDecoder().decode(step.done?.metadata.get('Socket-Type'))).toBe('PULL');
    expect(step.fail).toBeUndefined();
  });

  it('fails on ERROR with an AuthenticationError and on anything else with ERR_ZMTP_UNEXPECTED_COMMAND', () => {
    const session = nullMechanism.createSession(context());
    session.start();
    const error = (session.receive(encodeError('400')) as HandshakeStep).fail?.error;
    expect(error).toBeInstanceOf(AuthenticationError);
    const other = (session.receive(encodeCommand('WELCOME')) as HandshakeStep).fail?.error as ProtocolError;
    expect(other.code).toBe('ERR_ZMTP_UNEXPECTED_COMMAND');
    expect(other.message).toMatch(/WELCOME/);
  });

  it('fails on a malformed READY', () => {
    const session = nullMechanism.createSession(context());
    const step = session.receive(bytes([5], 'READY', [1])) as HandshakeStep;
    expect((step.fail?.error as ProtocolError).code).toBe('ERR_ZMTP_INVALID_METADATA');
  });

  it('asks the authenticator (NULL, no credentials, the peer identity) and completes with its user id', async () => {
    const requests: unknown[] = [];
    const session = nullMechanism.createSession(
      context({
        authenticate: (request) => {
          requests.push(request);
          return { status: 200, userId: 'guest' };
        },
      }),
    );
    const step = await session.receive(encodeReady(buildLocalMetadata('DEALER', 'peer-id')));
    expect(step.done?.userId).toBe('guest');
    expect(requests).toEqual([
      { domain: 'domain', address: 'tcp://127.0.0.1:1234', identity: bytes('peer-id'), mechanism: 'NULL', credentials: [] },
    ]);
  });

  it('fails with status 400 and sends ERROR "400" when the authenticator refuses', async () => {
    const session = nullMechanism.createSession(context({ authenticate: async () => ({ status: 400 }) }));
    const step = await session.receive(encodeReady(buildLocalMetadata('DEALER')));
    expect(step.done).toBeUndefined();
    expect((step.fail?.error as AuthenticationError).status).toBe(400);
    expect(step.fail?.errorReason).toBe('400');
  });

  it('names the command it received', () => {
    const session = nullMechanism.createSession(context());
    const fail = (session.receive(encodeCommand('PING', bytes([0, 0]))) as HandshakeStep).fail;
    expect(parseCommand(encodeCommand('PING')).name).toBe('PING');
    expect(fail?.error.message).toMatch(/PING during the NULL handshake/);
  });
});
