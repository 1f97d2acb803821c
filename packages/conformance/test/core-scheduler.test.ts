/** Core's default scheduler (libzmq's strict per-message round robin) through the scheduler suite. */
import { roundRobin } from '@zmtp/core';
import { schedulerSuite } from '../src/index.js';

schedulerSuite({
  name: 'round-robin',
  capabilities: { roundRobin: true, priorities: false },
  setup: () => ({ factory: roundRobin }),
});
