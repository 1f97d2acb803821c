/**
 * A ZAP handler (RFC 27) for zeromq.js: libzmq's CURVE server asks it about each
 * client key. zeromq.js has no handler API, so this binds a ROUTER on
 * inproc://zeromq.zap.01 in zeromq.js's default context and answers with `policy`.
 */
import * as libzmq from 'zeromq';

export interface ZapRequest {
  readonly mechanism: string;
  readonly credentials: Buffer[];
}

export interface ZapHandler {
  policy: (request: ZapRequest) => 200 | 400;
  readonly requests: ZapRequest[];
  close(): Promise<void>;
}

export async function startZapHandler(policy: ZapHandler['policy']): Promise<ZapHandler> {
  const router = new libzmq.Router({ linger: 0 });
  await router.bind('inproc://zeromq.zap.01');
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
      for await (const [peer, delimiter, version, requestId, , , , mechanism, ...credentials] of router) {
        const request = { mechanism: mechanism.toString(), credentials };
        handler.requests.push(request);
        const status = version.toString() === '1.0' ? handler.policy(request) : 400;
        await router.send([peer, delimiter, '1.0', requestId, String(status), status === 200 ? 'OK' : 'Denied', '', '']);
      }
    } catch (error) {
      if (!router.closed) throw error;
    }
  })();
  return handler;
}
