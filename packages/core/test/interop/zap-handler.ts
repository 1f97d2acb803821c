/**
 * Authentication plumbing for the PLAIN interop tests.
 *
 * libzmq's PLAIN server asks a ZAP handler (RFC 27) bound on `inproc://zeromq.zap.01`
 * in its own context; zeromq.js has no handler API, so `startZapHandler` writes one
 * with a zeromq.js ROUTER. Our PLAIN server takes an `authenticator` function instead.
 * Both feed the same `AuthRequest` shape to one policy, so a test asserts on requests
 * the same way whichever side is the server.
 */
import * as libzmq from 'zeromq';
import { usingNativeImpl } from './helpers.js';

export interface AuthRequest {
  domain: string;
  address: string;
  identity: Uint8Array;
  mechanism: string;
  credentials: Uint8Array[];
}

export interface AuthReply {
  status: 200 | 400;
  userId?: string;
}

export type Authenticate = (request: AuthRequest) => AuthReply;

export const ZAP_ENDPOINT = 'inproc://zeromq.zap.01';

/** A running ZAP handler; `policy` and `requests` can be swapped per test. */
export interface ZapHandler {
  policy: Authenticate;
  readonly requests: AuthRequest[];
  close(): Promise<void>;
}

/** Binds a ZAP handler in zeromq.js's default context; one per test file is enough. */
export async function startZapHandler(policy: Authenticate): Promise<ZapHandler> {
  const router = new libzmq.Router({ linger: 0 });
  await router.bind(ZAP_ENDPOINT);
  const handler: ZapHandler = {
    policy,
    requests: [],
    async close() {
      router.close();
      await serving;
    },
  };
  const serving = (async () => {
    try {
      for await (const frames of router) {
        const [peer, delimiter, version, requestId, domain, address, identity, mechanism, ...credentials] = frames;
        if (version.toString() !== '1.0') throw new Error(`ZAP request with version '${version.toString()}'`);
        const request: AuthRequest = {
          domain: domain.toString(),
          address: address.toString(),
          identity,
          mechanism: mechanism.toString(),
          credentials,
        };
        handler.requests.push(request);
        const reply = handler.policy(request);
        const statusText = reply.status === 200 ? 'OK' : 'Access denied';
        const userId = reply.userId ?? '';
        await router.send([peer, delimiter, '1.0', requestId, String(reply.status), statusText, userId, '']);
      }
    } catch (err) {
      // Closing the router ends the loop; anything else is a real failure to surface.
      if (!router.closed) throw err;
    }
  })();
  return handler;
}

/**
 * Options that make one of *our* sockets a PLAIN server judged by `handler.policy`:
 * through our `authenticator` option, or, under ZMTP_IMPL=zeromq (where "ours" is
 * libzmq and has no such option), through the ZAP handler, so the rest of the test
 * is still checked against libzmq.
 */
export function ourPlainServerOptions(handler: ZapHandler, zapDomain: string): Record<string, unknown> {
  if (usingNativeImpl) return { plainServer: true, zapDomain };
  const authenticator = (request: AuthRequest): AuthReply => {
    handler.requests.push(request);
    return handler.policy(request);
  };
  return { plainServer: true, zapDomain, authenticator };
}
