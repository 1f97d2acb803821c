import { AddressInUseError, ConnectionRefusedError, InvalidArgumentError, ZmqError } from '@zmtp/core';

const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

/**
 * Turns a Node error from listening or dialing into the typed ZmqError the
 * contract asks for, with a message that says what was done and how to fix it.
 */
export function toZmqError(error: unknown, doing: string): ZmqError {
  if (error instanceof ZmqError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  let mapped: ZmqError;
  if (code === 'ECONNREFUSED') mapped = new ConnectionRefusedError(`${doing}: nothing is listening there (${detail})`);
  else if (code === 'EADDRINUSE') mapped = new AddressInUseError(`${doing}: the address is in use; pick another port (${detail})`);
  else if (code === 'EADDRNOTAVAIL') mapped = new ZmqError('EADDRNOTAVAIL', `${doing}: no interface of this machine has that address (${detail})`);
  else if (typeof code === 'string' && (code.startsWith('ERR_TLS') || code.includes('CERT') || code.startsWith('ERR_SSL') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT')) {
    mapped = new ZmqError(
      'EHOSTUNREACH',
      `${doing}: the TLS handshake failed (${detail}); give tls({ ca }) the certificate authority that signed the server's certificate, ` +
        'and dial the name or address the certificate is for',
    );
  } else if (typeof code === 'string' && UNREACHABLE.has(code)) mapped = new ZmqError('EHOSTUNREACH', `${doing}: ${detail}`);
  else mapped = new InvalidArgumentError(`${doing}: ${detail}`);
  Object.defineProperty(mapped, 'cause', { value: error, configurable: true, writable: true });
  return mapped;
}
