import { connect, createServer, type ConnectionOptions, type TlsOptions, type TLSSocket } from 'node:tls';
import {
  InvalidArgumentError,
  type AcceptHandler,
  type Connection,
  type Listener,
  type StreamTransport,
  type TransportOptions,
} from '@zmtp/core';
import { TlsConnection } from './tls-connection.js';
import { formatTlsEndpoint, parseTlsEndpoint } from './tls-endpoint.js';
import { toZmqError } from './tls-errors.js';

type Pem = string | Uint8Array;

/** What `tls()` takes. Certificates and keys are PEM text or bytes. */
export interface TlsTransportOptions {
  /** This side's certificate chain; needed to listen, and to dial a server that asks for client certificates. */
  readonly cert?: Pem;
  /** The private key of `cert`. */
  readonly key?: Pem;
  /** Certificate authorities to trust; Node's bundled roots when absent. */
  readonly ca?: Pem | readonly Pem[];
  /** The name the server's certificate must carry, when it is not the dialed host. */
  readonly servername?: string;
  /** Listeners ask dialers for a certificate signed by `ca` and refuse those without one (mutual TLS). */
  readonly requireClientCertificate?: boolean;
  /** Oldest TLS version accepted (default TLSv1.3). */
  readonly minVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** How long an accepted connection may take to finish its TLS handshake, in ms (default 10 000). */
  readonly handshakeTimeout?: number;
}

const isPem = (value: unknown): value is Pem => typeof value === 'string' || value instanceof Uint8Array;

function checkOptions(options: TlsTransportOptions): void {
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError('tls() takes an options object such as tls({ cert, key, ca })');
  }
  for (const name of ['cert', 'key'] as const) {
    if (options[name] !== undefined && !isPem(options[name])) {
      throw new InvalidArgumentError(`tls({ ${name} }) must be PEM text or bytes, for example readFileSync('${name}.pem')`);
    }
  }
  if ((options.cert === undefined) !== (options.key === undefined)) {
    throw new InvalidArgumentError('tls() needs `cert` and `key` together: the certificate and its private key');
  }
  const ca = options.ca;
  if (ca !== undefined && !isPem(ca) && !(Array.isArray(ca) && ca.every(isPem))) {
    throw new InvalidArgumentError('tls({ ca }) must be PEM text or bytes, or a list of them');
  }
  if (options.minVersion !== undefined && options.minVersion !== 'TLSv1.2' && options.minVersion !== 'TLSv1.3') {
    throw new InvalidArgumentError(`tls({ minVersion }) must be 'TLSv1.2' or 'TLSv1.3'; got ${JSON.stringify(options.minVersion)}`);
  }
  const timeout = options.handshakeTimeout;
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0)) {
    throw new InvalidArgumentError(`tls({ handshakeTimeout }) must be a positive number of milliseconds; got ${String(timeout)}`);
  }
}

/**
 * The `tls://` transport: ZMTP over TLS, with endpoints written as libzmq writes
 * tcp:// ones. Install it with `context.use({ name: 'tls', transports: [tls(options)] })`.
 */
export function tls(options: TlsTransportOptions = {}): StreamTransport {
  checkOptions(options);
  const common = {
    ...(options.ca !== undefined ? { ca: options.ca as ConnectionOptions['ca'] } : {}),
    minVersion: options.minVersion ?? 'TLSv1.3',
  } as const;

  async function listen(endpoint: string, _options: TransportOptions, accept: AcceptHandler<Connection>): Promise<Listener> {
    const { host, port } = parseTlsEndpoint(endpoint, 'listen');
    if (options.cert === undefined || options.key === undefined) {
      throw new InvalidArgumentError(`Cannot listen on "${endpoint}": a TLS listener needs a certificate; create the transport with tls({ cert, key })`);
    }
    const serverOptions: TlsOptions = {
      ...common,
      cert: options.cert as TlsOptions['cert'],
      key: options.key as TlsOptions['key'],
      allowHalfOpen: true,
      handshakeTimeout: options.handshakeTimeout ?? 10_000,
      requestCert: options.requireClientCertificate === true,
      rejectUnauthorized: options.requireClientCertificate === true,
    };
    const server = createServer(serverOptions, (socket: TLSSocket) => accept(new TlsConnection(socket)));
    // A peer that fails its handshake is its own problem: Node drops it; nothing is reported to the socket.
    server.on('tlsClientError', () => {});
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) => reject(toZmqError(error, `Cannot listen on "${endpoint}"`)));
      server.listen({ host, port }, () => {
        server.removeAllListeners('error');
        server.on('error', () => {}); // later accept errors (EMFILE) must not crash the process
        resolve();
      });
    });
    const address = server.address();
    const bound = typeof address === 'object' && address !== null ? address : { address: host, port };
    let open = true;
    return {
      endpoint: formatTlsEndpoint(bound.address, bound.port),
      async close() {
        if (!open) return;
        open = false;
        server.close(); // stops accepting; accepted connections stay open
      },
    };
  }

  function dial(endpoint: string, _options: TransportOptions, signal: AbortSignal): Promise<Connection> {
    const { host, port } = parseTlsEndpoint(endpoint, 'dial');
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<Connection>((resolve, reject) => {
      // Node passes allowHalfOpen on to the socket, though its types do not list it: ZMTP needs half close.
      const connectOptions: ConnectionOptions & { allowHalfOpen: boolean } = {
        ...common,
        host,
        port,
        allowHalfOpen: true,
        ...(options.servername !== undefined ? { servername: options.servername } : {}),
        ...(options.cert !== undefined ? { cert: options.cert as TlsOptions['cert'], key: options.key as TlsOptions['key'] } : {}),
      };
      const socket = connect(connectOptions);
      const onAbort = (): void => {
        socket.destroy();
        settle(() => reject(signal.reason));
      };
      const onError = (error: Error): void => settle(() => reject(toZmqError(error, `Cannot connect to "${endpoint}"`)));
      const settle = (done: () => void): void => {
        signal.removeEventListener('abort', onAbort);
        socket.off('error', onError);
        socket.off('secureConnect', onSecure);
        done();
      };
      const onSecure = (): void => settle(() => resolve(new TlsConnection(socket)));
      signal.addEventListener('abort', onAbort, { once: true });
      socket.once('error', onError);
      socket.once('secureConnect', onSecure);
    });
  }

  return {
    spec: 'zmtp/transport@1',
    schemes: ['tls'],
    capabilities: { kind: 'stream', reliable: true, ordered: true, multicast: false, nativeSecurity: true },
    checkEndpoint: parseTlsEndpoint,
    listen,
    dial,
  };
}
