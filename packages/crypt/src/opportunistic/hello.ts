import { ProtocolError } from '@zmtp/core';
import { commandName, commandPrefix, concatBytes, startsWith } from '../bytes.js';
import { KEY_SIZE } from './key-schedule.js';
import { ZCRYPT_VERSION } from './mark.js';

export const HELLO = commandPrefix('HELLO');
const MAX_SUITES = 16;
const KEY_AT = HELLO.length + 1;
const COUNT_AT = KEY_AT + KEY_SIZE;

/** `05 'HELLO'`, version, ephemeral X25519 public key, suite count, suite ids. */
export interface Hello {
  readonly ephemeral: Uint8Array;
  readonly suites: Uint8Array;
}

export function encodeHello(ephemeral: Uint8Array, suites: readonly number[]): Uint8Array {
  return concatBytes(HELLO, Uint8Array.of(ZCRYPT_VERSION), ephemeral, Uint8Array.of(suites.length), Uint8Array.from(suites));
}

/** Checks a peer HELLO byte by byte; throws a ProtocolError saying what is wrong. */
export function decodeHello(command: Uint8Array): Hello {
  if (!startsWith(command, HELLO)) {
    throw helloError('ERR_ZMTP_UNEXPECTED_COMMAND', `the peer sent ${commandName(command)} instead of HELLO.`);
  }
  if (command.length <= COUNT_AT) {
    throw helloError('ERR_ZMTP_MALFORMED_COMMAND_HELLO', `HELLO is ${command.length} bytes, too short for a key.`);
  }
  const version = command[HELLO.length];
  if (version !== ZCRYPT_VERSION) {
    throw helloError('ERR_ZMTP_MALFORMED_COMMAND_HELLO', `HELLO is for version ${version}; this side speaks ${ZCRYPT_VERSION}.`);
  }
  const count = command[COUNT_AT];
  if (count === 0 || count > MAX_SUITES || command.length !== COUNT_AT + 1 + count) {
    throw helloError('ERR_ZMTP_MALFORMED_COMMAND_HELLO', `HELLO lists ${count} suites in ${command.length} bytes.`);
  }
  return { ephemeral: command.subarray(KEY_AT, COUNT_AT), suites: command.subarray(COUNT_AT + 1) };
}

export function helloError(code: ProtocolError['code'], detail: string): ProtocolError {
  return new ProtocolError(code, `Encrypted handshake failed: ${detail} The connection was closed.`);
}
