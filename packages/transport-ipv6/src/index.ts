/**
 * @zmtp/transport-ipv6: IPv6 for @zmtp/core's `tcp://`, with libzmq's `ZMQ_IPV6`
 * semantics plus Happy Eyeballs v2, zone ids and interface binds.
 */
export { ipv6 } from './plugin.js';
export type { Ipv6PluginOptions } from './options.js';
export type { Resolver, ResolvedAddress } from './resolver.js';
export type { InterfaceTable, InterfaceAddress } from './interfaces.js';
