import { memory, Pull, Push, type Scheduler } from '@zmtp/core';
import { expect } from 'vitest';
import { texts } from '../support/bytes.js';
import { quiet, within } from '../support/waits.js';
import { SocketScope } from '../socket/socket-scope.js';
import type { SchedulerCheck } from './contract-checks.js';
import { EQUAL, pipes, type SchedulerScope, type TestPipe } from './scheduler-scope.js';

/** While a message is on its way through `next()`'s pick, whatever happens to other pipes must not move the pick. */
function checkPickHolds(scheduler: Scheduler<TestPipe>, direction: string): void {
  const active = pipes('a', 'b', 'c', 'd');
  for (const pipe of active) {
    scheduler.add(pipe, EQUAL);
    scheduler.activate(pipe);
  }
  for (let round = 0; round < 12; round++) {
    const picked = scheduler.next();
    if (!picked) throw new Error(`${direction}: next() returned nothing with ${active.length} active pipes`);
    const holds = (what: string): void => {
      const now = scheduler.next();
      if (now !== picked) {
        throw new Error(`${direction}, round ${round}: next() moved from ${picked.label} to ${now?.label ?? 'nothing'} after ${what}, before consumed()`);
      }
    };
    // Disturb a different one of the other pipes each round.
    const others = active.filter((pipe) => pipe !== picked);
    others.push(...others.splice(0, round % others.length));
    scheduler.deactivate(others[0]);
    holds(`deactivating ${others[0].label}`);
    scheduler.activate(others[0]);
    holds(`activating ${others[0].label} again`);
    const newcomer = { label: `new${round}` };
    scheduler.add(newcomer, EQUAL);
    scheduler.activate(newcomer);
    holds(`adding and activating ${newcomer.label}`);
    scheduler.remove(others[1]);
    holds(`removing ${others[1].label}`);
    scheduler.consumed(picked, 3);
    // Keep four active pipes: the newcomer replaces the removed one.
    active.splice(active.indexOf(others[1]), 1, newcomer);
  }
}

export const atomicMultipart: SchedulerCheck = {
  name: 'atomic-multipart',
  title: "the pick holds until consumed() whatever happens to other pipes, and sockets using the scheduler keep multipart messages whole",
  async run(scope) {
    for (const direction of ['out', 'in'] as const) checkPickHolds(scope.create(direction), direction);
    await checkThroughSockets(scope);
  },
};

async function checkThroughSockets(scope: SchedulerScope): Promise<void> {
  let serial = 0;
  const name = `conformance ${scope.subject}`;
  const sockets = new SocketScope(
    { transport: memory(), socketOptions: { scheduler: name } },
    { listen: () => `memory://conformance-scheduler-${++serial}` },
    memory().capabilities,
    scope.subject,
    { schedulers: { [name]: scope.fixture.factory } },
  );
  try {
    const message = (sender: number, i: number): string[] => [`from ${sender}`, `message ${i}`, '', 'x'.repeat(i * 37), `end ${sender}/${i}`];
    const whole = (parts: string[]): boolean =>
      parts.length === 5 && parts[4] === `end ${parts[0].slice(5)}/${parts[1].slice(8)}` && parts[3].length === Number(parts[1].slice(8)) * 37;

    // Outbound: one PUSH load-balancing over three PULLs.
    const push = sockets.open(Push, 'connect');
    const pulls = [sockets.open(Pull, 'bind'), sockets.open(Pull, 'bind'), sockets.open(Pull, 'bind')];
    for (const pull of pulls) push.connect(await sockets.bind(pull));
    const count = 30;
    for (let i = 0; i < count; i++) await within(push.send(message(0, i)), `PUSH send ${i}`);
    const received = await within(receiveFromAny(pulls, count), `${count} messages through the outbound scheduler`);
    const broken = received.filter((parts) => !whole(parts));
    expect(broken, 'messages split or mixed by the outbound scheduler').toEqual([]);

    // Inbound: one PULL fair-queueing three PUSHes.
    const pull = sockets.open(Pull, 'bind');
    const endpoint = await sockets.bind(pull);
    const pushes = [1, 2, 3].map(() => sockets.open(Push, 'connect'));
    for (const sender of pushes) sender.connect(endpoint);
    await Promise.all(pushes.map(async (sender, s) => {
      for (let i = 0; i < 10; i++) await sender.send(message(s + 1, i));
    }));
    for (let i = 0; i < 30; i++) {
      const parts = texts(await within(pull.receive(), `inbound message ${i}`));
      if (!whole(parts)) throw new Error(`the inbound scheduler delivered a broken message: ${JSON.stringify(parts)}`);
    }
  } finally {
    await sockets.dispose();
  }
}

/** Receives `count` messages from whichever receivers have them. */
function receiveFromAny(receivers: readonly Pull[], count: number): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const got: string[][] = [];
    for (const receiver of receivers) {
      quiet(
        (async () => {
          while (got.length < count) {
            got.push(texts(await receiver.receive()));
            if (got.length === count) resolve(got);
          }
        })(),
      ).catch(reject);
    }
  });
}
