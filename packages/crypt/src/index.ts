/**
 * @zmtp/crypt: security mechanisms for @zmtp/core. CURVE (RFC 26) as libzmq speaks
 * it, and an opportunistic mechanism that encrypts between our peers and falls back
 * to plaintext NULL only when the peer really is plaintext.
 */
export { crypt } from './plugin.js';
export { curveMechanism } from './curve/mechanism.js';
export { opportunisticMechanism, zcryptMechanism } from './opportunistic/mechanism.js';
export { trustOnFirstUse, type PinStore, type TrustOnFirstUseOptions } from './opportunistic/trust.js';
export { curveKeyPair, curvePublicKey, type CurveKeyPair } from './keys.js';
export { z85Encode, z85Decode } from './z85.js';
export type { EncryptionPolicy, EncryptionSetting } from './options.js';
