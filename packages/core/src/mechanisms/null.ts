import type { HandshakeStep, Mechanism, MechanismContext, MechanismSession, Metadata } from '../contracts/mechanism.js';
import { ProtocolError } from '../errors.js';
import { parseCommand } from '../zmtp/command.js';
import { ERROR, READY, decodeError, decodeMetadataCommand, encodeReady, peerRejection } from '../zmtp/commands.js';
import { askAuthenticator, rejectionStep } from './authentication.js';

const EMPTY = new Uint8Array(0);

/**
 * ZMTP's NULL mechanism (RFC 37): no security. As libzmq, both sides send READY
 * at once; the peer's READY completes the handshake. With an authenticator the
 * peer is checked (mechanism `NULL`, no credentials) before completing.
 */
export const nullMechanism: Mechanism = {
  spec: 'zmtp/mechanism@1',
  name: 'NULL',
  selects: () => true,
  isServer: () => false,
  createSession: (context) => new NullSession(context),
};

class NullSession implements MechanismSession {
  constructor(private readonly context: MechanismContext) {}

  start(): HandshakeStep {
    return { send: [encodeReady(this.context.localMetadata)] };
  }

  receive(command: Uint8Array): HandshakeStep | Promise<HandshakeStep> {
    try {
      const { name, data } = parseCommand(command);
      if (name === ERROR) return { fail: { error: peerRejection(decodeError(data), 'NULL') } };
      if (name !== READY) {
        throw new ProtocolError(
          'ERR_ZMTP_UNEXPECTED_COMMAND',
          `Peer sent ${name} during the NULL handshake; only READY or ERROR may come. The connection was closed.`,
        );
      }
      const metadata = decodeMetadataCommand(READY, data);
      if (this.context.authenticate === undefined) return { done: { metadata } };
      return this.authenticate(metadata);
    } catch (error) {
      if (error instanceof ProtocolError) return { fail: { error } };
      throw error;
    }
  }

  private async authenticate(metadata: Metadata): Promise<HandshakeStep> {
    const request = {
      domain: this.context.zapDomain,
      address: this.context.peerAddress,
      identity: metadata.get('Identity') ?? EMPTY,
      mechanism: 'NULL',
      credentials: [],
    };
    const result = await askAuthenticator(this.context.authenticate!, request);
    if (result.status !== 200) return rejectionStep(request, result);
    return { done: { metadata, ...(result.userId !== undefined ? { userId: result.userId } : {}) } };
  }
}
