import { ZmqError } from '../errors.js';
import type { Message } from '../message.js';
import type { Pipe } from '../pipe.js';
import { allocBytes, bytesFromString, wrapBytes } from '../platform.js';
import { defineOptionAccessors, Socket } from '../socket-base.js';
import { option } from '../socket-options.js';
import type { SocketOptions } from './push.js';
import { Subscriptions } from './subscriptions.js';
import { Queue } from '../queue.js';

const maxQueuedSubscriptions = 10_000;

/**
 * XPUB: publishes to the peers whose subscriptions match (prefix of frame 0), drops
 * per peer when one is full (or waits with `noDrop`), and passes subscriptions up
 * to the application as `0x01 topic` / `0x00 topic` messages.
 */
export class XPublisher extends Socket {
  static override ownOptions = {
    noDrop: option.bool(false),
    manual: option.bool(false),
    welcomeMessage: option.string(null),
    invertMatching: option.bool(false),
    verbose: option.bool(false),
    verboser: option.bool(false),
    conflate: option.bool(false),
    verbosity: option.custom(null, (v) =>
      v === null || v === 'allSubs' || v === 'allSubsUnsubs' ? undefined : 'null, "allSubs" or "allSubsUnsubs"',
    ),
  };
  protected readonly subscriptions = new Subscriptions<Pipe>();
  private readonly pipes = new Set<Pipe>();
  /** Subscription messages for the application (XPUB only). */
  private readonly upstream = new Queue<Message>();
  /** The pipe whose subscription the application saw last (manual mode). */
  private lastSubscriber: Pipe | undefined;
  /** Non-subscription messages from XSUB peers reach the application. */
  protected passesUpstream = true;

  constructor(options?: SocketOptions<XPublisher>, socketType = 'XPUB') {
    super(socketType, options);
  }

  /** Manual mode: subscribes the peer whose subscription was received last. */
  subscribe(...topics: Array<string | Uint8Array>): void {
    const pipe = this.lastSubscriber;
    if (!pipe) return;
    for (const topic of topics) this.subscriptions.add(asBytes(topic), pipe);
  }

  /** Manual mode: unsubscribes the peer whose subscription was received last. */
  unsubscribe(...topics: Array<string | Uint8Array>): void {
    const pipe = this.lastSubscriber;
    if (!pipe) return;
    for (const topic of topics) this.subscriptions.remove(asBytes(topic), pipe);
  }

  protected override optionChanged(name: string): void {
    if (name === 'verbosity') {
      const verbosity = this.getOption('verbosity');
      this.values.verbose = verbosity !== null;
      this.values.verboser = verbosity === 'allSubsUnsubs';
    }
  }

  protected attachPipe(pipe: Pipe): void {
    this.pipes.add(pipe);
  }

  protected override pipeConnected(pipe: Pipe): void {
    const welcome = this.getOption('welcomeMessage') as string | null;
    if (welcome !== null) pipe.forceWrite([bytesFromString(welcome)]);
  }

  protected detachPipe(pipe: Pipe): void {
    this.pipes.delete(pipe);
    if (this.lastSubscriber === pipe) this.lastSubscriber = undefined;
    const gone = this.subscriptions.removeOwner(pipe);
    if (!this.getOption('manual')) {
      for (const topic of gone) this.queueUpstream(0, topic);
    }
  }

  protected readActivated(pipe: Pipe): void {
    for (let message = pipe.read(); message; message = pipe.read()) this.fromSubscriber(pipe, message);
  }

  private fromSubscriber(pipe: Pipe, message: Message): void {
    const first = message[0];
    const isSubscription = message.length === 1 && first.length > 0 && (first[0] === 1 || first[0] === 0);
    if (!isSubscription) {
      if (this.passesUpstream) this.pushUpstream(message);
      return;
    }
    const subscribe = first[0] === 1;
    const topic = first.subarray(1);
    const manual = this.getOption('manual') as boolean;
    let unique: boolean;
    if (manual) {
      unique = true;
    } else if (subscribe) {
      unique = this.subscriptions.add(topic, pipe);
    } else {
      unique = this.subscriptions.remove(topic, pipe);
    }
    this.lastSubscriber = pipe;
    const verbose = this.getOption('verbose') as boolean;
    const verboser = this.getOption('verboser') as boolean;
    if (unique || (subscribe && (verbose || verboser)) || (!subscribe && verboser)) {
      this.queueUpstream(subscribe ? 1 : 0, topic);
    }
  }

  private queueUpstream(kind: number, topic: Uint8Array): void {
    const frame = allocBytes(topic.length + 1);
    frame[0] = kind;
    frame.set(topic, 1);
    this.pushUpstream([frame]);
  }

  private pushUpstream(message: Message): void {
    if (!this.passesUpstream) return;
    if (this.upstream.length >= maxQueuedSubscriptions) return; // bounded: the application is not reading
    this.upstream.push(message);
    this.signalReadable();
  }

  protected writeActivated(): void {}

  protected trySend(message: Message): boolean {
    const topic = message[0];
    const targets: Pipe[] = [];
    if (this.getOption('invertMatching')) {
      const matching = new Set<Pipe>();
      this.subscriptions.match(topic, (pipe) => matching.add(pipe));
      for (const pipe of this.pipes) if (!matching.has(pipe)) targets.push(pipe);
    } else {
      this.subscriptions.match(topic, (pipe) => targets.push(pipe));
    }
    if (this.getOption('noDrop')) {
      // reserve(): a full pipe wakes the waiting send when it drains.
      for (const pipe of targets) if (!pipe.reserve()) return false;
    }
    for (const pipe of targets) pipe.write(message); // a full peer misses this one (libzmq drops)
    return true;
  }

  protected tryReceive(): Message | undefined {
    if (!this.passesUpstream) throw new ZmqError('ENOTSUP', 'PUB sockets cannot receive; use an XPUB socket');
    return this.upstream.shift();
  }
  protected hasIncoming(): boolean {
    return this.upstream.length > 0;
  }
  protected canSend(): boolean {
    return true;
  }
}
defineOptionAccessors(XPublisher.prototype, Object.keys(XPublisher.ownOptions));
export interface XPublisher {
  noDrop: boolean;
  manual: boolean;
  welcomeMessage: string | null;
  invertMatching: boolean;
  verbose: boolean;
  verboser: boolean;
  verbosity: null | 'allSubs' | 'allSubsUnsubs';
  conflate: boolean;
}

/** PUB: XPUB without the upstream direction. */
export class Publisher extends XPublisher {
  constructor(options?: SocketOptions<Publisher>) {
    super(options, 'PUB');
    this.passesUpstream = false;
  }
}

export function asBytes(topic: string | Uint8Array): Uint8Array {
  return typeof topic === 'string' ? bytesFromString(topic) : wrapBytes(topic);
}

