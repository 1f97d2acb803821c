/** The scheduler suite of @zmtp/conformance, for each scheduler this package installs. */
import { schedulerSuite } from '@zmtp/conformance';
import { schedulerFactory, schedulerNames } from '@zmtp/scheduler';

for (const name of schedulerNames) {
  schedulerSuite({
    name,
    capabilities: {
      // Per-message round robin at equal settings: all but the byte-fair ones, whose
      // turns carry a quantum of bytes (several small messages) each.
      roundRobin: name !== 'weighted' && name !== 'priority-weighted',
      priorities: name.startsWith('priority'),
    },
    setup: () => ({ factory: schedulerFactory(name) }),
  });
}
