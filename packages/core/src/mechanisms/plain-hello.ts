import { ProtocolError } from '../errors.js';
import { encodeCommand } from '../zmtp/command.js';
import { HELLO } from '../zmtp/commands.js';

/** Longest username or password PLAIN can carry (one length byte each). */
export const PLAIN_CREDENTIAL_MAX = 255;

export interface PlainCredentials {
  readonly username: Uint8Array;
  readonly password: Uint8Array;
}

/** `HELLO ulen user plen password` (RFC 24). Each credential must be at most 255 bytes. */
export function encodeHello({ username, password }: PlainCredentials): Uint8Array {
  return encodeCommand(HELLO, Uint8Array.of(username.length), username, Uint8Array.of(password.length), password);
}

/** Decodes the data after `HELLO`; the two credentials must fill it exactly, as libzmq checks. */
export function decodeHello(data: Uint8Array): PlainCredentials {
  const userLength = data.length > 0 ? data[0] : -1;
  const passwordAt = 1 + userLength;
  if (userLength < 0 || passwordAt >= data.length || passwordAt + 1 + data[passwordAt] !== data.length) {
    throw new ProtocolError(
      'ERR_ZMTP_MALFORMED_COMMAND_HELLO',
      'Peer sent a malformed PLAIN HELLO: the username and password lengths do not match the command size.',
    );
  }
  return {
    username: data.subarray(1, passwordAt),
    password: data.subarray(passwordAt + 1),
  };
}
