import { type Mechanism, ProtocolError, nullMechanism } from '@zmtp/core';
import { MARK, PLAIN_PADDING, isMarked } from './mark.js';
import { policyFor, usesOtherSecurity } from './policy.js';
import { ZCRYPT, ZcryptSession } from './session.js';

/** The encrypted mechanism, announced once both greetings carry the mark. */
export const zcryptMechanism: Mechanism = {
  spec: 'zmtp/mechanism@1',
  name: ZCRYPT,
  selects: () => false,
  isServer: () => false,
  createSession: (context) => new ZcryptSession(context),
};

/**
 * The opportunistic mechanism. Our greeting carries a mark where libzmq never
 * looks (bytes 1..8); once the peer's 10-byte signature is in, and before either
 * side names its mechanism, each side knows whether the other is one of ours:
 * both marked → both announce ZCRYPT and encrypt; otherwise → NULL, unless the
 * policy is 'required', which refuses the peer. No side waits for the other's
 * choice, so the greeting is exactly as deadlock-free as a plain one.
 */
export const opportunisticMechanism: Mechanism = {
  spec: 'zmtp/mechanism@1',
  name: ZCRYPT,
  selects: (options) => options.encryption !== 'off' && !usesOtherSecurity(options),
  isServer: () => false,
  // Only reached by a core without greeting negotiation: then it fails closed (no NULL fallback).
  createSession: (context) => new ZcryptSession(context),
  negotiate({ options, peerAddress }) {
    const policy = policyFor(options.encryption, peerAddress);
    return {
      padding: policy === 'off' ? PLAIN_PADDING : MARK,
      choose(peerPadding) {
        if (policy !== 'off' && isMarked(peerPadding)) return zcryptMechanism;
        if (policy === 'required') {
          throw new ProtocolError(
            'ERR_ZMTP_MECHANISM_MISMATCH',
            `The peer at ${peerAddress} cannot encrypt (its greeting has no @zmtp/crypt mark: a libzmq or other ` +
              "plaintext peer), and this socket's encryption policy is 'required', so it was refused without " +
              "falling back to plaintext. Use 'opportunistic' to allow plaintext with such peers.",
          );
        }
        return nullMechanism;
      },
    };
  },
};
