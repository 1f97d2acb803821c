import type { Connection } from './contracts/connection.js';
import type { Engine, EngineCloseReason, EngineHost, PeerInfo } from './contracts/engine.js';
import type { SchedulerEntryOptions } from './contracts/scheduler.js';
import type { Transport, TransportOptions } from './contracts/transport.js';
import type { Message } from './message.js';
import type { SocketEvent } from './observer.js';
import type { Pipe } from './pipe.js';
import { createZmtpEngine, type ZmtpEngineOptions } from './zmtp/engine.js';

/** What sessions need from their socket. */
export interface ConnectPolicy {
  /** Only completed connections get pipes (no queueing for peers not yet connected). */
  readonly immediate: boolean;
  /** ms before redialing; -1 = never. */
  readonly reconnectInterval: number;
  /** ms cap of exponential backoff; 0 = none (jittered fixed interval). */
  readonly reconnectMaxInterval: number;
}

export interface SessionOwner {
  connectPolicy(): ConnectPolicy;
  emit(event: SocketEvent): void;
  transportOptions(): TransportOptions;
  engineOptions(): ZmtpEngineOptions;
  /** Makes a pipe and hands it to the routing strategy. */
  openPipe(endpoint: string, scheduling: SchedulerEntryOptions): Pipe;
  /** A handshake completed on `pipe` (first time or after a reconnect). */
  pipeHandshaken(pipe: Pipe): void;
  /** Whether an accepted peer may join (Router uses this to refuse duplicates). */
  sessionClosed(session: Session): void;
}

function engineFor(transport: Transport, stream: Connection | Engine, owner: SessionOwner): Engine {
  return transport.capabilities.kind === 'stream'
    ? createZmtpEngine(stream as Connection, owner.engineOptions())
    : (stream as Engine);
}

/** Base of both session kinds: runs one engine at a time for one pipe. */
export abstract class Session implements EngineHost {
  protected engine: Engine | undefined;
  protected pipe: Pipe | undefined;
  protected stopped = false;
  /** The current engine completed its handshake. */
  private handshaken = false;

  constructor(
    protected readonly owner: SessionOwner,
    readonly endpoint: string,
    /** Priority and weight of this endpoint (`socket.endpoints` reads them back). */
    readonly scheduling: SchedulerEntryOptions,
  ) {}

  /** The address events report for the current connection. */
  protected abstract get address(): string;

  ready(peer: PeerInfo): void {
    if (this.stopped) return;
    this.handshaken = true;
    this.pipe ??= this.owner.openPipe(this.endpoint, this.scheduling);
    this.pipe.attach(this.engine!, peer);
    this.owner.emit({ type: 'handshake', address: this.address, peer });
    // The socket may rewrite the queue first (XSUB replaces stale subscriptions).
    this.owner.pipeHandshaken(this.pipe);
    this.pipe.flush();
  }

  message(message: Message): void {
    this.pipe?.deliver(message);
  }

  drain(): void {
    this.pipe?.drained();
    if (this.lingerFinish && !this.hasUnsent) this.lingerFinish(true);
  }

  closed(reason: EngineCloseReason): void {
    const address = this.address;
    const duringHandshake = !this.handshaken;
    this.handshaken = false;
    this.engine = undefined;
    this.pipe?.detach();
    if (this.lingerFinish) {
      this.lingerFinish(false);
      return;
    }
    if (reason.kind === 'protocol' && reason.handshake) {
      this.owner.emit({ type: 'handshake:error:protocol', address, error: reason.error });
    } else if (reason.kind === 'auth') {
      this.owner.emit({ type: 'handshake:error:auth', address, error: reason.error });
    } else if (reason.kind === 'disconnected' && duringHandshake) {
      // libzmq reports a connection lost mid-handshake as HANDSHAKE_FAILED_NO_DETAIL.
      const error = reason.error ?? new Error(`The connection to ${address} closed before the handshake completed`);
      this.owner.emit({ type: 'handshake:error:other', address, error });
    }
    if (reason.kind !== 'local') {
      const error = reason.error;
      this.owner.emit(error ? { type: 'disconnect', address, error } : { type: 'disconnect', address });
    }
    this.engineGone();
  }

  /** Unsent outbound messages remain (linger waits for them). */
  get hasUnsent(): boolean {
    return this.pipe !== undefined && this.engine !== undefined && this.pipe.hasUnsent;
  }

  /**
   * Closing with linger: keep the connection until the pipe's queue is flushed or
   * `ms` pass (-1: no limit), then stop. Reconnecting stops at once.
   */
  linger(ms: number, done: () => void): void {
    this.onStop();
    const timer = ms > 0 ? setTimeout(() => finish(false), ms) : undefined;
    const finish = (graceful: boolean) => {
      if (timer) clearTimeout(timer);
      this.lingerFinish = undefined;
      this.stop(graceful);
      done();
    };
    this.lingerFinish = finish;
  }

  /** Set while lingering: ends the linger (gracefully once flushed). */
  private lingerFinish: ((graceful: boolean) => void) | undefined;

  /** Stops for good: no more reconnects; the pipe terminates. */
  stop(graceful: boolean): void {
    if (this.stopped) return;
    this.stopped = true;
    const engine = this.engine;
    this.engine = undefined;
    if (engine) {
      if (graceful) engine.close();
      else engine.destroy();
    }
    this.pipe?.terminate();
    this.pipe = undefined;
    this.onStop();
    this.owner.sessionClosed(this);
  }

  protected start(engine: Engine): void {
    this.engine = engine;
    engine.start(this);
  }

  protected abstract engineGone(): void;
  protected onStop(): void {}
}

/** An accepted connection: lives as long as the connection. */
export class AcceptedSession extends Session {
  constructor(
    owner: SessionOwner,
    endpoint: string,
    scheduling: SchedulerEntryOptions,
    private readonly peerAddress: string,
    transport: Transport,
    stream: Connection | Engine,
  ) {
    super(owner, endpoint, scheduling);
    owner.emit({ type: 'accept', address: peerAddress });
    this.start(engineFor(transport, stream, owner));
  }

  protected get address(): string {
    return this.peerAddress;
  }

  protected engineGone(): void {
    this.stop(false);
  }
}

/** A `connect()`ed endpoint: dials, and redials with backoff while not stopped. */
export class ConnectSession extends Session {
  private attempt: AbortController | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private currentInterval: number;

  constructor(
    owner: SessionOwner,
    endpoint: string,
    scheduling: SchedulerEntryOptions,
    private readonly transport: Transport,
  ) {
    super(owner, endpoint, scheduling);
    this.currentInterval = owner.connectPolicy().reconnectInterval;
    // With immediate off, messages queue for this peer before it is connected (libzmq).
    if (!owner.connectPolicy().immediate) this.pipe = owner.openPipe(endpoint, scheduling);
    this.dial();
  }

  protected get address(): string {
    return this.endpoint;
  }

  private dial(): void {
    if (this.stopped) return;
    const attempt = (this.attempt = new AbortController());
    this.owner.emit({ type: 'connect:delay', address: this.endpoint });
    const dialing = this.transport.dial(this.endpoint, this.owner.transportOptions(), attempt.signal) as Promise<
      Connection | Engine
    >;
    dialing.then(
      (stream) => {
        if (attempt.signal.aborted || this.stopped) {
          if ('destroy' in stream) stream.destroy();
          return;
        }
        this.attempt = undefined;
        this.currentInterval = this.owner.connectPolicy().reconnectInterval;
        this.owner.emit({ type: 'connect', address: this.endpoint });
        this.start(engineFor(this.transport, stream, this.owner));
      },
      () => {
        if (attempt.signal.aborted || this.stopped) return;
        this.attempt = undefined;
        this.scheduleRetry();
      },
    );
  }

  protected engineGone(): void {
    if (this.stopped) return;
    if (this.owner.connectPolicy().immediate && this.pipe) {
      const pipe = this.pipe;
      this.pipe = undefined;
      pipe.terminate();
    }
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const { reconnectInterval: base, reconnectMaxInterval: max } = this.owner.connectPolicy();
    if (base < 0 || this.stopped) return;
    let interval: number;
    if (max > base) {
      // Exponential backoff up to the maximum, as libzmq does when a maximum is set.
      interval = this.currentInterval;
      this.currentInterval = Math.min(max, this.currentInterval * 2);
    } else {
      // Jitter spreads out the reconnects of many peers after an outage.
      interval = base + Math.floor(Math.random() * base);
    }
    this.owner.emit({ type: 'connect:retry', address: this.endpoint, interval });
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.dial();
    }, interval);
  }

  protected override onStop(): void {
    this.attempt?.abort();
    this.attempt = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
