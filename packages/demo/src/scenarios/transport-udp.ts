// @zmtp/transport-udp: Radio and Dish over udp:// with libzmq in both directions (libzmq's
// datagram format), and between two of ours the extension: congestion control, a message
// larger than a datagram fragmented and reassembled, per-peer statistics.
import { Context } from '@zmtp/core';
import { Dish, Radio } from '@zmtp/core/draft';
import { udp, type UdpPlugin } from '@zmtp/transport-udp';
import * as libzmqDraft from 'zeromq/draft.js';
import { toText } from '../bytes.js';
import { usingNativeForOurs } from '../impl.js';
import { registerScenario, type ScenarioContext } from '../registry.js';

interface AnyRadio {
  connect(endpoint: string): void;
  send(body: string | Uint8Array, options: { group: string }): Promise<void>;
  close(): void;
}
interface AnyDish {
  bind(endpoint: string): Promise<void>;
  receive(): Promise<[Uint8Array, { group: Uint8Array }]>;
  close(): void;
}

const NATIVE_ONLY = "not applicable with ZMTP_IMPL=zeromq: the extension is @zmtp/transport-udp's own";

/** Our Radio and Dish share one context with the plugin; under ZMTP_IMPL=zeromq they are libzmq's. */
function oursUdp(context: ScenarioContext, plugin: UdpPlugin = udp()) {
  const zmq = new Context().use(plugin);
  const track = <S extends { close(): void }>(socket: S): S => (context.defer(() => socket.close()), socket);
  return {
    radio: (): AnyRadio => track(usingNativeForOurs ? new libzmqDraft.Radio({ linger: 0 }) : new Radio({ linger: 0, context: zmq })),
    dish: (group: string): AnyDish => {
      if (!usingNativeForOurs) {
        const dish = track(new Dish({ linger: 0, context: zmq }));
        dish.join(group);
        return dish;
      }
      return nativeDish(context, group);
    },
  };
}

/** libzmq's Dish. zeromq.js 6.8.0's own `join` loses `this`, so the native method is called. */
function nativeDish(context: ScenarioContext, group: string): AnyDish {
  const dish = new libzmqDraft.Dish({ linger: 0 });
  context.defer(() => dish.close());
  (Object.getPrototypeOf(libzmqDraft.Dish.prototype) as { join(this: unknown, group: string): void }).join.call(dish, group);
  return dish as unknown as AnyDish;
}

/** A free UDP port (libzmq's udp:// bind takes no "*"). */
async function freePort(): Promise<number> {
  const { createSocket } = await import('node:dgram');
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/**
 * UDP loses what is sent before the path is up: sends `body` every 10 ms until the Dish has
 * one, and returns what arrived.
 */
async function firstArrival(radio: AnyRadio, dish: AnyDish, group: string, body: string | Uint8Array): Promise<[Uint8Array, string]> {
  let arrived: [Uint8Array, { group: Uint8Array }] | undefined;
  const receiving = dish.receive().then((message) => (arrived = message));
  for (let attempt = 0; arrived === undefined; attempt++) {
    if (attempt > 300) throw new Error('nothing reached the Dish within 3 s');
    await radio.send(body, { group });
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await receiving;
  return [arrived![0], toText(arrived![1].group)];
}

registerScenario({
  package: 'transport-udp',
  name: 'RADIO/DISH  libzmq -> ours  over udp://',
  async run(context) {
    const port = await freePort();
    const dish = oursUdp(context).dish('weather');
    await dish.bind(`udp://127.0.0.1:${port}`);
    const radio = new libzmqDraft.Radio({ linger: 0 });
    context.defer(() => radio.close());
    radio.connect(`udp://127.0.0.1:${port}`);
    const [body, group] = await firstArrival(radio as unknown as AnyRadio, dish, 'weather', 'sunny');
    if (group !== 'weather' || toText(body) !== 'sunny') throw new Error(`got ${group}:${toText(body)}`);
    return 'libzmq\'s Radio reached our Dish: group "weather", body "sunny"';
  },
});

registerScenario({
  package: 'transport-udp',
  name: 'RADIO/DISH  ours -> libzmq  over udp://',
  async run(context) {
    const port = await freePort();
    const dish = nativeDish(context, 'weather');
    await dish.bind(`udp://127.0.0.1:${port}`);
    const radio = oursUdp(context).radio();
    radio.connect(`udp://127.0.0.1:${port}`);
    const [body, group] = await firstArrival(radio, dish, 'weather', 'rain');
    if (group !== 'weather' || toText(body) !== 'rain') throw new Error(`got ${group}:${toText(body)}`);
    return "our Radio reached libzmq's Dish in libzmq's datagram format (it ignored our HELLOs)";
  },
});

registerScenario({
  package: 'transport-udp',
  name: 'RADIO/DISH  ours <-> ours  (TFRC, a 100 kB message in fragments)',
  async run(context) {
    if (usingNativeForOurs) return NATIVE_ONLY;
    const plugin = udp({ congestion: 'tfrc', delivery: 'newest-only' });
    const sockets = oursUdp(context, plugin);
    const dish = sockets.dish('frames');
    await dish.bind('udp://127.0.0.1:*');
    const radio = sockets.radio();
    radio.connect((dish as Dish).lastEndpoint!);
    await firstArrival(radio, dish, 'frames', 'hello');
    for (let attempt = 0; !plugin.peers().some((peer) => peer.side === 'radio' && peer.extension); attempt++) {
      if (attempt > 300) throw new Error('the extension was never negotiated');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const big = new Uint8Array(100_000).map((_, index) => index % 251);
    await radio.send(big, { group: 'frames' });
    for (;;) {
      const [body] = await dish.receive();
      if (body.length !== big.length) continue; // a "hello" still on its way
      if (!body.every((byte, index) => byte === big[index])) throw new Error('the 100 kB message arrived damaged');
      break;
    }
    const radioSide = plugin.peers().find((peer) => peer.side === 'radio')!;
    return `negotiated ${radioSide.congestion} / ${radioSide.delivery}; 100 kB arrived intact in ${Math.ceil(100_000 / 1374)} fragments; RTT ${radioSide.rttMs?.toFixed(2)} ms`;
  },
});
