/**
 * Runs inside a fresh network namespace (see multicast.test.ts): Radio -> Dish over a
 * multicast group on `lo`, ours to ours, libzmq to ours and ours to libzmq. Prints one
 * JSON line: what each Dish received after probing.
 */
import { Context } from '@zmtp/core';
import { Dish, Radio } from '@zmtp/core/draft';
import * as libzmqDraft from 'zeromq/draft.js';
import { udp } from '../../src/index.js';

const group = '239.0.0.1';
const context = new Context().use(udp());
const decoder = new TextDecoder();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Sender {
  send(body: string, options: { group: string }): Promise<void>;
}

/** Sends probes until `received` resolves; gives the message as `group:body`, or a failure note. */
async function probe(radio: Sender, received: Promise<[Uint8Array, { group: Uint8Array }]>): Promise<string> {
  let result: string | undefined;
  void received.then(([body, { group }]) => (result = `${decoder.decode(group)}:${decoder.decode(body)}`));
  for (let attempt = 0; result === undefined && attempt < 300; attempt++) {
    await radio.send('probe', { group: 'wx' });
    await sleep(10);
  }
  return result ?? 'nothing arrived';
}

const endpoint = (port: number) => `udp://127.0.0.1;${group}:${port}`;
const results: Record<string, string> = {};

{
  const dish = new Dish({ linger: 0, context });
  await dish.bind(endpoint(7101));
  dish.join('wx');
  const radio = new Radio({ linger: 0, context });
  radio.connect(endpoint(7101));
  results.oursToOurs = await probe(radio, dish.receive());
  dish.close();
  radio.close();
}
{
  const dish = new Dish({ linger: 0, context });
  await dish.bind(endpoint(7102));
  dish.join('wx');
  const radio = new libzmqDraft.Radio({ linger: 0 });
  radio.connect(endpoint(7102));
  results.libzmqToOurs = await probe(radio, dish.receive());
  dish.close();
  radio.close();
}
{
  const dish = new libzmqDraft.Dish({ linger: 0 });
  await dish.bind(endpoint(7103));
  // zeromq.js 6.8.0's own `join` loses `this`; the native method works.
  (Object.getPrototypeOf(libzmqDraft.Dish.prototype) as { join(this: unknown, g: string): void }).join.call(dish, 'wx');
  const radio = new Radio({ linger: 0, context });
  radio.connect(endpoint(7103));
  results.oursToLibzmq = await probe(radio, dish.receive() as unknown as Promise<[Uint8Array, { group: Uint8Array }]>);
  dish.close();
  radio.close();
}
process.stdout.write(`${JSON.stringify(results)}\n`);
process.exit(0);
