import { InvalidArgumentError } from '../errors.js';
import type { Frame, Message } from '../message.js';
import type { Pipe } from '../pipe.js';
import { Socket } from '../socket-base.js';
import { routingKey } from './routing-id.js';
import { FairQueue } from './fair-queue.js';
import { groupBytes, groupCommandFrame, JOIN, LEAVE } from './groups.js';
import type { SocketOptions } from './push.js';

/** What `Dish.receive` gives with each message, as in zeromq.js. */
export interface DishGroupOptions {
  group: Uint8Array;
}

/**
 * DISH (draft): receives the messages of the groups it joined (exact match) from its
 * Radio peers. Joins and leaves go to every peer (JOIN / LEAVE commands on ZMTP 3.1)
 * and are sent again after each reconnect. Filters on receive too, so a peer that
 * ignores joins still cannot deliver other groups.
 */
class DishSocket extends Socket {
  private readonly joined = new Map<string, Uint8Array>();
  private readonly fq = new FairQueue(this.createScheduler('in'));
  private readonly pipes = new Set<Pipe>();
  /** The next wanted message, read ahead so `readable` is exact. */
  private ahead: Message | undefined;

  constructor(options?: SocketOptions<DishSocket>) {
    super('DISH', options);
  }

  /** Joins groups (strings or Buffers of at most 255 bytes); joining one twice throws, as in libzmq. */
  join(...groups: Array<Uint8Array | string>): void {
    this.assertOpen();
    for (const value of groups) {
      const group = groupBytes(value, 'Dish.join');
      const key = routingKey(group);
      if (this.joined.has(key)) throw new InvalidArgumentError(`Dish.join: already joined "${String(value)}"`);
      this.joined.set(key, group);
      this.toAll(JOIN, group);
    }
  }

  /** Leaves groups joined before; leaving one not joined throws, as in libzmq. */
  leave(...groups: Array<Uint8Array | string>): void {
    this.assertOpen();
    for (const value of groups) {
      const group = groupBytes(value, 'Dish.leave');
      if (!this.joined.delete(routingKey(group))) {
        throw new InvalidArgumentError(`Dish.leave: not joined to "${String(value)}"; join it first`);
      }
      this.toAll(LEAVE, group);
    }
  }

  private toAll(kind: number, group: Uint8Array): void {
    for (const pipe of this.pipes) pipe.forceWrite([groupCommandFrame(kind, group)]);
  }

  protected attachPipe(pipe: Pipe): void {
    this.pipes.add(pipe);
    this.fq.add(pipe);
  }

  protected override pipeConnected(pipe: Pipe): void {
    // The Radio forgot our joins with the old connection: send the whole set.
    pipe.discardOutbound();
    for (const group of this.joined.values()) pipe.forceWrite([groupCommandFrame(JOIN, group)]);
  }

  protected detachPipe(pipe: Pipe): void {
    this.pipes.delete(pipe);
    this.fq.remove(pipe);
  }
  protected readActivated(pipe: Pipe): void {
    this.fq.activate(pipe);
  }
  protected writeActivated(): void {}

  protected trySend(): boolean {
    throw new InvalidArgumentError('Dish sockets cannot send; use a Radio');
  }

  /** Internally `[group, body]`; `receive()` turns it into zeromq.js's `[body, { group }]`. */
  protected tryReceive(): Message | undefined {
    const message = this.lookAhead();
    this.ahead = undefined;
    return message;
  }

  protected hasIncoming(): boolean {
    return this.lookAhead() !== undefined;
  }

  private lookAhead(): Message | undefined {
    while (!this.ahead) {
      const message = this.fq.receive()?.message;
      if (!message) return undefined;
      // Exactly group + body from a Radio; anything else, or a group we left, is dropped.
      if (message.length === 2 && this.joined.has(routingKey(message[0]))) this.ahead = message;
    }
    return this.ahead;
  }

  protected canSend(): boolean {
    return false;
  }
}

type DishMessage = [Frame, DishGroupOptions];

// zeromq.js's Dish resolves `[body, { group }]`; the routing underneath keeps `[group, body]`.
const baseReceive = Socket.prototype.receive;
Object.defineProperty(DishSocket.prototype, 'receive', {
  value: async function receive(this: DishSocket): Promise<DishMessage> {
    const [group, body] = await baseReceive.call(this);
    return [body, { group }];
  },
  configurable: true,
  writable: true,
});

/** A Dish as zeromq.js types it: `receive()` gives `[body, { group }]`. */
export type Dish = Omit<DishSocket, 'receive' | typeof Symbol.asyncIterator> & {
  /** Resolves with the next message of a joined group, and that group. */
  receive(): Promise<DishMessage>;
  [Symbol.asyncIterator](): AsyncGenerator<DishMessage, void, undefined>;
};

// The class under zeromq.js's Dish type (a Socket at run time: `instanceof` works).
export const Dish = DishSocket as unknown as {
  new (options?: SocketOptions<DishSocket>): Dish;
  readonly prototype: Dish;
};
