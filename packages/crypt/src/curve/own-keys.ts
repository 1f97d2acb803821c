import { ProtocolError } from '@zmtp/core';
import { type BoxKeyPair, publicKeyOf } from '../nacl-box.js';
import { z85Decode } from '../z85.js';
import { sameBytes } from '../bytes.js';

/**
 * This side's long-term key pair from `curveSecretKey` (and `curvePublicKey`, which
 * must match when set). Throws a ProtocolError saying what to set when it is missing.
 */
export function ownKeyPair(options: Readonly<Record<string, unknown>>, role: 'client' | 'server'): BoxKeyPair {
  const { curveSecretKey, curvePublicKey } = options;
  if (typeof curveSecretKey !== 'string') {
    const also = role === 'client' ? 'besides curveServerKey, ' : '';
    throw new ProtocolError(
      'ERR_ZMTP_KEY_EXCHANGE',
      `This CURVE ${role} has no curveSecretKey; ${also}set curveSecretKey and curvePublicKey from one ` +
        'curveKeyPair(). The connection was closed.',
    );
  }
  const secretKey = z85Decode(curveSecretKey);
  const publicKey = publicKeyOf(secretKey);
  if (typeof curvePublicKey === 'string' && !sameBytes(z85Decode(curvePublicKey), publicKey)) {
    throw new ProtocolError(
      'ERR_ZMTP_KEY_EXCHANGE',
      'curvePublicKey does not belong to curveSecretKey; set both from one curveKeyPair(). The connection was closed.',
    );
  }
  return { publicKey, secretKey };
}
