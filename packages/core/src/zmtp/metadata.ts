import { InvalidArgumentError, ProtocolError } from '../errors.js';
import type { Metadata } from '../contracts/mechanism.js';
import { allocBytes } from '../platform.js';

/** Largest property value the 4-byte length field may announce (RFC 37: 2^31 - 1). */
const MAX_VALUE_LENGTH = 0x7fffffff;

/** RFC 37 property names: 1..255 of ALPHA, DIGIT, '-', '_', '.', '+'. */
export function isValidPropertyName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && /^[A-Za-z0-9\-_.+]+$/.test(name);
}

/**
 * Encodes properties as `name-len name value-len(4, BE) value` each, in the
 * map's order. Names are sent exactly as given: libzmq matches them
 * case-sensitively (`Socket-Type`, `Identity`).
 */
export function encodeMetadata(metadata: Metadata): Uint8Array {
  let size = 0;
  for (const [name, value] of metadata) {
    if (!isValidPropertyName(name)) {
      throw new InvalidArgumentError(
        `Metadata property name "${name}" is invalid: use 1 to 255 letters, digits, '-', '_', '.' or '+'`,
      );
    }
    size += 1 + name.length + 4 + value.length;
  }
  const bytes = allocBytes(size);
  let at = 0;
  for (const [name, value] of metadata) {
    bytes[at++] = name.length;
    for (let i = 0; i < name.length; i++) bytes[at++] = name.charCodeAt(i);
    const length = value.length;
    bytes[at++] = length >>> 24;
    bytes[at++] = (length >>> 16) & 0xff;
    bytes[at++] = (length >>> 8) & 0xff;
    bytes[at++] = length & 0xff;
    bytes.set(value, at);
    at += length;
  }
  return bytes;
}

/**
 * Decodes the properties of a READY or INITIATE command. Values are views of
 * `bytes`. Throws ERR_ZMTP_INVALID_METADATA when a property is cut short or
 * badly named.
 */
export function decodeMetadata(bytes: Uint8Array, command = 'READY'): Map<string, Uint8Array> {
  const metadata = new Map<string, Uint8Array>();
  let at = 0;
  while (at < bytes.length) {
    const nameLength = bytes[at++];
    if (nameLength === 0 || at + nameLength + 4 > bytes.length) {
      throw invalid(command, nameLength === 0 ? 'a property has an empty name' : 'a property is cut short');
    }
    let name = '';
    for (let i = 0; i < nameLength; i++) name += String.fromCharCode(bytes[at + i]);
    at += nameLength;
    if (!isValidPropertyName(name)) throw invalid(command, `property name "${printable(name)}" has invalid characters`);
    const valueLength = bytes[at] * 0x1000000 + (bytes[at + 1] << 16) + (bytes[at + 2] << 8) + bytes[at + 3];
    at += 4;
    if (valueLength > MAX_VALUE_LENGTH || at + valueLength > bytes.length) {
      throw invalid(command, `the value of "${name}" is longer than the command`);
    }
    metadata.set(name, bytes.subarray(at, at + valueLength));
    at += valueLength;
  }
  return metadata;
}

function invalid(command: string, detail: string): ProtocolError {
  return new ProtocolError('ERR_ZMTP_INVALID_METADATA', `Peer sent a malformed ${command} command: ${detail}.`);
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
