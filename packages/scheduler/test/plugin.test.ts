/** The plugin object, its names and options, and reading endpoint settings back. */
import * as zmq from '@zmtp/core';
import { DeficitScheduler, scheduler, schedulerFactory, schedulerNames } from '@zmtp/scheduler';
import { describe, expect, it } from 'vitest';
import { cleanup } from './support/sockets.js';

const keep = cleanup();

describe('scheduler() plugin', () => {
  it('installs its named schedulers on a context', () => {
    const plugin = scheduler();
    expect(plugin.name).toBe('@zmtp/scheduler');
    expect(Object.keys(plugin.schedulers!)).toEqual([
      'priority',
      'weighted',
      'weighted-count',
      'priority-weighted',
      'priority-weighted-count',
    ]);
    expect(schedulerNames).toEqual(Object.keys(plugin.schedulers!));
    const context = new zmq.Context().use(plugin);
    for (const name of schedulerNames) {
      const made = context.schedulerFor(name)('out');
      expect(made).toBeInstanceOf(DeficitScheduler);
      expect(made.spec).toBe('zmtp/scheduler@1');
      keep(new zmq.Push({ context, scheduler: name, linger: 0 }));
    }
  });

  it('is selected per socket; other sockets keep round robin', () => {
    const context = new zmq.Context().use(scheduler());
    expect(() => keep(new zmq.Pull({ context, scheduler: 'weighted' }))).not.toThrow();
    expect(() => keep(new zmq.Pull({ context }))).not.toThrow();
    // Without the plugin the name is unknown, and the error says how to add it.
    expect(() => new zmq.Pull({ context: new zmq.Context(), scheduler: 'priority' })).toThrow(/context\.use/);
  });

  it('rejects a bad quantum or an unknown name with a typed error that says what to pass', () => {
    for (const quantum of [0, -1, 1.5, Number.NaN, '4096' as unknown as number]) {
      expect(() => scheduler({ quantum })).toThrow(zmq.InvalidArgumentError);
    }
    expect(() => scheduler({ quantum: 0 })).toThrow(/positive integer number of bytes/);
    expect(() => scheduler('fast' as never)).toThrow(zmq.InvalidArgumentError);
    expect(() => schedulerFactory('fastest' as never)).toThrow(/use one of: priority, weighted/);
    expect(() => schedulerFactory('toString' as never)).toThrow(zmq.InvalidArgumentError);
  });

  it('sets the byte quantum of the weighted schedulers', () => {
    const made = schedulerFactory('weighted', { quantum: 1500 })<string>('out') as DeficitScheduler<string>;
    expect(made.currentQuantum).toBe(1500);
    const counted = schedulerFactory('weighted-count', { quantum: 1500 })<string>('in') as DeficitScheduler<string>;
    expect(counted.currentQuantum).toBe(1);
  });
});

describe('socket.endpoints', () => {
  it('reads back each endpoint with its priority and weight', async () => {
    const context = new zmq.Context().use(scheduler());
    const dealer = keep(new zmq.Dealer({ context, scheduler: 'priority-weighted', linger: 0 }));
    await dealer.bind('tcp://127.0.0.1:*', { priority: 3, weight: 5 });
    const bound = dealer.lastEndpoint!;
    dealer.connect('tcp://127.0.0.1:1', { priority: 1 });
    dealer.connect('inproc://scheduler-readback', { weight: 7 });
    expect(dealer.endpoints).toEqual([
      { address: bound, kind: 'bind', priority: 3, weight: 5 },
      { address: 'tcp://127.0.0.1:1', kind: 'connect', priority: 1, weight: 1 },
      { address: 'inproc://scheduler-readback', kind: 'connect', priority: 8, weight: 7 },
    ]);

    dealer.disconnect('tcp://127.0.0.1:1');
    await dealer.unbind(bound);
    expect(dealer.endpoints).toEqual([{ address: 'inproc://scheduler-readback', kind: 'connect', priority: 8, weight: 7 }]);
  });

  it('rejects priorities and weights out of range when connecting', () => {
    const push = keep(new zmq.Push({ linger: 0 }));
    expect(() => push.connect('tcp://127.0.0.1:1', { priority: 0 })).toThrow(zmq.InvalidArgumentError);
    expect(() => push.connect('tcp://127.0.0.1:1', { priority: 17 })).toThrow(/1 \(highest\) to 16/);
    expect(() => push.connect('tcp://127.0.0.1:1', { weight: 0.5 })).toThrow(/positive integer/);
    expect(push.endpoints).toEqual([]);
  });
});
