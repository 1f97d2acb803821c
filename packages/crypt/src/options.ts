import { type OptionSpec, defineSocketOption } from '@zmtp/core';
import { Z85_KEY_LENGTH, isZ85Key } from './keys.js';

/** What the opportunistic mechanism does with a peer (`encryption` option). */
export type EncryptionPolicy = 'opportunistic' | 'required' | 'off';

/** A policy, or a function that picks one per peer address (`tcp://10.0.0.7:5555`). */
export type EncryptionSetting = EncryptionPolicy | ((peerAddress: string) => EncryptionPolicy);

export const POLICIES: readonly EncryptionPolicy[] = ['opportunistic', 'required', 'off'];

/** Rekey after this many plaintext bytes per direction by default (1 GiB). */
export const DEFAULT_REKEY_BYTES = 2 ** 30;
/** Smallest `encryptionRekeyBytes` accepted. */
export const MIN_REKEY_BYTES = 1024;

const keyOrNull: OptionSpec = {
  default: null,
  check: (value) =>
    value === null || isZ85Key(value)
      ? undefined
      : `a ${Z85_KEY_LENGTH}-character Z85 key (from curveKeyPair()) or null`,
};

/** The socket options this package adds, with zeromq.js's names for CURVE. */
export const cryptOptions: Record<string, OptionSpec> = {
  curveServer: { default: false, check: (value) => (typeof value === 'boolean' ? undefined : 'true or false') },
  curvePublicKey: keyOrNull,
  curveSecretKey: keyOrNull,
  curveServerKey: keyOrNull,
  encryption: {
    default: 'opportunistic',
    check: (value) =>
      typeof value === 'function' || POLICIES.includes(value as EncryptionPolicy)
        ? undefined
        : `one of ${POLICIES.map((p) => `'${p}'`).join(', ')}, or a function of the peer address that returns one`,
  },
  encryptionPublicKey: keyOrNull,
  encryptionSecretKey: keyOrNull,
  encryptionPeerKey: keyOrNull,
  encryptionRekeyBytes: {
    default: DEFAULT_REKEY_BYTES,
    check: (value) =>
      typeof value === 'number' && Number.isSafeInteger(value) && value >= MIN_REKEY_BYTES
        ? undefined
        : `an integer of at least ${MIN_REKEY_BYTES} (bytes)`,
  },
};

let defined = false;

/** Registers the options with core once, so every socket takes them. */
export function defineCryptOptions(): void {
  if (defined) return;
  defined = true;
  for (const [name, spec] of Object.entries(cryptOptions)) defineSocketOption(name, spec);
}

defineCryptOptions();

declare module '@zmtp/core' {
  interface Socket {
    /** zeromq.js / ZMQ_CURVE_SERVER: this side is the CURVE server. */
    curveServer: boolean;
    /** zeromq.js / ZMQ_CURVE_PUBLICKEY: our long-term public key (Z85). */
    curvePublicKey: string | null;
    /** zeromq.js / ZMQ_CURVE_SECRETKEY: our long-term secret key (Z85). */
    curveSecretKey: string | null;
    /** zeromq.js / ZMQ_CURVE_SERVERKEY: the server's public key; setting it makes this side a CURVE client. */
    curveServerKey: string | null;
    /** Ours: 'opportunistic' (default), 'required' or 'off', or a function of the peer address. */
    encryption: EncryptionSetting;
    /** Ours: an optional long-term key pair for the opportunistic mechanism (Z85). */
    encryptionPublicKey: string | null;
    encryptionSecretKey: string | null;
    /** Ours: the peer must prove this long-term key (Z85), or the handshake fails. */
    encryptionPeerKey: string | null;
    /** Ours: plaintext bytes per direction after which the opportunistic mechanism switches keys. */
    encryptionRekeyBytes: number;
  }
}
