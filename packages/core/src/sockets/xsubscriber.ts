import { ZmqError } from '../errors.js';
import type { Message } from '../message.js';
import type { Pipe } from '../pipe.js';
import { allocBytes } from '../platform.js';
import { defineOptionAccessors, Socket } from '../socket-base.js';
import { option } from '../socket-options.js';
import { FairQueue } from './fair-queue.js';
import type { SocketOptions } from './push.js';
import { Subscriptions } from './subscriptions.js';
import { asBytes } from './xpublisher.js';

/**
 * XSUB: sends subscriptions (`0x01 topic` / `0x00 topic` messages) to every
 * publisher, and re-sends the whole set after each (re)connect, since a restarted
 * publisher has forgotten them. Receives everything the publishers send.
 */
export class XSubscriber extends Socket {
  static override ownOptions: Record<string, ReturnType<typeof option.bool>> = {};
  protected readonly subscriptions = new Subscriptions();
  private readonly fq = new FairQueue(this.createScheduler('in'));
  private readonly pipes = new Set<Pipe>();

  constructor(options?: SocketOptions<XSubscriber>, socketType = 'XSUB') {
    super(socketType, options);
  }

  protected attachPipe(pipe: Pipe): void {
    this.pipes.add(pipe);
    this.fq.add(pipe);
  }

  protected override pipeConnected(pipe: Pipe): void {
    // Whatever was queued for the old connection is stale; the full set replaces it.
    pipe.discardOutbound();
    for (const topic of this.subscriptions.prefixes()) pipe.forceWrite([subscriptionFrame(1, topic)]);
  }

  protected detachPipe(pipe: Pipe): void {
    this.pipes.delete(pipe);
    this.fq.remove(pipe);
  }
  protected readActivated(pipe: Pipe): void {
    this.fq.activate(pipe);
  }
  protected writeActivated(): void {}

  /** Applies a subscription locally and tells every publisher. */
  protected subscription(subscribe: boolean, topic: Uint8Array): void {
    const changed = subscribe ? (this.subscriptions.add(topic, true), true) : this.subscriptions.remove(topic, true);
    if (changed) this.sendToAll([subscriptionFrame(subscribe ? 1 : 0, topic)], true);
  }

  private sendToAll(message: Message, control: boolean): void {
    for (const pipe of this.pipes) {
      if (control) pipe.forceWrite(message);
      else pipe.write(message);
    }
  }

  protected trySend(message: Message): boolean {
    const first = message[0];
    if (message.length === 1 && first.length > 0 && (first[0] === 0 || first[0] === 1)) {
      this.subscription(first[0] === 1, first.subarray(1));
    } else {
      this.sendToAll(message, false); // other messages go upstream as they are (libzmq)
    }
    return true;
  }

  protected tryReceive(): Message | undefined {
    return this.fq.receive()?.message;
  }
  protected hasIncoming(): boolean {
    return this.fq.hasIn;
  }
  protected canSend(): boolean {
    return true;
  }
}

/**
 * SUB: XSUB with `subscribe()`/`unsubscribe()`, filtering on receive too (a
 * publisher that ignores subscriptions still cannot flood us with other topics).
 */
export class Subscriber extends XSubscriber {
  static override ownOptions = { conflate: option.bool(false), invertMatching: option.bool(false) };

  constructor(options?: SocketOptions<Subscriber>) {
    super(options, 'SUB');
  }

  /** Subscribes to messages whose first frame starts with any of the prefixes (none: everything). */
  subscribe(...prefixes: Array<string | Uint8Array>): void {
    this.assertOpen();
    if (prefixes.length === 0) prefixes = [''];
    for (const prefix of prefixes) this.subscription(true, asBytes(prefix));
  }

  /** Cancels subscriptions made with `subscribe` (none: the subscribe-all one). */
  unsubscribe(...prefixes: Array<string | Uint8Array>): void {
    this.assertOpen();
    if (prefixes.length === 0) prefixes = [''];
    for (const prefix of prefixes) this.subscription(false, asBytes(prefix));
  }

  protected override trySend(): boolean {
    throw new ZmqError('ENOTSUP', 'SUB sockets cannot send; use subscribe(), or an XSUB socket');
  }

  protected override tryReceive(): Message | undefined {
    for (let message = super.tryReceive(); message; message = super.tryReceive()) {
      if (this.wanted(message)) return message;
    }
    return undefined;
  }

  private wanted(message: Message): boolean {
    const matches = this.subscriptions.matches(message[0]);
    return this.getOption('invertMatching') ? !matches : matches;
  }
}
defineOptionAccessors(Subscriber.prototype, ['conflate', 'invertMatching']);
export interface Subscriber {
  conflate: boolean;
  invertMatching: boolean;
}

function subscriptionFrame(kind: number, topic: Uint8Array): Uint8Array {
  const frame = allocBytes(topic.length + 1);
  frame[0] = kind;
  frame.set(topic, 1);
  return frame;
}
