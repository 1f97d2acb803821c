import { afterEach, describe, expect, it } from 'vitest';
import * as zmq from '@zmtp/core';

// Bad arguments throw typed errors whose message says what is wrong.
const open: zmq.Socket[] = [];
function track<S extends zmq.Socket>(s: S): S {
  open.push(s);
  return s;
}
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

describe('bad arguments', () => {
  it('rejects endpoints without a scheme', async () => {
    const s = track(new zmq.Pull({ linger: 0 }));
    await expect(s.bind('127.0.0.1:5555')).rejects.toMatchObject({ code: 'EINVAL' });
    expect(() => s.connect('nonsense')).toThrow(zmq.InvalidArgumentError);
  });

  it('names the package for schemes core does not serve', async () => {
    const s = track(new zmq.Pull({ linger: 0 }));
    expect(() => s.connect('sctp://127.0.0.1:5555')).toThrow(/@zmtp\/transport-sctp/);
    await expect(s.bind('foo://x')).rejects.toMatchObject({ code: 'EPROTONOSUPPORT' });
  });

  it('names @zmtp/transport-ipv6 for IPv6 endpoints', async () => {
    const s = track(new zmq.Pull({ linger: 0 }));
    await expect(s.bind('tcp://[::1]:*')).rejects.toThrow(/@zmtp\/transport-ipv6/);
    expect(() => s.connect('tcp://[::1]:5555')).toThrow(/@zmtp\/transport-ipv6/);
  });

  it('rejects malformed tcp endpoints', async () => {
    const s = track(new zmq.Push({ linger: 0 }));
    expect(() => s.connect('tcp://127.0.0.1:*')).toThrow(zmq.InvalidArgumentError);
    expect(() => s.connect('tcp://127.0.0.1')).toThrow(zmq.InvalidArgumentError);
    expect(() => s.connect('tcp://127.0.0.1:70000')).toThrow(/70000/);
    await expect(s.bind('tcp://localhost:*')).rejects.toBeInstanceOf(zmq.ZmqError);
  });

  it('rejects bad option values with the expected form', () => {
    expect(() => new zmq.Push({ sendHighWaterMark: -5 })).toThrow(/sendHighWaterMark.*integer/);
    expect(() => new zmq.Push({ linger: 1.5 })).toThrow(zmq.InvalidArgumentError);
    expect(() => new zmq.Dealer({ routingId: '' })).toThrow(/routingId/);
    const s = track(new zmq.Push());
    expect(() => {
      (s as unknown as { immediate: unknown }).immediate = 'yes';
    }).toThrow(/immediate.*true or false/);
    expect(() => new zmq.Push({ nonsense: 1 } as never)).toThrow(/no option "nonsense"/);
  });

  it('rejects bad message parts', async () => {
    const s = track(new zmq.Push({ linger: 0 }));
    await expect(s.send({} as never)).rejects.toBeInstanceOf(zmq.InvalidArgumentError);
    await expect(s.send([])).rejects.toBeInstanceOf(zmq.InvalidArgumentError);
  });

  it('rejects a second pending send and receive with EBUSY', async () => {
    const push = track(new zmq.Push({ linger: 0 }));
    // No peers at all: the first send waits (PUSH blocks in mute state).
    const first = push.send('a').catch((e: unknown) => e);
    await expect(push.send('b')).rejects.toMatchObject({ code: 'EBUSY' });
    push.close();
    expect(await first).toMatchObject({ code: 'ETERM' });
    const pull = track(new zmq.Pull({ linger: 0 }));
    const r1 = pull.receive().catch((e: unknown) => e);
    await expect(pull.receive()).rejects.toMatchObject({ code: 'EBUSY' });
    pull.close();
    expect(await r1).toMatchObject({ code: 'ETERM' });
  });

  it('rejects operations on a closed socket with ETERM', async () => {
    const s = new zmq.Pull();
    s.close();
    await expect(s.receive()).rejects.toMatchObject({ code: 'ETERM' });
    await expect(s.bind('inproc://x')).rejects.toMatchObject({ code: 'ETERM' });
    expect(() => s.connect('inproc://x')).toThrow(zmq.TerminatedError);
  });

  it('rejects unknown schedulers and bad endpoint options', () => {
    expect(() => new zmq.Push({ scheduler: 'nope' } as never)).toThrow(/Unknown scheduler "nope"/);
    const s = track(new zmq.Push({ linger: 0 }));
    expect(() => s.connect('inproc://x', { priority: 0 })).toThrow(/priority/);
  });
});

describe('constructor-only options', () => {
  it('refuses to change the scheduler after construction', () => {
    const s = new zmq.Push({ scheduler: 'round-robin' });
    try {
      expect(() => {
        s.scheduler = 'round-robin';
      }).toThrow(/only be set in the constructor/);
    } finally {
      s.close();
    }
  });
});
