import type { Metadata } from '../contracts/mechanism.js';
import { InvalidArgumentError } from '../errors.js';
import { bytesFromString, wrapBytes } from '../platform.js';
import { isValidPropertyName } from './metadata.js';

/** Socket types whose READY carries `Identity` (libzmq's `add_basic_properties`). */
const typesWithIdentity = new Set(['REQ', 'DEALER', 'ROUTER']);

export type PropertyValue = string | Uint8Array;

/**
 * The properties a socket announces in READY / INITIATE, in libzmq's order:
 * `Socket-Type` always; `Identity` only for REQ, DEALER and ROUTER (empty
 * without a routing id); then the application properties whose names start
 * with `X-` (others are not announced, as libzmq's ZMQ_METADATA allows only these).
 */
export function buildLocalMetadata(
  socketType: string,
  routingId?: PropertyValue,
  appProperties?: ReadonlyMap<string, PropertyValue> | Readonly<Record<string, PropertyValue>>,
): Metadata {
  const metadata = new Map<string, Uint8Array>();
  metadata.set('Socket-Type', bytesFromString(socketType));
  if (typesWithIdentity.has(socketType)) {
    const identity = toBytes(routingId ?? '');
    if (identity.length > 255) {
      throw new InvalidArgumentError(`routingId is ${identity.length} bytes long; it must be at most 255 bytes`);
    }
    metadata.set('Identity', identity);
  }
  if (appProperties !== undefined) {
    const entries = appProperties instanceof Map ? appProperties.entries() : Object.entries(appProperties);
    for (const [name, value] of entries as Iterable<[string, PropertyValue]>) {
      if (!name.startsWith('X-') && !name.startsWith('x-')) continue;
      if (!isValidPropertyName(name)) {
        throw new InvalidArgumentError(
          `Metadata property "${name}" has an invalid name: use up to 255 letters, digits, '-', '_', '.' or '+'`,
        );
      }
      metadata.set(name, toBytes(value));
    }
  }
  return metadata;
}

function toBytes(value: PropertyValue): Uint8Array {
  return typeof value === 'string' ? bytesFromString(value) : wrapBytes(value);
}
