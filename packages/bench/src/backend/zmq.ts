/** The backend for @zmtp/core and zeromq.js: both expose the same zeromq.js v6 socket API. */
import { createRequire } from 'node:module';
import type { Impl } from '../cases.js';
import type { Backend, BenchSocket, SocketKind, SocketSettings } from './types.js';

interface ZmqSocket extends BenchSocket {
  bind(address: string): Promise<void>;
  connect(address: string): void;
  readonly lastEndpoint: string | null;
  subscribe?(...topics: string[]): void;
}
type SocketClass = new (options?: Record<string, unknown>) => ZmqSocket;
type ZmqModule = Record<'Push' | 'Pull' | 'Publisher' | 'Subscriber' | 'Request' | 'Reply', SocketClass> & {
  version?: string;
};

const classes: Record<SocketKind, keyof ZmqModule> = {
  push: 'Push',
  pull: 'Pull',
  pub: 'Publisher',
  sub: 'Subscriber',
  req: 'Request',
  rep: 'Reply',
};

export async function zmqBackend(impl: Extract<Impl, 'ours' | 'zeromq'>): Promise<Backend> {
  const require = createRequire(import.meta.url);
  const zmq = (impl === 'ours' ? await import('@zmtp/core') : await import('zeromq')) as unknown as ZmqModule;
  const pkg = require(impl === 'ours' ? '@zmtp/core/package.json' : 'zeromq/package.json') as { version: string };
  const version = impl === 'ours' ? `@zmtp/core ${pkg.version}` : `zeromq ${pkg.version} (libzmq ${zmq.version})`;

  const create = (kind: SocketKind, settings: SocketSettings): ZmqSocket => {
    const Class = zmq[classes[kind]] as SocketClass;
    // zeromq.js gives each socket class only the options of its directions.
    const socket = new Class({
      linger: 0,
      ...(kind !== 'pull' && kind !== 'sub' ? { sendHighWaterMark: settings.hwm } : {}),
      ...(kind !== 'push' && kind !== 'pub' ? { receiveHighWaterMark: settings.hwm } : {}),
      // A lossless publisher: fan-out figures count messages every subscriber received.
      ...(kind === 'pub' ? { noDrop: true } : {}),
    });
    if (kind === 'sub') socket.subscribe!();
    return socket;
  };

  return {
    impl,
    version,
    async bind(kind, address, settings) {
      const socket = create(kind, settings);
      await socket.bind(address);
      return { socket, endpoint: socket.lastEndpoint ?? address };
    },
    async connect(kind, endpoint, settings) {
      const socket = create(kind, settings);
      socket.connect(endpoint);
      return socket;
    },
  };
}
