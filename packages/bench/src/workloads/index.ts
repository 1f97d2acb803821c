import type { Pattern } from '../cases.js';
import { pubSub } from './pub-sub.js';
import { pushPull } from './push-pull.js';
import { reqRep } from './req-rep.js';
import type { Workload } from './side.js';
import { slowConsumer } from './slow-consumer.js';

export const workloads: Record<Pattern, Workload> = {
  'push-pull': pushPull,
  'pub-sub': pubSub,
  'req-rep': reqRep,
  'slow-consumer': slowConsumer,
};
