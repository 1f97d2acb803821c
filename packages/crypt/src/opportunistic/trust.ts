import type { AuthRequest, AuthResult, Authenticator } from '@zmtp/core';
import { z85Encode } from '../z85.js';

/** Where pinned keys live: a Map works, or anything with the same get/set (a file-backed store). */
export interface PinStore {
  get(name: string): string | undefined;
  set(name: string, key: string): unknown;
}

export interface TrustOnFirstUseOptions {
  /** Pinned keys by peer name; a new Map by default (pins then last as long as the process). */
  readonly store?: PinStore;
  /** The name a peer is pinned under; by default its address (`tcp://host:port`), which suits connecting sockets. */
  readonly nameOf?: (request: AuthRequest) => string;
}

/**
 * An `authenticator` that pins each peer's long-term key the first time it is seen
 * and refuses the peer if it later proves another key (trust on first use). Peers
 * must present a key: give both sides `encryptionSecretKey` (and `encryptionPublicKey`).
 * Works for the opportunistic mechanism and for CURVE servers (by client key).
 */
export function trustOnFirstUse(options: TrustOnFirstUseOptions = {}): Authenticator {
  const store = options.store ?? new Map<string, string>();
  const nameOf = options.nameOf ?? ((request: AuthRequest) => request.address);
  return (request): AuthResult => {
    const [key] = request.credentials;
    if (key === undefined || key.length !== 32) {
      return {
        status: 400,
        statusText: 'the peer presented no long-term key; give it encryptionSecretKey and encryptionPublicKey',
      };
    }
    const name = nameOf(request);
    const presented = z85Encode(key);
    const pinned = store.get(name);
    if (pinned === undefined) store.set(name, presented);
    else if (pinned !== presented) {
      return { status: 400, statusText: `${name} was pinned to key ${pinned} but now proves ${presented}` };
    }
    return { status: 200, userId: presented };
  };
}
