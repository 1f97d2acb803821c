import { ProtocolError, type ProtocolErrorCode } from '@zmtp/core';
import { commandPrefix } from '../bytes.js';

export const HELLO = commandPrefix('HELLO');
export const WELCOME = commandPrefix('WELCOME');
export const INITIATE = commandPrefix('INITIATE');
export const READY = commandPrefix('READY');

/** libzmq's exact sizes (curve_client_tools.hpp, curve_server.cpp). */
export const HELLO_SIZE = 200;
export const WELCOME_SIZE = 168;
export const INITIATE_MIN_SIZE = 257;
export const READY_MIN_SIZE = 30;

/** A CURVE protocol failure; the message ends by saying the connection was closed. */
export function curveError(code: ProtocolErrorCode, detail: string): ProtocolError {
  return new ProtocolError(code, `CURVE handshake failed: ${detail} The connection was closed.`);
}
