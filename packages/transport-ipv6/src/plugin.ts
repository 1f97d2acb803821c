import type { Plugin } from '@zmtp/core';
import { defineIpv6OnlyOption, settingsFrom, type Ipv6PluginOptions } from './options.js';
import { ipv6Tcp } from './transport.js';

/**
 * The plugin: `context.use(ipv6())`. Its `tcp://` transport replaces core's in that
 * context. Sockets with `ipv6` off behave as before (IPv4, as libzmq without
 * `ZMQ_IPV6`); with `ipv6: true` they take IPv6 literals and zones, bind dual-stack,
 * and connect to names with Happy Eyeballs. Loading it adds the `ipv6Only` option.
 */
export function ipv6(options?: Ipv6PluginOptions): Plugin {
  const settings = settingsFrom(options);
  defineIpv6OnlyOption();
  return { spec: 'zmtp/plugin@1', name: '@zmtp/transport-ipv6', transports: [ipv6Tcp(settings)] };
}
