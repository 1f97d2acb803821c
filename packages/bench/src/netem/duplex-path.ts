import type { Clock } from './clock.js';
import { ImpairedPath, type PathCounters } from './impaired-path.js';
import { resolveDuplex, type DuplexImpairment, type DuplexImpairmentOptions, type ImpairmentOptions } from './impairment.js';

export interface DuplexCounters {
  forward: PathCounters;
  reverse: PathCounters;
}

/**
 * Layers a change onto earlier options: a shared key set now applies to both
 * directions (dropping older per-direction overrides of it); per-direction keys override.
 */
export function layerOptions(base: DuplexImpairmentOptions, change: DuplexImpairmentOptions): DuplexImpairmentOptions {
  const { forward, reverse, seed, ...shared } = change;
  const base2: DuplexImpairmentOptions = { ...base };
  // rtt and delay say the same thing: the newer one wins.
  if (shared.rtt !== undefined) delete base2.delay;
  if (shared.delay !== undefined) delete base2.rtt;
  const strip = (o: ImpairmentOptions | undefined): ImpairmentOptions => {
    const out: Record<string, unknown> = { ...o };
    for (const [key, value] of Object.entries(shared)) if (value !== undefined) delete out[key === 'rtt' ? 'delay' : key];
    return out as ImpairmentOptions;
  };
  const defined = (o: object | undefined): Record<string, unknown> =>
    Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined));
  return {
    ...base2,
    ...defined(shared),
    forward: { ...strip(base2.forward), ...defined(forward) },
    reverse: { ...strip(base2.reverse), ...defined(reverse) },
    seed: seed ?? base2.seed,
  };
}

/** The two directions of an emulated path, sharing a clock and a seed. */
export class DuplexPath<F, R> {
  readonly forward: ImpairedPath<F>;
  readonly reverse: ImpairedPath<R>;
  #options: DuplexImpairmentOptions;
  #resolved: DuplexImpairment;

  constructor(
    options: DuplexImpairmentOptions,
    clock: Clock,
    deliverForward: (packet: Uint8Array, meta: F) => void,
    deliverReverse: (packet: Uint8Array, meta: R) => void,
  ) {
    this.#resolved = resolveDuplex(options);
    this.#options = { ...options, seed: this.#resolved.seed };
    const seed = this.#resolved.seed;
    this.forward = new ImpairedPath(this.#resolved.forward, { clock, seed, stream: 'forward', deliver: deliverForward });
    this.reverse = new ImpairedPath(this.#resolved.reverse, { clock, seed, stream: 'reverse', deliver: deliverReverse });
  }

  /** Settings now in force, and the seed. */
  get settings(): DuplexImpairment {
    return { forward: this.forward.settings, reverse: this.reverse.settings, seed: this.#resolved.seed };
  }

  /** Changes only the keys given (validated first, so a bad change leaves things as they were). */
  update(change: DuplexImpairmentOptions): DuplexImpairment {
    const next = layerOptions(this.#options, { ...change, seed: undefined });
    const resolved = resolveDuplex(next);
    this.#options = next;
    this.#resolved = resolved;
    this.forward.update(resolved.forward);
    this.reverse.update(resolved.reverse);
    return this.settings;
  }

  counters(): DuplexCounters {
    return { forward: this.forward.counters(), reverse: this.reverse.counters() };
  }

  close(): void {
    this.forward.close();
    this.reverse.close();
  }
}
