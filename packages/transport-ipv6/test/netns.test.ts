// Link-local addresses with zones, and Happy Eyeballs against an IPv6 address that
// drops every packet, on a veth pair between two network namespaces this test creates
// (see netns-lab.ts). The peers run as child processes inside the namespaces.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLACK_HOLE, createLab, type Lab, type Peer } from './netns-lab.js';

let lab: Lab | undefined;
let skipReason = '';
const peers: Peer[] = [];

beforeAll(() => {
  const result = createLab();
  if (typeof result === 'string') {
    skipReason = result;
    console.log(`netns.test: skipped, ${result}; link-local zones are covered by the unit tests only`);
  } else {
    lab = result;
  }
});
afterAll(() => {
  for (const peer of peers.splice(0)) peer.kill();
  lab?.remove();
});

function peer(namespace: string, request: object): Peer {
  const started = lab!.peer(namespace, request);
  peers.push(started);
  return started;
}

/** What the receiving peer got; on failure the error carries the sender's event log. */
async function receivedBy(receiver: Peer, sender: Peer): Promise<unknown> {
  try {
    return (await receiver.next('the messages')).received;
  } catch (error) {
    throw new Error(`${(error as Error).message}\nthe sender's events: ${sender.stderr() || 'none'}`);
  }
}

const expected = (count: number) => Array.from({ length: count }, (_, i) => `message ${i}`);

describe('network namespaces', () => {
  it('libzmq connects to our link-local bind, with the zone named', async ({ skip }) => {
    if (!lab) skip(skipReason);
    const receiver = peer(lab!.a, { role: 'receive', impl: 'ours', bind: `tcp://[fe80::a%${lab!.vA}]:*`, count: 5 });
    const { bound } = await receiver.next('our bind');
    expect(bound).toMatch(new RegExp(`^tcp://\\[fe80::a%${lab!.vA}\\]:\\d+$`));
    const port = /:(\d+)$/.exec(String(bound))![1];
    const sender = peer(lab!.b, { role: 'send', impl: 'libzmq', connect: `tcp://[fe80::a%${lab!.vB}]:${port}`, count: 5 });
    expect(await receivedBy(receiver, sender)).toEqual(expected(5));
    sender.kill();
  });

  it('we connect to libzmq over link-local, with the zone given as an interface index', async ({ skip }) => {
    if (!lab) skip(skipReason);
    const receiver = peer(lab!.a, { role: 'receive', impl: 'libzmq', bind: `tcp://[fe80::a%${lab!.vA}]:*`, count: 5 });
    const { bound } = await receiver.next("libzmq's bind");
    expect(bound).toMatch(new RegExp(`^tcp://\\[fe80::a%${lab!.vA}\\]:\\d+$`));
    const port = /:(\d+)$/.exec(String(bound))![1];
    const sender = peer(lab!.b, { role: 'send', impl: 'ours', connect: `tcp://[fe80::a%${lab!.indexB}]:${port}`, count: 5 });
    expect(await receivedBy(receiver, sender)).toEqual(expected(5));
    sender.kill();
  });

  it('Happy Eyeballs connects over IPv4 in well under a second when the IPv6 address drops packets', async ({ skip }) => {
    if (!lab) skip(skipReason);
    const client = peer(lab!.a, { role: 'happy-eyeballs', unreachable: BLACK_HOLE });
    const result = await client.next('the Happy Eyeballs result');
    console.log(`netns.test: Happy Eyeballs delivered after ${String(result.elapsedMs)} ms with ${BLACK_HOLE} black-holed`);
    expect(result.message).toBe('hello');
    // The IPv6 address really is a black hole: a plain connect to it is still waiting.
    expect(result.controlPending, `the plain IPv6 connect ended with ${String(result.control)}`).toBe(true);
    // Without Happy Eyeballs this would wait for TCP's SYN timeout (over a minute on Linux);
    // the bound is loose on purpose, the figure itself is printed above.
    expect(result.elapsedMs).toBeLessThan(5_000);
  });
});
