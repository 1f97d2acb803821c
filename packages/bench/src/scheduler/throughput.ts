/**
 * PUSH/PULL throughput of 64-byte messages in one process, with the scheduler under
 * test on both sockets: the pusher load-balances and the puller fair-queues through it.
 */
import * as zmq from '@zmtp/core';
import { scheduler } from '@zmtp/scheduler';

export interface ThroughputOptions {
  /** A scheduler name, or 'round-robin' for core's default. */
  readonly scheduler: string;
  readonly transport: 'tcp' | 'inproc';
  readonly size: number;
  /** Messages sent before timing starts. */
  readonly warmup: number;
  /** Messages timed. */
  readonly messages: number;
}

export interface Rate {
  /** Messages per second of wall-clock time. */
  readonly wall: number;
  /**
   * Messages per second of this process's CPU time (user + system). On a machine
   * shared with other work this is the steadier figure: waiting for a core is not counted.
   */
  readonly cpu: number;
}

export async function pushPullRate(options: ThroughputOptions): Promise<Rate> {
  const context = new zmq.Context().use(scheduler());
  const pull = new zmq.Pull({ context, scheduler: options.scheduler, linger: 0 });
  const push = new zmq.Push({ context, scheduler: options.scheduler, linger: 0 });
  await pull.bind(options.transport === 'tcp' ? 'tcp://127.0.0.1:*' : `inproc://scheduler-bench-${process.pid}`);
  push.connect(pull.lastEndpoint!);
  const payload = new Uint8Array(options.size).fill(7);
  const total = options.warmup + options.messages;
  let started = 0n;
  let ended = 0n;
  let cpuStart = process.cpuUsage();
  let cpu = { user: 0, system: 0 };
  const receiving = (async () => {
    let count = 0;
    for await (const [message] of pull) {
      if (message.length !== options.size) throw new Error(`got ${message.length} bytes, expected ${options.size}`);
      count++;
      if (count === options.warmup) {
        started = process.hrtime.bigint();
        cpuStart = process.cpuUsage();
      }
      if (count === total) break;
    }
    ended = process.hrtime.bigint();
    cpu = process.cpuUsage(cpuStart);
  })();
  for (let i = 0; i < total; i++) await push.send(payload);
  await receiving;
  push.close();
  pull.close();
  return {
    wall: options.messages / (Number(ended - started) / 1e9),
    cpu: options.messages / ((cpu.user + cpu.system) / 1e6),
  };
}
