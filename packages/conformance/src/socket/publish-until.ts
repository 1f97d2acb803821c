import type { Publisher, Subscriber } from '@zmtp/core';
import { texts } from '../support/bytes.js';
import { PROMPTLY_MS, pause, quiet } from '../support/waits.js';

/**
 * Publishes `marker` (after `before`, if given) every few milliseconds until the
 * subscriber receives a message whose first part is `marker`. Subscriptions
 * reach a publisher some time after connect, and a PUB drops what no one has
 * subscribed to yet, so probing is the only way to know they arrived.
 * Returns every other message received meanwhile, as text.
 */
export async function publishUntilReceived(
  publisher: Publisher,
  subscriber: Subscriber,
  marker: string,
  what: string,
  before?: string,
): Promise<string[][]> {
  const others: string[][] = [];
  let arrived = false;
  const receiving = quiet(
    (async () => {
      for (;;) {
        const message = texts(await subscriber.receive());
        if (message[0] === marker) break;
        others.push(message);
      }
      arrived = true;
    })(),
  );
  const deadline = Date.now() + PROMPTLY_MS;
  while (!arrived) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${PROMPTLY_MS} ms waiting for ${what}; received meanwhile: ${JSON.stringify(others)}`);
    }
    if (before !== undefined) await publisher.send(before);
    await publisher.send(marker);
    await Promise.race([receiving, pause(10)]);
  }
  return others;
}
