import {
  AddressInUseError,
  ConnectionRefusedError,
  InvalidArgumentError,
  ZmqError,
  type ErrorCode,
} from '../errors.js';

/** The errno name Node puts on system errors (`ECONNREFUSED`, `ENOTFOUND`, ...), if any. */
export function systemErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

const unreachable = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'EAI_NODATA',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
]);

/**
 * Turns an error from `node:net` or `node:dns` into a ZmqError whose message
 * starts with `context` (what was being done, with the endpoint) and keeps the
 * original error as `cause`.
 *
 * Codes without a ZeroMQ counterpart (ECONNRESET, EPIPE, EACCES, ...) keep
 * their name in the message; the error's `code` is then the closest ZeroMQ one:
 * EHOSTUNREACH for a connection that broke, EINVAL for anything else.
 */
export function toZmqError(error: unknown, context: string): ZmqError {
  if (error instanceof ZmqError) return error;
  const code = systemErrorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  let mapped: ZmqError;
  if (code === 'ECONNREFUSED') {
    mapped = new ConnectionRefusedError(`${context}: connection refused, nothing is listening there (${detail})`);
  } else if (code === 'EADDRINUSE') {
    mapped = new AddressInUseError(
      `${context}: the address is already in use by this or another process; pick another port or close the other socket (${detail})`,
    );
  } else if (code !== undefined && unreachable.has(code)) {
    mapped = new ZmqError('EHOSTUNREACH', `${context}: the host cannot be reached (${detail})`);
  } else if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') {
    mapped = new ZmqError('EHOSTUNREACH', `${context}: the peer reset the connection (${detail})`);
  } else if (code === 'ETIMEDOUT' || code === 'EADDRNOTAVAIL' || code === 'ENOENT' || code === 'ENODEV') {
    mapped = new ZmqError(code as ErrorCode, `${context}: ${detail}`);
  } else if (code === 'EACCES' || code === 'EPERM') {
    mapped = new InvalidArgumentError(
      `${context}: permission denied (${detail}); ports below 1024 and some paths need privileges`,
    );
  } else {
    mapped = new InvalidArgumentError(`${context}: ${detail}`);
  }
  if (mapped.cause === undefined) Object.defineProperty(mapped, 'cause', { value: error, configurable: true, writable: true });
  return mapped;
}
