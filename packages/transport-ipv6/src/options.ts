import { InvalidArgumentError, defineSocketOption, Socket } from '@zmtp/core';
import { DEFAULT_ATTEMPT_DELAY_MS } from './happy-eyeballs.js';
import { systemInterfaces, type InterfaceTable } from './interfaces.js';
import { systemResolver, type Resolver } from './resolver.js';

/** Options of the `ipv6()` plugin factory. */
export interface Ipv6PluginOptions {
  /**
   * Resolves host names when connecting; called again at every reconnect. Default: the
   * system resolver (`dns.lookup`, so /etc/hosts counts). Tests and service discovery
   * can pass their own.
   */
  readonly resolver?: Resolver;
  /**
   * Happy Eyeballs' Connection Attempt Delay in milliseconds: how long an attempt runs
   * alone before the next address is tried too. 10 to 2000; default 250 (RFC 8305).
   */
  readonly attemptDelay?: number;
  /** The network interfaces to use for zones and interface binds; default the host's. */
  readonly interfaces?: InterfaceTable;
}

/** The plugin options, checked, with defaults filled in. */
export interface Ipv6Settings {
  readonly resolver: Resolver;
  readonly attemptDelay: number;
  readonly interfaces: InterfaceTable;
}

export function settingsFrom(options: Ipv6PluginOptions | undefined): Ipv6Settings {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new InvalidArgumentError('ipv6() takes an options object such as { attemptDelay: 250 }, or nothing');
  }
  const { resolver = systemResolver, attemptDelay = DEFAULT_ATTEMPT_DELAY_MS, interfaces = systemInterfaces } = options ?? {};
  if (typeof resolver !== 'function') {
    throw new InvalidArgumentError(
      'ipv6() option "resolver" must be a function (hostname, family) => [{ address, family }], or left out for the system resolver',
    );
  }
  if (!Number.isInteger(attemptDelay) || attemptDelay < 10 || attemptDelay > 2000) {
    throw new InvalidArgumentError(
      `ipv6() option "attemptDelay" must be an integer from 10 to 2000 (milliseconds; RFC 8305 recommends 250); got ${String(attemptDelay)}`,
    );
  }
  const table = interfaces as Partial<InterfaceTable> | null;
  if (!table || typeof table.nameOfIndex !== 'function' || typeof table.has !== 'function' || typeof table.addresses !== 'function') {
    throw new InvalidArgumentError('ipv6() option "interfaces" must have nameOfIndex(), has() and addresses(), or be left out');
  }
  return { resolver, attemptDelay, interfaces };
}

/**
 * Which addresses a socket uses, from its options: `ipv4` with `ipv6` off (libzmq's
 * default), `dual` with `ipv6` on, `ipv6-only` with `ipv6Only` on.
 */
export type AddressMode = 'ipv4' | 'dual' | 'ipv6-only';

export function addressModeOf(socket: Readonly<Record<string, unknown>>): AddressMode {
  if (socket.ipv6Only === true) return 'ipv6-only';
  return socket.ipv6 === true ? 'dual' : 'ipv4';
}

declare module '@zmtp/core' {
  interface Socket {
    /**
     * From @zmtp/transport-ipv6: IPv6 only. Wildcard binds refuse IPv4 clients
     * (IPV6_V6ONLY), names resolve to AAAA records only, IPv4 addresses are refused.
     * Implies `ipv6`. Default false.
     */
    ipv6Only: boolean;
  }
}

/** Adds the `ipv6Only` socket option (constructor field and property) to every socket. */
export function defineIpv6OnlyOption(): void {
  defineSocketOption('ipv6Only', {
    default: false,
    check: (value) => (typeof value === 'boolean' ? undefined : 'true or false'),
  });
  if (Object.getOwnPropertyDescriptor(Socket.prototype, 'ipv6Only')) return;
  Object.defineProperty(Socket.prototype, 'ipv6Only', {
    get(this: Socket) {
      // Sockets made before the plugin was loaded have no value yet.
      return this.getOption('ipv6Only') === true;
    },
    set(this: Socket, value: unknown) {
      this.setOption('ipv6Only', value);
    },
    configurable: true,
    enumerable: true,
  });
}
