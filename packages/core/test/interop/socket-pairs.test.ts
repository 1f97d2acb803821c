/**
 * Every valid socket-type pair (RFC 37 compatibility table), with our socket on one
 * side and libzmq (zeromq.js) on the other, both ways round, with either side binding,
 * over tcp and ipc. The matrix is generated from `pairCases`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AnySocket,
  type Side,
  type SocketTypeName,
  type Subscribing,
  bindFresh,
  Cleanup,
  openSocket,
  receiveWithin,
  repeatUntil,
  retryOn,
  sendWithin,
  texts,
  transports,
} from './helpers.js';

type Role = 'a' | 'b';

interface Exchange {
  a: AnySocket;
  b: AnySocket;
  /** Which role bound; the other connected. */
  bound: Role;
}

interface PairCase {
  a: SocketTypeName;
  b: SocketTypeName;
  /** Socket options for a role, given whether that role binds. */
  options?: (role: Role, binds: boolean) => Record<string, unknown>;
  /** Options for `connect()` (ROUTER only), given the connecting role. */
  connectOptions?: (role: Role) => { routingId: string } | undefined;
  /** Moves messages both ways where the pattern allows and asserts what arrives. */
  exchange: (sockets: Exchange) => Promise<void>;
}

const subscribeFrame = (topic: string) => Buffer.concat([Buffer.from([1]), Buffer.from(topic)]);
const unsubscribeFrame = (topic: string) => Buffer.concat([Buffer.from([0]), Buffer.from(topic)]);

/** Publishes until the subscriber sees a message; the first one must be the matching topic. */
async function publishUntilDelivered(pub: AnySocket, sub: AnySocket): Promise<void> {
  const arrived = receiveWithin(sub, 'first published message');
  const first = await repeatUntil(
    async () => {
      await sendWithin(pub, ['sports', 'goal']);
      await sendWithin(pub, ['weather', 'sunny']);
    },
    arrived,
    'a published message to reach the subscriber',
  );
  expect(texts(first)).toEqual(['weather', 'sunny']);
}

const pairCases: PairCase[] = [
  {
    a: 'Request',
    b: 'Reply',
    async exchange({ a, b }) {
      for (let round = 0; round < 3; round++) {
        await sendWithin(a, `request ${round}`);
        expect(texts(await receiveWithin(b, `request ${round} at REP`))).toEqual([`request ${round}`]);
        await sendWithin(b, [`reply ${round}`, 'second part']);
        expect(texts(await receiveWithin(a, `reply ${round} at REQ`))).toEqual([`reply ${round}`, 'second part']);
      }
    },
  },
  {
    a: 'Request',
    b: 'Router',
    options: (role) => (role === 'a' ? { routingId: 'req-peer' } : {}),
    async exchange({ a, b }) {
      await sendWithin(a, 'hello');
      const [id, delimiter, body] = await receiveWithin(b, 'request at ROUTER');
      expect(id.toString()).toBe('req-peer');
      expect(delimiter.length).toBe(0);
      expect(body.toString()).toBe('hello');
      await sendWithin(b, [id, '', 'world']);
      expect(texts(await receiveWithin(a, 'reply at REQ'))).toEqual(['world']);
    },
  },
  {
    a: 'Dealer',
    b: 'Reply',
    async exchange({ a, b }) {
      await sendWithin(a, ['', 'hello']);
      expect(texts(await receiveWithin(b, 'request at REP'))).toEqual(['hello']);
      await sendWithin(b, 'world');
      expect(texts(await receiveWithin(a, 'reply at DEALER'))).toEqual(['', 'world']);
    },
  },
  {
    a: 'Dealer',
    b: 'Dealer',
    async exchange({ a, b }) {
      await sendWithin(a, ['ping', 'from a']);
      expect(texts(await receiveWithin(b, 'message at DEALER b'))).toEqual(['ping', 'from a']);
      await sendWithin(b, 'pong');
      expect(texts(await receiveWithin(a, 'message at DEALER a'))).toEqual(['pong']);
    },
  },
  {
    a: 'Dealer',
    b: 'Router',
    options: (role) => (role === 'a' ? { routingId: 'dealer-peer' } : {}),
    async exchange({ a, b }) {
      await sendWithin(a, 'hello');
      expect(texts(await receiveWithin(b, 'message at ROUTER'))).toEqual(['dealer-peer', 'hello']);
      await sendWithin(b, ['dealer-peer', 'world', 'again']);
      expect(texts(await receiveWithin(a, 'reply at DEALER'))).toEqual(['world', 'again']);
    },
  },
  {
    a: 'Router',
    b: 'Router',
    // The connecting ROUTER names its peer at connect time and announces its own id;
    // `mandatory` turns "no route yet" into EHOSTUNREACH instead of a silent drop.
    options: (_role, binds) =>
      binds ? { routingId: 'bound-router' } : { routingId: 'connecting-router', mandatory: true },
    connectOptions: () => ({ routingId: 'bound-router' }),
    async exchange({ a, b, bound }) {
      const [server, client] = bound === 'a' ? [a, b] : [b, a];
      await retryOn('EHOSTUNREACH', () => sendWithin(client, ['bound-router', 'hello']), 'routing to the bound ROUTER');
      expect(texts(await receiveWithin(server, 'message at bound ROUTER'))).toEqual(['connecting-router', 'hello']);
      await sendWithin(server, ['connecting-router', 'world']);
      expect(texts(await receiveWithin(client, 'reply at connecting ROUTER'))).toEqual(['bound-router', 'world']);
    },
  },
  {
    a: 'Publisher',
    b: 'Subscriber',
    async exchange({ a, b }) {
      (b as Subscribing).subscribe('weather');
      await publishUntilDelivered(a, b);
    },
  },
  {
    a: 'Publisher',
    b: 'XSubscriber',
    async exchange({ a, b }) {
      await sendWithin(b, subscribeFrame('weather'));
      await publishUntilDelivered(a, b);
    },
  },
  {
    a: 'XPublisher',
    b: 'Subscriber',
    async exchange({ a, b }) {
      (b as Subscribing).subscribe('weather');
      // Receive first: a bound libzmq SUB attaches a new peer (and sends it the
      // subscription) only while the application is calling into the socket.
      const publication = receiveWithin(b, 'publication at SUB');
      expect(await receiveWithin(a, 'subscription at XPUB')).toEqual([subscribeFrame('weather')]);
      await sendWithin(a, ['sports', 'goal']);
      await sendWithin(a, ['weather', 'sunny']);
      expect(texts(await publication)).toEqual(['weather', 'sunny']);
    },
  },
  {
    a: 'XPublisher',
    b: 'XSubscriber',
    async exchange({ a, b }) {
      await sendWithin(b, subscribeFrame('weather'));
      const publication = receiveWithin(b, 'publication at XSUB'); // see XPUB-SUB
      expect(await receiveWithin(a, 'subscription at XPUB')).toEqual([subscribeFrame('weather')]);
      await sendWithin(a, ['sports', 'goal']);
      await sendWithin(a, ['weather', 'rain']);
      expect(texts(await publication)).toEqual(['weather', 'rain']);
      await sendWithin(b, unsubscribeFrame('weather'));
      expect(await receiveWithin(a, 'unsubscription at XPUB')).toEqual([unsubscribeFrame('weather')]);
    },
  },
  {
    a: 'Push',
    b: 'Pull',
    async exchange({ a, b }) {
      const sent = [['m0'], ['m1', 'with', 'parts'], ['m2']];
      for (const message of sent) await sendWithin(a, message);
      for (const message of sent) expect(texts(await receiveWithin(b, `${message[0]} at PULL`))).toEqual(message);
    },
  },
  {
    a: 'Pair',
    b: 'Pair',
    async exchange({ a, b }) {
      await sendWithin(a, ['from a', 'x']);
      expect(texts(await receiveWithin(b, 'message at PAIR b'))).toEqual(['from a', 'x']);
      await sendWithin(b, 'from b');
      expect(texts(await receiveWithin(a, 'message at PAIR a'))).toEqual(['from b']);
    },
  },
];

interface Variant {
  name: string;
  pair: PairCase;
  sides: Record<Role, Side>;
  binder: Role;
}

function* variants(): Generator<Variant> {
  for (const pair of pairCases) {
    // For a symmetric pair, "ours is a" and "ours is b" are the same test.
    const oursRoles: Role[] = pair.a === pair.b ? ['a'] : ['a', 'b'];
    for (const oursRole of oursRoles) {
      const sides: Record<Role, Side> = oursRole === 'a' ? { a: 'ours', b: 'libzmq' } : { a: 'libzmq', b: 'ours' };
      for (const binder of ['ours', 'libzmq'] as const) {
        const binderRole: Role = sides.a === binder ? 'a' : 'b';
        yield {
          name: `${pair.a} (${sides.a}) with ${pair.b} (${sides.b}), ${binder} binds`,
          pair,
          sides,
          binder: binderRole,
        };
      }
    }
  }
}

describe.each(transports)('socket pairs over %s', (kind) => {
  const cleanup = new Cleanup();
  afterEach(cleanup.run);

  it.each([...variants()].map((v) => [v.name, v] as const))('%s', async (_name, { pair, sides, binder }) => {
    const open = (role: Role) =>
      cleanup.socket(openSocket(sides[role], pair[role], pair.options?.(role, role === binder) ?? {}));
    const sockets = { a: open('a'), b: open('b') };
    const connector: Role = binder === 'a' ? 'b' : 'a';

    const endpoint = await bindFresh(sockets[binder], kind, cleanup);
    const connectOptions = pair.connectOptions?.(connector);
    if (connectOptions) sockets[connector].connect(endpoint, connectOptions);
    else sockets[connector].connect(endpoint);

    await pair.exchange({ ...sockets, bound: binder });
  });
});
