import { Dish, Radio } from '@zmtp/core/draft';
import { decode } from '../support/bytes.js';
import { PROMPTLY_MS, pause, quiet } from '../support/waits.js';
import type { SocketScope } from './socket-scope.js';

/** A message as a Dish hands it over. */
export interface Delivered {
  readonly group: string;
  readonly body: Uint8Array;
}

/** `group:body` for failure messages, bodies cut short. */
export function listMessages(messages: readonly Delivered[]): string {
  const shown = messages.slice(0, 10).map(({ group, body }) => {
    const text = decode(body.subarray(0, 24)).replace(/[^\x20-\x7e]/g, '.');
    return `${group}:${text}${body.length > 24 ? `... (${body.length} bytes)` : ''}`;
  });
  return `[${shown.join(', ')}${messages.length > 10 ? `, and ${messages.length - 10} more` : ''}]`;
}

/** A Dish in the scope, binding side: Dishes bind and Radios connect, which every transport serving them allows. */
export function openDish(scope: SocketScope): Dish {
  return scope.open(Dish, 'bind');
}

export function openRadio(scope: SocketScope): Radio {
  return scope.open(Radio, 'connect');
}

/**
 * Calls `send` every few milliseconds until the Dish receives a message for which
 * `arrived` holds. A datagram path loses what was sent before it was up, and a
 * Radio drops messages for a Dish whose join has not reached it yet, so sending
 * until something arrives is the only way to learn that the path works.
 * Returns every message received meanwhile, the last one included.
 */
export async function sendUntil(
  dish: Dish,
  send: () => Promise<void>,
  arrived: (message: Delivered) => boolean,
  what: string,
  { intervalMs = 10, ms = PROMPTLY_MS }: { intervalMs?: number; ms?: number } = {},
): Promise<Delivered[]> {
  const received: Delivered[] = [];
  let done = false;
  const receiving = quiet(
    (async () => {
      for (;;) {
        const [body, { group }] = await dish.receive();
        const message = { group: decode(group), body };
        received.push(message);
        if (arrived(message)) break;
      }
      done = true;
    })(),
  );
  const deadline = Date.now() + ms;
  while (!done) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}; received meanwhile: ${listMessages(received)}`);
    }
    await send();
    await Promise.race([receiving, pause(intervalMs)]);
  }
  return received;
}

/** Sends `body` to `group` until the Dish receives it; returns what came meanwhile. */
export function sendUntilReceived(radio: Radio, dish: Dish, group: string, body: string, what: string): Promise<Delivered[]> {
  return sendUntil(
    dish,
    () => radio.send(body, { group }),
    (message) => message.group === group && decode(message.body) === body,
    what,
  );
}

/**
 * A Dish bound to a fresh address and joined to `groups`, and a Radio connected to
 * it, with a message of every group received: the path and the joins are up.
 */
export async function joinedPair(scope: SocketScope, groups: readonly string[]): Promise<{ radio: Radio; dish: Dish; endpoint: string }> {
  const dish = openDish(scope);
  const endpoint = await scope.bind(dish);
  dish.join(...groups);
  const radio = openRadio(scope);
  radio.connect(endpoint);
  for (const group of groups) {
    await sendUntilReceived(radio, dish, group, 'probe', `a first message of group "${group}" (the path and the join to be up)`);
  }
  return { radio, dish, endpoint };
}
