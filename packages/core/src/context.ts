import type { Mechanism } from './contracts/mechanism.js';
import type { Plugin } from './contracts/plugin.js';
import type { SchedulerFactory } from './contracts/scheduler.js';
import type { Transport } from './contracts/transport.js';
import { InvalidArgumentError, ProtocolNotSupportedError } from './errors.js';
import { nullMechanism } from './mechanisms/null.js';
import { plainMechanism } from './mechanisms/plain.js';
import { roundRobin } from './scheduler/round-robin.js';
import { inproc } from './transports/inproc.js';
import { memory } from './transports/memory.js';

/** Packages that provide schemes core does not, for the error message. */
const knownProviders: Record<string, string> = {
  sctp: '@zmtp/transport-sctp',
  udp: '@zmtp/transport-udp',
  wan: '@zmtp/transport-wan',
  pgm: '@zmtp/transport-fec-pgm',
  epgm: '@zmtp/transport-fec-pgm',
  subport: '@zmtp/transport-subport',
  ws: '@zmtp/transport-http',
  wss: '@zmtp/transport-http',
  http: '@zmtp/transport-http',
  https: '@zmtp/transport-http',
  shm: '@zmtp/transport-shm',
};

/** Plugins every new context installs; the Node entry adds tcp and ipc here. */
const platformPlugins: Plugin[] = [];

/** @internal */
export function addPlatformPlugin(plugin: Plugin): void {
  platformPlugins.push(plugin);
  defaultContext?.use(plugin);
}

/**
 * Where plugins are installed: transports by scheme, mechanisms, schedulers by name.
 * Sockets use the global `context` unless given their own.
 */
export class Context {
  private readonly transports = new Map<string, Transport>();
  private readonly mechanismList: Mechanism[] = [nullMechanism, plainMechanism];
  private readonly schedulers = new Map<string, SchedulerFactory>([['round-robin', roundRobin]]);
  private readonly plugins: string[] = [];

  constructor() {
    this.use({ name: 'in-process', transports: [inproc(), memory()] });
    for (const plugin of platformPlugins) this.use(plugin);
  }

  /** Installs a plugin's transports, mechanisms and schedulers. Later plugins win. */
  use(plugin: Plugin): this {
    if (!plugin || typeof plugin !== 'object' || typeof plugin.name !== 'string') {
      throw new InvalidArgumentError('context.use() takes a plugin object such as ipv6() with a string `name`');
    }
    for (const transport of plugin.transports ?? []) {
      if (transport.spec !== 'zmtp/transport@1') {
        throw new InvalidArgumentError(
          `Plugin "${plugin.name}" has a transport with spec "${String(transport.spec)}"; this core supports zmtp/transport@1`,
        );
      }
      for (const scheme of transport.schemes) this.transports.set(scheme, transport);
    }
    for (const mechanism of plugin.mechanisms ?? []) {
      if (mechanism.spec !== 'zmtp/mechanism@1') {
        throw new InvalidArgumentError(
          `Plugin "${plugin.name}" has a mechanism with spec "${String(mechanism.spec)}"; this core supports zmtp/mechanism@1`,
        );
      }
      this.mechanismList.push(mechanism);
    }
    for (const [name, factory] of Object.entries(plugin.schedulers ?? {})) this.schedulers.set(name, factory);
    this.plugins.push(plugin.name);
    return this;
  }

  /** Names of the installed plugins, in order. */
  get installed(): readonly string[] {
    return this.plugins;
  }

  /** The transport for an endpoint's scheme, or EPROTONOSUPPORT naming the package to install. */
  transportFor(scheme: string): Transport {
    const transport = this.transports.get(scheme);
    if (transport) return transport;
    const provider = knownProviders[scheme];
    throw new ProtocolNotSupportedError(
      provider
        ? `No transport for "${scheme}://" is installed; install ${provider} and add it with context.use()`
        : `Unknown transport scheme "${scheme}://"; installed: ${[...this.transports.keys()].map((s) => s + '://').join(', ')}`,
    );
  }

  /** The mechanism these socket options ask for (the last installed that selects them). */
  mechanismFor(options: Readonly<Record<string, unknown>>): Mechanism {
    for (let i = this.mechanismList.length - 1; i >= 0; i--) {
      if (this.mechanismList[i].selects(options)) return this.mechanismList[i];
    }
    return nullMechanism;
  }

  schedulerFor(name: string): SchedulerFactory {
    const factory = this.schedulers.get(name);
    if (!factory) {
      throw new InvalidArgumentError(
        `Unknown scheduler "${name}"; installed: ${[...this.schedulers.keys()].join(', ')} (add more with context.use())`,
      );
    }
    return factory;
  }
}

let defaultContext: Context | undefined;

/** The global context sockets use by default. */
export function getDefaultContext(): Context {
  return (defaultContext ??= new Context());
}
