// @zmtp/crypt: CURVE against libzmq in both roles, and the opportunistic mechanism:
// encrypted between our sockets, plaintext NULL with a stock libzmq peer (ours binding
// and ours connecting), and refused with a libzmq peer when encryption is 'required'.
import * as core from '@zmtp/core';
import { crypt } from '@zmtp/crypt';
import * as zeromq from 'zeromq';
import { toText } from '../bytes.js';
import { usingNativeForOurs } from '../impl.js';
import { registerScenario, type ScenarioContext } from '../registry.js';

type Options = Record<string, unknown>;
type Dealer = core.Dealer | zeromq.Dealer;

const NATIVE_ONLY = 'not applicable with ZMTP_IMPL=zeromq: the opportunistic mechanism is @zmtp/crypt\'s own';

/** Our DEALER in a context with the plugin, or the native one under ZMTP_IMPL=zeromq. */
function ours(context: ScenarioContext, options: Options = {}): Dealer {
  const socket = usingNativeForOurs
    ? new zeromq.Dealer({ linger: 0, ...options })
    : new core.Dealer({ linger: 0, context: new core.Context().use(crypt()), ...options });
  context.defer(() => socket.close());
  return socket;
}

function native(context: ScenarioContext, options: Options = {}): Dealer {
  const socket = new zeromq.Dealer({ linger: 0, ...options });
  context.defer(() => socket.close());
  return socket;
}

/** Binds one, connects the other, and sends `count` messages each way. */
async function exchange(binder: Dealer, connector: Dealer, count: number): Promise<void> {
  await binder.bind('tcp://127.0.0.1:*');
  connector.connect(binder.lastEndpoint!);
  for (const [from, to] of [
    [connector, binder],
    [binder, connector],
  ] as const) {
    for (let i = 0; i < count; i++) await from.send(['demo', `${i}`]);
    for (let i = 0; i < count; i++) {
      const parts = (await to.receive()).map(toText);
      if (parts.join(' ') !== `demo ${i}`) throw new Error(`expected "demo ${i}", got "${parts.join(' ')}"`);
    }
  }
}

/** The mechanism the handshake event of our socket reports. */
function handshakeMechanism(socket: Dealer): Promise<string> {
  return new Promise((resolve) => {
    (socket as core.Dealer).events.on('handshake', (event) => resolve(event.peer?.mechanism ?? 'unknown'));
  });
}

const server = zeromq.curveKeyPair();
const client = zeromq.curveKeyPair();
const serverOptions = { curveServer: true, curvePublicKey: server.publicKey, curveSecretKey: server.secretKey };
const clientOptions = { curveServerKey: server.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey };

registerScenario({
  package: 'crypt',
  name: 'CURVE      ours client -> libzmq server  (ours connects)',
  async run(context) {
    await exchange(native(context, serverOptions), ours(context, clientOptions), 20);
    return '20 messages each way over CURVE, boxed as libzmq expects';
  },
});

registerScenario({
  package: 'crypt',
  name: 'CURVE      libzmq client -> ours server  (ours binds)',
  async run(context) {
    const seen: string[] = [];
    const authenticator = (request: core.AuthRequest) => {
      seen.push(request.mechanism);
      return { status: 200 as const, userId: 'demo-client' };
    };
    const options = usingNativeForOurs ? serverOptions : { ...serverOptions, authenticator };
    await exchange(ours(context, options), native(context, clientOptions), 20);
    const checked = usingNativeForOurs ? '' : `; the authenticator checked the client key (${seen.join(', ')})`;
    return `20 messages each way over CURVE${checked}`;
  },
});

registerScenario({
  package: 'crypt',
  name: 'encrypt    ours <-> ours  (opportunistic)',
  async run(context) {
    if (usingNativeForOurs) return NATIVE_ONLY;
    const a = ours(context);
    const b = ours(context);
    const mechanisms = Promise.all([handshakeMechanism(a), handshakeMechanism(b)]);
    await exchange(a, b, 20);
    const names = await mechanisms;
    if (names.join() !== 'ZCRYPT,ZCRYPT') throw new Error(`expected ZCRYPT on both ends, got ${names.join(' and ')}`);
    return '20 messages each way, encrypted (ZCRYPT on both ends)';
  },
});

for (const oursBinds of [true, false]) {
  registerScenario({
    package: 'crypt',
    name: `encrypt    ours <-> libzmq NULL  (${oursBinds ? 'ours binds' : 'ours connects'})`,
    async run(context) {
      if (usingNativeForOurs) return NATIVE_ONLY;
      const mine = ours(context);
      const theirs = native(context);
      const mechanism = handshakeMechanism(mine);
      await (oursBinds ? exchange(mine, theirs, 20) : exchange(theirs, mine, 20));
      const name = await mechanism;
      if (name !== 'NULL') throw new Error(`expected a fallback to NULL, got ${name}`);
      return '20 messages each way: opportunistic fell back to plaintext NULL for the libzmq peer';
    },
  });
}

registerScenario({
  package: 'crypt',
  name: "encrypt    ours -> libzmq NULL  ('required')",
  async run(context) {
    if (usingNativeForOurs) return NATIVE_ONLY;
    const mine = ours(context, { encryption: 'required', reconnectInterval: -1 }) as core.Dealer;
    const theirs = native(context);
    const refused = new Promise<string>((resolve) => {
      mine.events.on('handshake:error:protocol', (event) => resolve(event.error.code));
      mine.events.on('handshake', () => resolve('a handshake (it fell back!)'));
    });
    await theirs.bind('tcp://127.0.0.1:*');
    mine.connect(theirs.lastEndpoint!);
    const outcome = await refused;
    if (outcome !== 'ERR_ZMTP_MECHANISM_MISMATCH') throw new Error(`expected a refusal, got ${outcome}`);
    return "refused with ERR_ZMTP_MECHANISM_MISMATCH: 'required' never falls back to plaintext";
  },
});
