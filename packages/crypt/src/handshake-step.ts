import {
  type AuthRequest,
  type Authenticator,
  type HandshakeStep,
  type MechanismContext,
  type Metadata,
  type ProtocolError,
  askAuthenticator,
  rejectionStep,
} from '@zmtp/core';

/** A handshake step that fails with `error` (ProtocolErrors from parsing become this). */
export function failStep(error: ProtocolError): HandshakeStep {
  return { fail: { error } };
}

const EMPTY = new Uint8Array(0);

/**
 * Asks the socket's authenticator about a peer whose long-term key is `key` (if any);
 * `accept` makes the step for an accepted peer, with the user id it was given.
 */
export function authenticatePeer(
  context: MechanismContext & { authenticate: Authenticator },
  mechanism: string,
  metadata: Metadata,
  key: Uint8Array | undefined,
  accept: (userId: string | undefined) => HandshakeStep,
): Promise<HandshakeStep> {
  const request: AuthRequest = {
    domain: context.zapDomain,
    address: context.peerAddress,
    identity: metadata.get('Identity') ?? EMPTY,
    mechanism,
    credentials: key ? [key] : [],
  };
  return askAuthenticator(context.authenticate, request).then((result) =>
    result.status === 200 ? accept(result.userId) : rejectionStep(request, result),
  );
}
