// @zmtp/core talking to libzmq: each pattern in both directions, with our side binding
// and with our side connecting.
import { setTimeout as sleep } from 'node:timers/promises';
import { assertMessage, patternFrame, toBytes, toText } from '../bytes.js';
import { libzmq, ours, type Implementation } from '../impl.js';
import { registerScenario, type ScenarioContext } from '../registry.js';
import type { SocketLike } from '../zmq-like.js';

type Side = 'ours' | 'libzmq';
const implementations: Record<Side, Implementation> = { ours, libzmq };
const other = (side: Side): Side => (side === 'ours' ? 'libzmq' : 'ours');

/** Who sends (PUSH, PUB, REQ) and who binds; the other side receives or connects. */
interface Arrangement {
  readonly sender: Side;
  readonly binder: Side;
}

const arrangements: readonly Arrangement[] = [
  { sender: 'ours', binder: 'ours' },
  { sender: 'ours', binder: 'libzmq' },
  { sender: 'libzmq', binder: 'ours' },
  { sender: 'libzmq', binder: 'libzmq' },
];

const nameOf = (pattern: string, { sender, binder }: Arrangement): string =>
  `${pattern.padEnd(9)}  ${sender} -> ${other(sender)}  (${binder === 'ours' ? 'ours binds' : 'ours connects'})`;

// Sizes either side of the 255-byte short/long frame boundary, and one above 64 KiB.
const FRAME_SIZES = [0, 1, 255, 256, 8_192, 65_543];
const socketOptions = { linger: 0 };

/** Opens two sockets, closes them after the scenario, binds one and connects the other to it. */
async function openPair<A extends SocketLike, B extends SocketLike>(
  context: ScenarioContext,
  sender: A,
  receiver: B,
  senderBinds: boolean,
): Promise<void> {
  context.defer(() => sender.close());
  context.defer(() => receiver.close());
  const [binding, connecting] = senderBinds ? [sender, receiver] : [receiver, sender];
  await binding.bind('tcp://127.0.0.1:*');
  const endpoint = binding.lastEndpoint;
  if (!endpoint) throw new Error('lastEndpoint is empty after binding tcp://127.0.0.1:*');
  connecting.connect(endpoint);
}

/** Starts background work whose failure is reported when it is awaited, never as unhandled. */
function background(work: () => Promise<void>): Promise<void> {
  const running = work();
  running.catch(() => undefined);
  return running;
}

const sizeRange = (sizes: readonly number[]) => `${Math.min(...sizes)} B to ${Math.max(...sizes)} B`;

function registerPipeline(arrangement: Arrangement): void {
  const count = 60;
  const message = (i: number) => [toBytes(`message ${i}`), patternFrame(i, FRAME_SIZES[i % FRAME_SIZES.length])];
  registerScenario({
    package: 'core',
    name: nameOf('PUSH/PULL', arrangement),
    async run(context) {
      const push = new implementations[arrangement.sender].zmq.Push(socketOptions);
      const pull = new implementations[other(arrangement.sender)].zmq.Pull(socketOptions);
      await openPair(context, push, pull, arrangement.binder === arrangement.sender);

      const sending = background(async () => {
        for (let i = 0; i < count; i++) await push.send(message(i));
      });
      for (let i = 0; i < count; i++) assertMessage(await pull.receive(), message(i), `message ${i}`);
      await sending;
      return `${count} two-frame messages (${sizeRange(FRAME_SIZES)}) arrived intact and in order`;
    },
  });
}

function registerPubSub(arrangement: Arrangement): void {
  const count = 40;
  const message = (i: number) => [toBytes('demo'), toBytes(`message ${i}`), patternFrame(i, FRAME_SIZES[i % FRAME_SIZES.length])];
  registerScenario({
    package: 'core',
    name: nameOf('PUB/SUB', arrangement),
    async run(context) {
      const pub = new implementations[arrangement.sender].zmq.Publisher(socketOptions);
      const sub = new implementations[other(arrangement.sender)].zmq.Subscriber(socketOptions);
      sub.subscribe('demo');
      await openPair(context, pub, sub, arrangement.binder === arrangement.sender);

      // A publisher drops messages until the subscription reaches it (the "slow joiner"),
      // so it sends probes until one arrives, and only then the messages that count.
      const state = { joined: false, receiverDone: false };
      const received: Uint8Array[][] = [];
      const receiving = background(async () => {
        try {
          for (;;) {
            const parts = await sub.receive();
            const topic = toText(parts[0]);
            if (topic !== 'demo') throw new Error(`received topic "${topic}", which the subscriber never subscribed to`);
            const kind = toText(parts[1] ?? new Uint8Array());
            if (kind === 'probe') state.joined = true;
            else if (kind === 'end') return;
            else received.push(parts);
          }
        } finally {
          state.receiverDone = true;
        }
      });

      let probes = 0;
      while (!state.joined && !state.receiverDone) {
        await pub.send(['demo', 'probe']);
        probes++;
        await sleep(10, undefined, { signal: context.signal });
      }
      for (let i = 0; i < count && !state.receiverDone; i++) {
        await pub.send(['other', `not for this subscriber ${i}`]);
        await pub.send(message(i));
      }
      await pub.send(['demo', 'end']);
      await receiving;

      if (received.length !== count) throw new Error(`received ${received.length} of ${count} messages`);
      received.forEach((parts, i) => assertMessage(parts, message(i), `message ${i}`));
      return `subscribed after ${probes} probe(s); ${count} messages on "demo" arrived in order, none on "other"`;
    },
  });
}

function registerRequestReply(arrangement: Arrangement): void {
  const count = 20;
  const sizes = [0, 17, 300, 70_000];
  const request = (i: number) => [toBytes(`request ${i}`), patternFrame(i, sizes[i % sizes.length])];
  const reply = (i: number) => [toBytes(`reply to request ${i}`), patternFrame(i, sizes[i % sizes.length]).reverse()];
  registerScenario({
    package: 'core',
    name: nameOf('REQ/REP', arrangement),
    async run(context) {
      const req = new implementations[arrangement.sender].zmq.Request(socketOptions);
      const rep = new implementations[other(arrangement.sender)].zmq.Reply(socketOptions);
      await openPair(context, req, rep, arrangement.binder === arrangement.sender);

      const answering = background(async () => {
        for (let i = 0; i < count; i++) {
          const [tag, body] = await rep.receive();
          // Copy before reversing: a received Buffer may share memory with others.
          await rep.send([toBytes(`reply to ${toText(tag)}`), Uint8Array.from(body ?? []).reverse()]);
        }
      });
      for (let i = 0; i < count; i++) {
        await req.send(request(i));
        assertMessage(await req.receive(), reply(i), `reply ${i}`);
      }
      await answering;
      return `${count} request/reply round trips (${sizeRange(sizes)}), each reply matched its request`;
    },
  });
}

for (const arrangement of arrangements) registerPipeline(arrangement);
for (const arrangement of arrangements) registerPubSub(arrangement);
for (const arrangement of arrangements) registerRequestReply(arrangement);
