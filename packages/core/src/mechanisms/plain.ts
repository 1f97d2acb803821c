import type { HandshakeStep, Mechanism, MechanismContext, MechanismSession } from '../contracts/mechanism.js';
import { AuthenticationError, ProtocolError } from '../errors.js';
import { bytesFromString } from '../platform.js';
import { encodeCommand, parseCommand } from '../zmtp/command.js';
import {
  ERROR,
  HELLO,
  INITIATE,
  READY,
  WELCOME,
  decodeError,
  decodeMetadataCommand,
  encodeMetadataCommand,
  encodeReady,
  errorCommandReason,
  peerRejection,
} from '../zmtp/commands.js';
import { askAuthenticator, rejectionStep } from './authentication.js';
import { PLAIN_CREDENTIAL_MAX, type PlainCredentials, decodeHello, encodeHello } from './plain-hello.js';

/**
 * ZMTP's PLAIN mechanism (RFC 24): a username and password in clear text,
 * checked by the server's authenticator.
 *
 *     client: HELLO user pass    server: WELCOME (or ERROR)
 *     client: INITIATE metadata  server: READY metadata
 *
 * Roles come from local options only (`plainServer`); libzmq always sends
 * as-server = 0, so the peer's greeting bit is never consulted.
 */
export const plainMechanism: Mechanism = {
  spec: 'zmtp/mechanism@1',
  name: 'PLAIN',
  selects: (options) => options.plainServer === true || typeof options.plainUsername === 'string',
  isServer: (options) => options.plainServer === true,
  createSession: (context) =>
    context.options.plainServer === true ? new PlainServerSession(context) : new PlainClientSession(context),
};

const EMPTY = new Uint8Array(0);

type ClientState = 'hello-sent' | 'initiate-sent' | 'done';

class PlainClientSession implements MechanismSession {
  private state: ClientState = 'hello-sent';

  constructor(private readonly context: MechanismContext) {}

  start(): HandshakeStep {
    try {
      const username = credential(this.context.options.plainUsername, 'plainUsername');
      const password = credential(this.context.options.plainPassword, 'plainPassword');
      return { send: [encodeHello({ username, password })] };
    } catch (error) {
      if (error instanceof ProtocolError) return { fail: { error } };
      throw error;
    }
  }

  receive(command: Uint8Array): HandshakeStep {
    try {
      // Also takes libzmq PLAIN's malformed ERROR (`5e 'RROR' ...`), which its servers send.
      const reason = errorCommandReason(command);
      if (reason !== undefined) return { fail: { error: peerRejection(reason, 'PLAIN') } };
      const { name, data } = parseCommand(command);
      if (this.state === 'hello-sent' && name === WELCOME) {
        if (data.length !== 0) {
          throw new ProtocolError(
            'ERR_ZMTP_MALFORMED_COMMAND_WELCOME',
            'Peer sent a PLAIN WELCOME with unexpected data.',
          );
        }
        this.state = 'initiate-sent';
        return { send: [encodeMetadataCommand(INITIATE, this.context.localMetadata)] };
      }
      if (this.state === 'initiate-sent' && name === READY) {
        this.state = 'done';
        return { done: { metadata: decodeMetadataCommand(READY, data) } };
      }
      throw unexpected(name, this.state === 'hello-sent' ? 'WELCOME' : 'READY');
    } catch (error) {
      if (error instanceof ProtocolError) return { fail: { error } };
      throw error;
    }
  }
}

type ServerState = 'await-hello' | 'authenticating' | 'await-initiate' | 'done';

class PlainServerSession implements MechanismSession {
  private state: ServerState = 'await-hello';
  private userId: string | undefined;

  constructor(private readonly context: MechanismContext) {}

  start(): HandshakeStep {
    return {};
  }

  receive(command: Uint8Array): HandshakeStep | Promise<HandshakeStep> {
    try {
      const { name, data } = parseCommand(command);
      if (name === ERROR) return { fail: { error: peerRejection(decodeError(data), 'PLAIN') } };
      if (this.state === 'await-hello' && name === HELLO) return this.hello(decodeHello(data));
      if (this.state === 'await-initiate' && name === INITIATE) {
        const metadata = decodeMetadataCommand(INITIATE, data);
        this.state = 'done';
        return {
          send: [encodeReady(this.context.localMetadata)],
          done: { metadata, ...(this.userId !== undefined ? { userId: this.userId } : {}) },
        };
      }
      throw unexpected(name, this.state === 'await-hello' ? 'HELLO' : 'INITIATE');
    } catch (error) {
      if (error instanceof ProtocolError) return { fail: { error } };
      throw error;
    }
  }

  private hello({ username, password }: PlainCredentials): HandshakeStep | Promise<HandshakeStep> {
    const authenticate = this.context.authenticate;
    if (authenticate === undefined) {
      // libzmq's PLAIN server likewise refuses everyone without a ZAP handler.
      return {
        fail: {
          error: new AuthenticationError(
            500,
            `A PLAIN client at ${this.context.peerAddress} was refused because this plainServer socket ` +
              'has no authenticator; ' +
              "set the socket's `authenticator` option to a function that checks usernames and passwords.",
          ),
        },
      };
    }
    this.state = 'authenticating';
    return this.authenticate(username, password);
  }

  private async authenticate(username: Uint8Array, password: Uint8Array): Promise<HandshakeStep> {
    const request = {
      domain: this.context.zapDomain,
      address: this.context.peerAddress,
      // The peer's routing id comes in INITIATE, after authentication.
      identity: EMPTY,
      mechanism: 'PLAIN',
      credentials: [username, password],
    };
    const result = await askAuthenticator(this.context.authenticate!, request);
    if (result.status !== 200) return inLibzmqSpelling(rejectionStep(request, result));
    this.userId = result.userId ?? new TextDecoder().decode(username);
    this.state = 'await-initiate';
    return { send: [encodeCommand(WELCOME)] };
  }
}

/** A credential option as bytes; a value PLAIN cannot carry fails the handshake with a message saying why. */
function credential(value: unknown, option: string): Uint8Array {
  let bytes: Uint8Array;
  if (typeof value === 'string') bytes = bytesFromString(value);
  else if (value instanceof Uint8Array) bytes = value;
  else if (value === undefined || value === null) bytes = EMPTY;
  else {
    throw new ProtocolError(
      'ERR_ZMTP_MALFORMED_COMMAND_HELLO',
      `The ${option} option must be a string, not ${typeof value}.`,
    );
  }
  if (bytes.length > PLAIN_CREDENTIAL_MAX) {
    throw new ProtocolError(
      'ERR_ZMTP_MALFORMED_COMMAND_HELLO',
      `The ${option} option is ${bytes.length} bytes long; PLAIN allows at most ${PLAIN_CREDENTIAL_MAX} bytes.`,
    );
  }
  return bytes;
}

function unexpected(name: string, expected: string): ProtocolError {
  return new ProtocolError(
    'ERR_ZMTP_UNEXPECTED_COMMAND',
    `Peer sent ${name} during the PLAIN handshake where ${expected} was expected; the connection was closed.`,
  );
}

/**
 * libzmq's PLAIN code writes the ERROR name as the C literal "\x05ERROR", which C reads
 * as one byte 0x5E then "RROR" (hex escapes are greedy), and its PLAIN clients only
 * recognise that form. Our server sends the same bytes, so libzmq clients report an
 * authentication failure as they do against a libzmq server; our client reads both forms.
 */
function inLibzmqSpelling(step: HandshakeStep): HandshakeStep {
  const reason = step.fail?.errorReason;
  if (!step.fail || reason === undefined) return step;
  const text = new TextEncoder().encode(reason);
  const command = new Uint8Array(6 + text.length);
  command.set([0x5e, 0x52, 0x52, 0x4f, 0x52, text.length]);
  command.set(text, 6);
  return { send: [command], fail: { error: step.fail.error } };
}
