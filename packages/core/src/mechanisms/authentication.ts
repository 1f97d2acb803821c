import type { AuthRequest, AuthResult, Authenticator, HandshakeStep } from '../contracts/mechanism.js';
import { AuthenticationError } from '../errors.js';

const statusWords: Record<number, string> = {
  300: 'a temporary failure (300)',
  400: 'denied (400)',
  500: 'an internal error (500)',
};

/**
 * Asks the socket's authenticator about a peer. An authenticator that throws
 * or answers nonsense counts as an internal error (500), as a broken ZAP
 * handler would, so a bug there never lets a peer in.
 */
export async function askAuthenticator(authenticate: Authenticator, request: AuthRequest): Promise<AuthResult> {
  try {
    const result = await authenticate(request);
    if (result && [200, 300, 400, 500].includes(result.status)) return result;
    const answered = String(result?.status);
    return { status: 500, statusText: `the authenticator returned status ${answered}; use 200, 300, 400 or 500` };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: 500, statusText: `the authenticator threw: ${message}` };
  }
}

/**
 * The handshake step for a peer the authenticator refused: ERROR with the
 * status code as its reason ("400"), as libzmq does, then an AuthenticationError.
 */
export function rejectionStep(request: AuthRequest, result: AuthResult): HandshakeStep {
  const said = statusWords[result.status] ?? `status ${result.status}`;
  const detail = result.statusText ? `: ${result.statusText}` : '';
  return {
    fail: {
      error: new AuthenticationError(
        result.status,
        `The authenticator refused the ${request.mechanism} peer at ${request.address} with ${said}${detail}`,
      ),
      errorReason: String(result.status),
    },
  };
}
