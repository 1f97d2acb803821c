/**
 * The Node entry: everything from the platform-neutral entry, with Buffers for
 * message parts (as zeromq.js gives them) and the tcp:// and ipc:// transports
 * installed in every context.
 */
import { Buffer } from 'node:buffer';
import { addPlatformPlugin } from './context.js';
import { ipc } from './node/ipc.js';
import { tcp } from './node/tcp.js';
import { setBytePlatform } from './platform.js';

setBytePlatform({
  alloc: (size) => Buffer.allocUnsafe(size),
  fromString: (text) => Buffer.from(text, 'utf8'),
  wrap: (bytes) => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
});
addPlatformPlugin({ name: 'node', transports: [tcp(), ipc()] });

export * from './index.js';
export { tcp, ipc };

// Building blocks for plugins that carry ZMTP over Node sockets (@zmtp/transport-ipv6, ...).
export { NetConnection, type NetConnectionAddresses } from './node/net-connection.js';
export { connectSocket, whenNotAborted } from './node/connect-socket.js';
export { listenServer } from './node/listen-server.js';
export { toZmqError, systemErrorCode } from './node/net-errors.js';
