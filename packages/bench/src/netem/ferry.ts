import { InvalidArgumentError } from '@zmtp/core';
import { realClock, type Clock } from './clock.js';
import { DuplexPath, type DuplexCounters } from './duplex-path.js';
import type { DuplexImpairment, DuplexImpairmentOptions } from './impairment.js';
import type { PacketPort, PortCounters } from './packet-port.js';

export interface FerryStats extends DuplexCounters {
  settings: DuplexImpairment;
  ports: { a: PortCounters; b: PortCounters };
}

/**
 * Carries packets between two ports through an impaired path each way: what A reads
 * goes forward to B, what B reads goes back to A (mahimahi's "ferry", in one process).
 */
export class Ferry {
  readonly #a: PacketPort;
  readonly #b: PacketPort;
  readonly #path: DuplexPath<undefined, undefined>;

  constructor(a: PacketPort, b: PacketPort, options: DuplexImpairmentOptions, clock: Clock = realClock) {
    this.#a = a;
    this.#b = b;
    this.#path = new DuplexPath<undefined, undefined>(
      options,
      clock,
      (packet) => b.write(packet),
      (packet) => a.write(packet),
    );
  }

  start(): void {
    this.#a.start((packet) => this.#path.forward.send(packet, undefined));
    this.#b.start((packet) => this.#path.reverse.send(packet, undefined));
  }

  get settings(): DuplexImpairment {
    return this.#path.settings;
  }

  update(change: DuplexImpairmentOptions): DuplexImpairment {
    return this.#path.update(change);
  }

  stats(): FerryStats {
    return { ...this.#path.counters(), settings: this.settings, ports: { a: this.#a.counters(), b: this.#b.counters() } };
  }

  /** Answers a control request: { op: 'stats' } or { op: 'set', change }. */
  control(request: unknown): unknown {
    const r = request as { op?: unknown; change?: unknown };
    if (r?.op === 'stats') return this.stats();
    if (r?.op === 'set') return this.update((r.change ?? {}) as DuplexImpairmentOptions);
    throw new InvalidArgumentError("unknown control request; send { op: 'stats' } or { op: 'set', change: { loss: 0.01 } }");
  }

  close(): void {
    this.#path.close();
    this.#a.close();
    this.#b.close();
  }
}
