import { afterEach } from 'vitest';
import { within } from './waits.js';

/** One message as the API returns it: zeromq.js gives Buffers, ours Uint8Arrays. */
export type Parts = Uint8Array[];

export interface Receiver {
  receive(): Promise<Parts>;
}

interface Closable {
  close(): void;
}

/**
 * Registers an `afterEach` that closes every socket the test created, and returns
 * the function that records them: `const socket = keep(new zmq.Push({ linger: 0 }))`.
 * Call it once at the top of a test file.
 */
export function socketCleanup(): <S extends Closable>(socket: S) => S {
  const open: Closable[] = [];
  afterEach(() => {
    for (const socket of open.splice(0).reverse()) socket.close();
  });
  return (socket) => {
    open.push(socket);
    return socket;
  };
}

const decoder = new TextDecoder();

/** The parts of a message as text. */
export function text(parts: Parts): string[] {
  return parts.map((part) => decoder.decode(part));
}

/** Receives the next message as text, failing with a clear message if none arrives promptly. */
export async function receiveText(socket: Receiver, what = 'a message'): Promise<string[]> {
  return text(await within(socket.receive(), what));
}

/** Receives `count` messages as text, in order. */
export async function receiveTexts(socket: Receiver, count: number, what = 'messages'): Promise<string[][]> {
  const messages: string[][] = [];
  for (let i = 0; i < count; i += 1) messages.push(await receiveText(socket, `${what} (${i + 1} of ${count})`));
  return messages;
}

type Outcome = { index: number; parts: Parts } | { index: number; error: unknown };

/**
 * Waits on several sockets at once and reports which one received. A receive that
 * lost the race stays pending for the next call, since a socket allows only one
 * pending receive.
 */
export class ReceiveRace {
  private readonly pending: (Promise<Outcome> | undefined)[];

  constructor(private readonly sockets: readonly Receiver[]) {
    this.pending = sockets.map(() => undefined);
  }

  async next(what = 'a message on any socket'): Promise<{ index: number; parts: string[] }> {
    const waiting = this.sockets.map((socket, index) => {
      this.pending[index] ??= socket.receive().then(
        (parts): Outcome => ({ index, parts }),
        (error: unknown): Outcome => ({ index, error }),
      );
      return this.pending[index];
    });
    const outcome = await within(Promise.race(waiting), what);
    this.pending[outcome.index] = undefined;
    if ('error' in outcome) throw outcome.error;
    return { index: outcome.index, parts: text(outcome.parts) };
  }
}
