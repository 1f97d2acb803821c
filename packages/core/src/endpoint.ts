import { InvalidArgumentError } from './errors.js';

/** An endpoint cut into the part that picks the transport and the part the transport reads. */
export interface EndpointParts {
  /** The scheme without `://`, as written (`tcp`, `ipc`, `inproc`, ...). */
  readonly scheme: string;
  /** Everything after `://` (`127.0.0.1:5555`, `/tmp/sock`, `name`). Never empty. */
  readonly address: string;
}

// RFC 3986 scheme syntax: a letter, then letters, digits, `+`, `-` or `.`.
const schemePattern = /^[A-Za-z][A-Za-z0-9+.-]*$/;

/**
 * Splits `scheme://address` at the first `://`.
 *
 * @throws InvalidArgumentError (`EINVAL`) when there is no `scheme://` prefix or the address is empty.
 */
export function splitEndpoint(endpoint: string): EndpointParts {
  if (typeof endpoint !== 'string') {
    throw new InvalidArgumentError(
      `An endpoint must be a string such as "tcp://127.0.0.1:5555"; got ${endpoint === null ? 'null' : typeof endpoint}`,
    );
  }
  const separator = endpoint.indexOf('://');
  const scheme = separator < 0 ? '' : endpoint.slice(0, separator);
  if (!schemePattern.test(scheme)) {
    throw new InvalidArgumentError(
      `Invalid endpoint "${endpoint}": it must start with a transport scheme and "://", ` +
        `for example "tcp://127.0.0.1:5555", "ipc:///tmp/feed.sock" or "inproc://name"`,
    );
  }
  const address = endpoint.slice(separator + 3);
  if (address.length === 0) {
    throw new InvalidArgumentError(
      `Invalid endpoint "${endpoint}": the address after "${scheme}://" is empty; ` +
        `write one, for example "${exampleFor(scheme)}"`,
    );
  }
  return { scheme, address };
}

function exampleFor(scheme: string): string {
  switch (scheme) {
    case 'tcp':
      return 'tcp://127.0.0.1:5555';
    case 'ipc':
      return 'ipc:///tmp/feed.sock';
    case 'inproc':
      return 'inproc://workers';
    default:
      return `${scheme}://host:5555`;
  }
}

/**
 * The address part of an endpoint that a transport for `scheme` was handed.
 *
 * @throws InvalidArgumentError when the endpoint is malformed or has another scheme.
 */
export function addressForScheme(endpoint: string, scheme: string): string {
  const parts = splitEndpoint(endpoint);
  if (parts.scheme !== scheme) {
    throw new InvalidArgumentError(
      `Endpoint "${endpoint}" was given to the ${scheme} transport, which only serves "${scheme}://" endpoints ` +
        `such as "${exampleFor(scheme)}"`,
    );
  }
  return parts.address;
}
