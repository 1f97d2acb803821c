/** Expands the flags into the list of cases to run. */
import type { CaseSpec } from './cases.js';
import type { SuiteOptions } from './options.js';

/** libzmq's default high-water mark, used by every throughput and latency case. */
export const defaultHwm = 1000;

export function expandCases(o: SuiteOptions): CaseSpec[] {
  const cases: CaseSpec[] = [];
  const add = (spec: Omit<CaseSpec, 'transport' | 'processes'>) => {
    for (const transport of o.transports) {
      for (const processes of o.processes) {
        // inproc moves messages inside one process; it has no two-process form.
        if (transport === 'inproc' && processes === 2) continue;
        cases.push({ ...spec, transport, processes });
      }
    }
  };
  const base = { subscribers: 1, hwm: defaultHwm };
  if (o.only.includes('push-pull')) for (const size of o.sizes) add({ ...base, pattern: 'push-pull', size });
  if (o.only.includes('pub-sub')) {
    for (const subscribers of o.subscribers) add({ ...base, pattern: 'pub-sub', size: o.smallSize, subscribers });
  }
  if (o.only.includes('req-rep')) add({ ...base, pattern: 'req-rep', size: o.smallSize });
  if (o.only.includes('slow-consumer')) {
    // A memory demonstration, not a speed figure: one transport and the most isolated mode,
    // so each side's RSS is its own.
    const transport = o.transports.find((t) => t !== 'inproc') ?? o.transports[0];
    const processes = transport === 'inproc' ? 1 : (Math.max(...o.processes) as 1 | 2);
    for (const hwm of o.slowHwms) {
      cases.push({ pattern: 'slow-consumer', size: o.slowSize, subscribers: 1, hwm, transport, processes });
    }
  }
  return cases;
}
