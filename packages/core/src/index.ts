/**
 * @zmtp/core: a pure-TypeScript ZeroMQ. The socket API is zeromq.js v6's; the wire
 * protocol is ZMTP 3.1 as libzmq speaks it. This entry is platform-neutral (inproc
 * only); in Node, the `node` export condition adds tcp:// and ipc://.
 */
export { Pair } from './sockets/pair.js';
export { Publisher, XPublisher } from './sockets/xpublisher.js';
export { Subscriber, XSubscriber } from './sockets/xsubscriber.js';
export { Push, type SocketOptions } from './sockets/push.js';
export { Pull } from './sockets/pull.js';
export { Request } from './sockets/request.js';
export { Reply } from './sockets/reply.js';
export { Dealer } from './sockets/dealer.js';
export { Router, type RouterConnectOptions } from './sockets/router.js';
export { Socket, type EndpointOptions, type EndpointInfo } from './socket-base.js';
export { Proxy } from './proxy.js';
export { Context, getDefaultContext } from './context.js';
export { Observer, type SocketEvent, type SocketEventType, type SocketEventOfType } from './observer.js';
export type { Message, MessageLike, Frame } from './message.js';
export {
  ZmqError,
  InvalidArgumentError,
  ProtocolNotSupportedError,
  AddressInUseError,
  AgainError,
  StateError,
  TerminatedError,
  ConnectionRefusedError,
  ProtocolError,
  AuthenticationError,
  type ErrorCode,
  type ProtocolErrorCode,
} from './errors.js';
export { defineSocketOption, type OptionSpec } from './socket-options.js';

// Plugin contracts and the helpers plugin authors build on.
export type * from './contracts/connection.js';
export type * from './contracts/engine.js';
export type * from './contracts/mechanism.js';
export type * from './contracts/scheduler.js';
export type * from './contracts/transport.js';
export type * from './contracts/plugin.js';
export { AbstractConnection } from './abstract-connection.js';
export { RoundRobinScheduler, roundRobin } from './scheduler/round-robin.js';
export { inproc } from './transports/inproc.js';
export { memory } from './transports/memory.js';
export { nullMechanism } from './mechanisms/null.js';
export { plainMechanism } from './mechanisms/plain.js';
// For mechanism plugins: command and property codecs, and the authenticator call.
export { encodeCommand, parseCommand, type ParsedCommand } from './zmtp/command.js';
export { encodeMetadata, decodeMetadata } from './zmtp/metadata.js';
export { askAuthenticator, rejectionStep } from './mechanisms/authentication.js';

import { getDefaultContext } from './context.js';

/** The global context every socket uses unless given its own. */
export const context = getDefaultContext();
