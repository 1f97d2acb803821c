/**
 * One measurement per process, so each runs with a fresh JIT that has seen only one
 * scheduler class. Reads a job as JSON from argv, writes the result as JSON to stdout.
 */
import { roundRobin, type Scheduler } from '@zmtp/core';
import { schedulerFactory, type SchedulerName } from '@zmtp/scheduler';
import { serveJsonProcess } from '../json-process.js';
import { NaiveScanScheduler } from './naive-scan.js';
import { pickCosts, type FakePipe, type PickCostOptions } from './pick-cost.js';
import { pushPullRate, type ThroughputOptions } from './throughput.js';

export type Job =
  | { kind: 'pick'; scheduler: string; sizes: number[]; options: PickCostOptions }
  | { kind: 'throughput'; options: ThroughputOptions };

function maker(name: string): () => Scheduler<FakePipe> {
  if (name === 'naive-scan') return () => new NaiveScanScheduler<FakePipe>();
  if (name === 'round-robin') return () => roundRobin<FakePipe>('out');
  const factory = schedulerFactory(name as SchedulerName);
  return () => factory<FakePipe>('out');
}

async function run(job: Job): Promise<unknown> {
  if (job.kind === 'pick') return pickCosts(maker(job.scheduler), job.sizes, job.options);
  return pushPullRate(job.options);
}

serveJsonProcess<Job>(run);
