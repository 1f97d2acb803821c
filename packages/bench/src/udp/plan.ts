/** The runs of a `bench:udp` invocation, in the order they go. */
import type { UdpBenchOptions } from './options.js';
import type { UdpRunSpec } from './run.js';

/** Every run, repetition by repetition, the implementations' order rotating each time. */
export function planUdpRuns(options: UdpBenchOptions): Array<{ spec: UdpRunSpec; rep: number }> {
  const plan: Array<{ spec: UdpRunSpec; rep: number }> = [];
  for (let rep = 0; rep < options.repeat; rep++) {
    for (const rate of options.rates) {
      for (const size of options.sizes) {
        for (const processes of options.processes) {
          const base = { size, processes, rate, duration: options.duration, warmup: options.warmup, link: options.link };
          const specs = options.impls.flatMap((impl): UdpRunSpec[] =>
            impl === 'ours' ? options.modes.map((mode) => ({ ...base, impl, mode })) : [{ ...base, impl, mode: {} }],
          );
          const shift = rep % specs.length;
          for (const spec of [...specs.slice(shift), ...specs.slice(0, shift)]) plan.push({ spec, rep });
        }
      }
    }
  }
  return plan;
}
