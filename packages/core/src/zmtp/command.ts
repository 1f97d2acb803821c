import { ProtocolError } from '../errors.js';
import { allocBytes } from '../platform.js';

/** A command body split into its name and the data after it. */
export interface ParsedCommand {
  readonly name: string;
  /** The bytes after the name (a view of the body). */
  readonly data: Uint8Array;
}

/**
 * Builds a command body: `name-len name data...`. Names are ASCII, 1..255
 * characters; the data parts are copied after the name.
 */
export function encodeCommand(name: string, ...data: Uint8Array[]): Uint8Array {
  if (name.length === 0 || name.length > 255) {
    throw new RangeError(`Command name "${name}" must be 1 to 255 characters`);
  }
  let size = 1 + name.length;
  for (const part of data) size += part.length;
  const body = allocBytes(size);
  body[0] = name.length;
  for (let i = 0; i < name.length; i++) body[1 + i] = name.charCodeAt(i);
  let at = 1 + name.length;
  for (const part of data) {
    body.set(part, at);
    at += part.length;
  }
  return body;
}

/** Splits a command body. Throws ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED when the name does not fit. */
export function parseCommand(body: Uint8Array): ParsedCommand {
  const nameLength = body.length > 0 ? body[0] : 0;
  if (nameLength === 0 || nameLength > body.length - 1) {
    throw new ProtocolError(
      'ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED',
      body.length === 0
        ? 'Peer sent an empty command frame; a command starts with its name length and name.'
        : `Peer sent a command whose name length (${nameLength}) does not fit its ${body.length}-byte body.`,
    );
  }
  let name = '';
  for (let i = 1; i <= nameLength; i++) name += String.fromCharCode(body[i]);
  return { name, data: body.subarray(1 + nameLength) };
}
