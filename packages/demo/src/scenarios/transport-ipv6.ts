// @zmtp/transport-ipv6 talking to libzmq over IPv6: [::1] both ways, a dual-stack
// wildcard bind reached by IPv4 and IPv6 clients, and Happy Eyeballs falling back to
// IPv4 for a name whose IPv6 address refuses.
import * as core from '@zmtp/core';
import { ipv6 } from '@zmtp/transport-ipv6';
import { toText } from '../bytes.js';
import { libzmq, usingNativeForOurs } from '../impl.js';
import { registerScenario, type ScenarioContext } from '../registry.js';
import type { Readable, SocketLike, Writable } from '../zmq-like.js';

type Pusher = SocketLike & Writable;
type Puller = SocketLike & Readable;
type Kind = 'Push' | 'Pull';
type Options = Record<string, unknown>;

/**
 * Our socket with the plugin installed and `ipv6: true`. Under ZMTP_IMPL=zeromq it is the
 * native binding with `ipv6: true` instead, which checks the scenario against libzmq.
 */
function ours<K extends Kind>(context: ScenarioContext, kind: K, options: Options = {}, plugin = ipv6()): K extends 'Push' ? Pusher : Puller {
  const socket = usingNativeForOurs
    ? new (libzmq.zmq[kind] as unknown as new (o: Options) => SocketLike)({ linger: 0, ipv6: true, ...options })
    : new (core[kind] as unknown as new (o: Options) => SocketLike)({
        linger: 0,
        ipv6: true,
        context: new core.Context().use(plugin),
        ...options,
      });
  context.defer(() => socket.close());
  return socket as K extends 'Push' ? Pusher : Puller;
}

/** A libzmq socket, closed after the scenario. */
function native<K extends Kind>(context: ScenarioContext, kind: K, options: Options = {}): K extends 'Push' ? Pusher : Puller {
  const socket = new (libzmq.zmq[kind] as unknown as new (o: Options) => SocketLike)({ linger: 0, ...options });
  context.defer(() => socket.close());
  return socket as K extends 'Push' ? Pusher : Puller;
}

/** Sends `count` messages tagged `tag` and checks they arrive in order. */
async function deliver(push: Pusher, pull: Puller, tag: string, count: number): Promise<void> {
  const sending = (async () => {
    for (let i = 0; i < count; i++) await push.send(`${tag} ${i}`);
  })();
  sending.catch(() => undefined);
  for (let i = 0; i < count; i++) {
    const [frame] = await pull.receive();
    if (toText(frame) !== `${tag} ${i}`) throw new Error(`expected "${tag} ${i}", got "${toText(frame)}"`);
  }
  await sending;
}

const portOf = (endpoint: string | null): number => Number(/:(\d+)$/.exec(endpoint ?? '')?.[1]);

registerScenario({
  package: 'transport-ipv6',
  name: 'PUSH/PULL  ours -> libzmq  over [::1]  (ours connects)',
  async run(context) {
    const pull = native(context, 'Pull', { ipv6: true });
    await pull.bind('tcp://[::1]:*');
    const push = ours(context, 'Push');
    push.connect(pull.lastEndpoint!);
    await deliver(push, pull, 'six', 20);
    return `20 messages to libzmq at ${pull.lastEndpoint} arrived in order`;
  },
});

registerScenario({
  package: 'transport-ipv6',
  name: 'PUSH/PULL  libzmq -> ours  over [::1]  (ours binds)',
  async run(context) {
    const pull = ours(context, 'Pull');
    await pull.bind('tcp://::1:*'); // the unbracketed form, split at the last colon as libzmq does
    const push = native(context, 'Push', { ipv6: true });
    push.connect(pull.lastEndpoint!);
    await deliver(push, pull, 'six', 20);
    return `bound tcp://::1:* as ${pull.lastEndpoint}; 20 messages from libzmq arrived in order`;
  },
});

registerScenario({
  package: 'transport-ipv6',
  name: 'dual stack  libzmq IPv4 + IPv6 -> ours  (ours binds tcp://*:*)',
  async run(context) {
    const pull = ours(context, 'Pull');
    await pull.bind('tcp://*:*');
    if (!/^tcp:\/\/\[::\]:\d+$/.test(pull.lastEndpoint ?? '')) throw new Error(`lastEndpoint is ${pull.lastEndpoint}, expected tcp://[::]:port`);
    const port = portOf(pull.lastEndpoint);
    const viaIpv4 = native(context, 'Push'); // ipv6 off: a plain IPv4 client
    viaIpv4.connect(`tcp://127.0.0.1:${port}`);
    await deliver(viaIpv4, pull, 'four', 10);
    const viaIpv6 = native(context, 'Push', { ipv6: true });
    viaIpv6.connect(`tcp://[::1]:${port}`);
    await deliver(viaIpv6, pull, 'six', 10);
    return `${pull.lastEndpoint} took 10 messages from 127.0.0.1 and 10 from [::1]`;
  },
});

registerScenario({
  package: 'transport-ipv6',
  name: 'Happy Eyeballs  ours -> libzmq  (AAAA refused, A works)',
  async run(context) {
    // libzmq listens on IPv4 only; the name also has an AAAA record where nothing listens.
    const pull = native(context, 'Pull');
    await pull.bind('tcp://127.0.0.1:*');
    if (usingNativeForOurs) {
      // The native binding has no resolver hook (nor Happy Eyeballs): connect to the A record.
      const push = ours(context, 'Push');
      push.connect(pull.lastEndpoint!);
      await deliver(push, pull, 'eyeballs', 5);
      return '5 messages over IPv4 (native binding: no Happy Eyeballs to show)';
    }
    const asked: string[] = [];
    const resolver = (name: string) => {
      asked.push(name);
      return [
        { address: '::1', family: 6 as const },
        { address: '127.0.0.1', family: 4 as const },
      ];
    };
    const push = ours(context, 'Push', {}, ipv6({ resolver }));
    const started = performance.now();
    push.connect(`tcp://both.example:${portOf(pull.lastEndpoint)}`);
    await deliver(push, pull, 'eyeballs', 5);
    const ms = Math.round(performance.now() - started);
    return `"${asked[0]}" -> [::1] refused, 127.0.0.1 connected; 5 messages in ${ms} ms`;
  },
});
