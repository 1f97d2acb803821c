import type { Engine, PeerInfo } from './contracts/engine.js';
import type { SchedulerEntryOptions } from './contracts/scheduler.js';
import type { Message } from './message.js';
import { Queue } from './queue.js';

/** What a pipe tells the socket that owns it. */
export interface PipeOwner {
  /** Inbound messages became available. */
  pipeReadable(pipe: Pipe): void;
  /** The pipe can take outbound messages again (it was full, or it just got a peer). */
  pipeWritable(pipe: Pipe): void;
  /** The peer is gone for good; the pipe may still hold inbound messages to read. */
  pipeTerminated(pipe: Pipe): void;
}

export interface PipeOptions {
  readonly sendHighWaterMark: number;
  readonly receiveHighWaterMark: number;
  readonly conflate: boolean;
  readonly scheduling: SchedulerEntryOptions;
}

const noId = new Uint8Array(0);

/**
 * The bounded queue pair between a socket and one peer (libzmq's pipe_t). Outbound
 * messages wait here while the engine is busy or not yet connected; inbound ones wait
 * for the application. Counting is in whole messages, so multipart stays atomic.
 */
export class Pipe {
  /** The peer's routing id as the owning socket knows it (Router). */
  routingId: Uint8Array = noId;
  /** What the handshake told us about the peer (undefined before the first one). */
  peer: PeerInfo | undefined;
  /** The peer is gone for good (inbound messages may still wait to be read). */
  terminated = false;

  private readonly outbound = new Queue<Message>();
  private readonly inbound = new Queue<Message>();
  private engine: Engine | undefined;
  private engineBusy = false;
  private inputPaused = false;
  private blocked = false;

  constructor(
    private readonly owner: PipeOwner,
    /** The endpoint this pipe belongs to (connect address or bound endpoint). */
    readonly endpoint: string,
    readonly options: PipeOptions,
  ) {}

  /** True when an engine (a live, handshaken connection) is attached. */
  get connected(): boolean {
    return this.engine !== undefined;
  }

  get pendingInbound(): number {
    return this.inbound.length;
  }

  /** Whether `write` would accept a message now. */
  get writable(): boolean {
    if (this.terminated) return false;
    const hwm = this.options.sendHighWaterMark;
    return this.options.conflate || hwm <= 0 || this.outbound.length < hwm;
  }

  /** Like `writable`, but a full pipe then reports `pipeWritable` once it has room again. */
  reserve(): boolean {
    if (this.writable) return true;
    this.blocked = true;
    return false;
  }

  /** Queues a message for the peer. Returns false (and keeps nothing) when full. */
  write(message: Message): boolean {
    if (!this.reserve()) return false;
    this.enqueue(message, this.options.conflate);
    return true;
  }

  /** Queues a control message (a subscription) even when the pipe is full. */
  forceWrite(message: Message): void {
    if (!this.terminated) this.enqueue(message, false);
  }

  /** Straight to an idle engine when nothing waits ahead of it, else into the queue. */
  private enqueue(message: Message, replace: boolean): void {
    if (this.engine && !this.engineBusy && this.outbound.length === 0) {
      this.engineBusy = !this.engine.write(message);
    } else if (replace) {
      this.outbound.replace(message);
    } else {
      this.outbound.push(message);
    }
  }

  /** Takes the next inbound message. */
  read(): Message | undefined {
    const message = this.inbound.shift();
    if (message && this.inputPaused && this.inbound.length <= this.lowWaterMark(this.options.receiveHighWaterMark)) {
      this.inputPaused = false;
      this.engine?.resume();
    }
    return message;
  }

  /** Drops queued outbound messages (XSUB replaces stale subscriptions after a reconnect). */
  discardOutbound(): void {
    this.outbound.clear();
  }

  // ---- session side -------------------------------------------------------

  /** A handshaken engine now serves this pipe; queued messages go out on `flush()`. */
  attach(engine: Engine, peer: PeerInfo): void {
    this.engine = engine;
    this.peer = peer;
    this.engineBusy = false;
    this.inputPaused = false;
  }

  /** The engine is gone; outbound messages stay queued for the next one. */
  detach(): void {
    this.engine = undefined;
    this.engineBusy = false;
  }

  /** A message arrived from the peer. */
  deliver(message: Message): void {
    if (this.terminated) return;
    const wasEmpty = this.inbound.length === 0;
    if (this.options.conflate) this.inbound.replace(message);
    else this.inbound.push(message);
    const hwm = this.options.receiveHighWaterMark;
    if (!this.inputPaused && hwm > 0 && this.inbound.length >= hwm && !this.options.conflate) {
      this.inputPaused = true;
      this.engine?.pause();
    }
    if (wasEmpty) this.owner.pipeReadable(this);
  }

  /** The engine can take more. */
  drained(): void {
    this.engineBusy = false;
    this.flush();
  }

  /** The peer is gone for good. */
  terminate(): void {
    if (this.terminated) return;
    this.terminated = true;
    this.engine = undefined;
    this.outbound.clear();
    this.owner.pipeTerminated(this);
  }

  /** Whether unsent messages remain (for linger). */
  get hasUnsent(): boolean {
    return this.outbound.length > 0 || this.engineBusy;
  }

  /** Hands queued messages to the engine while it takes them. */
  flush(): void {
    const engine = this.engine;
    if (!engine) return;
    while (!this.engineBusy && this.outbound.length > 0) {
      this.engineBusy = !engine.write(this.outbound.shift()!);
    }
    if (this.blocked && this.writableBelowLowWater()) {
      this.blocked = false;
      this.owner.pipeWritable(this);
    }
  }

  private writableBelowLowWater(): boolean {
    const hwm = this.options.sendHighWaterMark;
    return hwm <= 0 || this.outbound.length <= this.lowWaterMark(hwm);
  }

  private lowWaterMark(hwm: number): number {
    return Math.max(0, hwm - Math.max(1, Math.floor((hwm + 1) / 2)));
  }
}
