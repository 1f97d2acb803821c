import type { Engine } from '../contracts/engine.js';
import type { AcceptHandler, EngineTransport, Listener, TransportOptions } from '../contracts/transport.js';
import { addressForScheme } from '../endpoint.js';
import { AddressInUseError } from '../errors.js';
import { bytesFromString } from '../platform.js';
import { ZMTP_SOCKET_TYPES } from '../zmtp/socket-types.js';
import { InprocEngine, type InprocEnd } from './inproc-engine.js';

interface Bound {
  readonly accept: AcceptHandler<Engine>;
  readonly options: TransportOptions;
}

interface PendingDial {
  readonly options: TransportOptions;
  resolve(engine: Engine): void;
}

/**
 * `inproc://`: sockets of one context talk by handing whole messages to each
 * other, with no encoding (as libzmq's inproc). As in libzmq, a connect may come
 * before the bind: the dial waits until the name is bound. Each call has its own
 * name registry; a context installs one.
 */
export function inproc(): EngineTransport {
  const bound = new Map<string, Bound>();
  const waiting = new Map<string, Set<PendingDial>>();

  function connect(name: string, dialer: TransportOptions, listener: Bound): Engine {
    const address = `inproc://${name}`;
    const [near, far] = InprocEngine.pair(end(dialer, address), end(listener.options, address));
    listener.accept(far);
    return near;
  }

  return {
    spec: 'zmtp/transport@1',
    schemes: ['inproc'],
    capabilities: {
      kind: 'engine',
      reliable: true,
      ordered: true,
      multicast: false,
      socketTypes: ZMTP_SOCKET_TYPES,
    },

    checkEndpoint(endpoint: string) {
      addressForScheme(endpoint, 'inproc');
    },

    async listen(endpoint: string, options: TransportOptions, accept: AcceptHandler<Engine>): Promise<Listener> {
      const name = addressForScheme(endpoint, 'inproc');
      if (bound.has(name)) {
        throw new AddressInUseError(
          `Cannot bind "${endpoint}": the name is already bound in this context; unbind it first or pick another name`,
        );
      }
      const entry: Bound = { accept, options };
      bound.set(name, entry);
      // Connections that were waiting for this name complete now, as in libzmq.
      const pending = waiting.get(name);
      waiting.delete(name);
      for (const dial of pending ?? []) dial.resolve(connect(name, dial.options, entry));
      return {
        endpoint: `inproc://${name}`,
        async close() {
          if (bound.get(name) === entry) bound.delete(name);
        },
      };
    },

    dial(endpoint: string, options: TransportOptions, signal: AbortSignal): Promise<Engine> {
      const name = addressForScheme(endpoint, 'inproc');
      if (signal.aborted) return Promise.reject(signal.reason);
      const listener = bound.get(name);
      if (listener) return Promise.resolve(connect(name, options, listener));
      return new Promise<Engine>((resolve, reject) => {
        const dial: PendingDial = { options, resolve };
        let set = waiting.get(name);
        if (!set) waiting.set(name, (set = new Set()));
        set.add(dial);
        signal.addEventListener(
          'abort',
          () => {
            set.delete(dial);
            if (set.size === 0 && waiting.get(name) === set) waiting.delete(name);
            reject(signal.reason);
          },
          { once: true },
        );
      });
    },
  };
}

function end(options: TransportOptions, address: string): InprocEnd {
  const routingId = options.socket.routingId;
  return {
    socketType: options.socketType,
    identity: typeof routingId === 'string' ? bytesFromString(routingId) : undefined,
    address,
  };
}
