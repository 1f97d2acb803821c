/**
 * A peer for tests that need another network namespace: run as
 * `ip netns exec NS node --import tsx peer.ts '<json>'`. It prints one JSON object per
 * line on stdout and exits when done (the test kills senders).
 *
 *   { "role": "receive", "impl": "ours" | "libzmq", "bind": "tcp://...", "count": 5 }
 *     prints { "bound": lastEndpoint }, then { "received": [...] } after `count` messages.
 *   { "role": "send", "impl": ..., "connect": "tcp://...", "count": 5 }
 *     sends "message 0" ... and waits to be killed.
 *   { "role": "happy-eyeballs", "unreachable": "2001:db8:dead::1" }
 *     binds 127.0.0.1, connects our socket to a name resolving to [unreachable, 127.0.0.1],
 *     and prints how long the first message took and whether a plain connect to the
 *     unreachable address is still pending by then.
 */
import { connect as netConnect } from 'node:net';
import * as zmq from '@zmtp/core';
import * as libzmq from 'zeromq';
import { ipv6 } from '../../src/index.js';

interface Request {
  readonly role: 'receive' | 'send' | 'happy-eyeballs';
  readonly impl?: 'ours' | 'libzmq';
  readonly bind?: string;
  readonly connect?: string;
  readonly count?: number;
  readonly unreachable?: string;
}

const say = (value: object): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

type AnySocket = {
  bind(address: string): Promise<void>;
  connect(address: string): void;
  send(message: string): Promise<void>;
  receive(): Promise<Uint8Array[]>;
  close(): void;
  readonly lastEndpoint: string | null;
};

function socket(impl: 'ours' | 'libzmq', kind: 'Push' | 'Pull', options: Record<string, unknown> = {}): AnySocket {
  if (impl === 'libzmq') return new (libzmq[kind] as unknown as new (o: object) => AnySocket)({ linger: 0, ipv6: true, ...options });
  const context = new zmq.Context().use(ipv6(options.resolver ? { resolver: options.resolver as never } : {}));
  const { resolver: _resolver, ...rest } = options;
  return new (zmq[kind] as unknown as new (o: object) => AnySocket)({ linger: 0, ipv6: true, context, ...rest });
}

async function receive(request: Request): Promise<void> {
  const pull = socket(request.impl ?? 'ours', 'Pull');
  await pull.bind(request.bind!);
  say({ bound: pull.lastEndpoint });
  const received: string[] = [];
  while (received.length < (request.count ?? 1)) {
    const [frame] = await pull.receive();
    received.push(new TextDecoder().decode(frame));
  }
  say({ received });
  pull.close();
}

const keepAlive: AnySocket[] = [];

async function send(request: Request): Promise<void> {
  const push = socket(request.impl ?? 'ours', 'Push');
  const events = (push as unknown as { events: { on(t: string, l: (e: { address?: string }) => void): void } }).events;
  // An event log on stderr, for the test's failure messages.
  for (const t of ['connect', 'connect:retry', 'disconnect']) events.on(t, (e) => process.stderr.write(`${t} ${e.address}\n`));
  push.connect(request.connect!);
  for (let i = 0; i < (request.count ?? 1); i++) await push.send(`message ${i}`);
  say({ sent: request.count ?? 1 });
  // Hold the socket: a zeromq.js socket nothing refers to is closed when collected.
  keepAlive.push(push);
  await new Promise(() => undefined); // the test kills us
}

/** Settles when a plain TCP connect finishes either way; `pending` reads false after that. */
function plainConnect(host: string, port: number) {
  const state = { pending: true, outcome: '' };
  const raw = netConnect({ host, port });
  raw.once('connect', () => Object.assign(state, { pending: false, outcome: 'connected' }));
  raw.once('error', (error: NodeJS.ErrnoException) => Object.assign(state, { pending: false, outcome: error.code ?? 'error' }));
  return { state, stop: () => raw.destroy() };
}

async function happyEyeballs(request: Request): Promise<void> {
  const pull = socket('ours', 'Pull', { ipv6: false });
  await pull.bind('tcp://127.0.0.1:*');
  const port = Number(/:(\d+)$/.exec(pull.lastEndpoint!)![1]);
  const resolver = () => [
    { address: request.unreachable!, family: 6 as const },
    { address: '127.0.0.1', family: 4 as const },
  ];
  // A connect to the IPv6 address alone, started at the same time: it must still be pending
  // when Happy Eyeballs has delivered, or the address was not really unreachable.
  const control = plainConnect(request.unreachable!, port);
  const push = socket('ours', 'Push', { resolver });
  const started = performance.now();
  push.connect(`tcp://dual.test:${port}`);
  await push.send('hello');
  const [frame] = await pull.receive();
  const elapsedMs = Math.round(performance.now() - started);
  say({ message: new TextDecoder().decode(frame), elapsedMs, controlPending: control.state.pending, control: control.state.outcome });
  control.stop();
  push.close();
  pull.close();
}

const request = JSON.parse(process.argv[2] ?? '{}') as Request;
const roles = { receive, send, 'happy-eyeballs': happyEyeballs };
roles[request.role](request).then(
  () => process.exit(0),
  (error: unknown) => {
    say({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    process.exit(1);
  },
);
