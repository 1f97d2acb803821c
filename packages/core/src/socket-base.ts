import type { Listener, TransportOptions } from './contracts/transport.js';
import type { SchedulerEntryOptions, Scheduler } from './contracts/scheduler.js';
import type { Authenticator } from './contracts/mechanism.js';
import { getDefaultContext, type Context } from './context.js';
import { splitEndpoint } from './endpoint.js';
import { AgainError, InvalidArgumentError, TerminatedError, ZmqError } from './errors.js';
import { toMessage, type Message, type MessageLike } from './message.js';
import { Observer, type SocketEvent } from './observer.js';
import { Pipe, type PipeOwner } from './pipe.js';
import { bytesFromString } from './platform.js';
import { AcceptedSession, ConnectSession, type ConnectPolicy, type Session, type SessionOwner } from './session.js';
import { checkOption, commonOptions, onPluginOption, pluginOptions, type OptionSpec } from './socket-options.js';
import { buildLocalMetadata } from './zmtp/local-metadata.js';
import type { ZmtpEngineOptions } from './zmtp/engine.js';

/** Per-endpoint options for `bind` and `connect`: scheduling, and Router's routing id. */
export interface EndpointOptions {
  /** 1 (highest) to 16 (lowest), for priority schedulers; default 8. */
  priority?: number;
  /** Relative share for weighted schedulers; default 1. */
  weight?: number;
}

/** One entry of `socket.endpoints`. */
export interface EndpointInfo {
  /** For a bind, the real address (`tcp://127.0.0.1:41235`); for a connect, the one given. */
  readonly address: string;
  readonly kind: 'bind' | 'connect';
  /** As given to bind/connect, or the default (8). */
  readonly priority: number;
  /** As given to bind/connect, or the default (1). */
  readonly weight: number;
}

interface Bound {
  listener: Listener;
  sessions: Set<Session>;
  scheduling: SchedulerEntryOptions;
}

interface PendingOperation<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
  timer?: ReturnType<typeof setTimeout>;
}

const defaultScheduling: SchedulerEntryOptions = { priority: 8, weight: 1 };

/**
 * What every socket type shares: options, endpoints, sessions, the promise API,
 * events and closing. Socket types implement the routing hooks at the bottom.
 */
export abstract class Socket implements PipeOwner, SessionOwner, AsyncIterable<Message> {
  /** Events of this socket (`socket.events.on('accept', ...)` or `for await`). */
  readonly events = new Observer();
  readonly context: Context;
  /** The libzmq socket type name (`PUSH`, `ROUTER`, ...). */
  readonly socketType: string;
  /** The last endpoint bound, with the real port. */
  lastEndpoint: string | null = null;

  protected readonly values: Record<string, unknown> = {};
  private readonly bound = new Map<string, Bound>();
  private readonly connected = new Map<string, ConnectSession>();
  private readonly lingering = new Set<Session>();
  private sending: (PendingOperation<void> & { message: Message }) | undefined;
  private receiving: PendingOperation<Message> | undefined;
  private retryScheduled = false;
  private isClosed = false;
  private constructed = false;

  protected constructor(socketType: string, options: Record<string, unknown> | undefined) {
    this.socketType = socketType;
    const { context, ...rest } = options ?? {};
    if (context !== undefined && !(context instanceof Object && 'transportFor' in (context as object))) {
      throw new InvalidArgumentError('Option "context" must be a Context');
    }
    this.context = (context as Context | undefined) ?? getDefaultContext();
    for (const [name, spec] of Object.entries(this.optionSpecs())) this.values[name] = spec.default;
    for (const [name, value] of Object.entries(rest)) this.setOption(name, value);
    this.constructed = true;
  }

  // ---- options --------------------------------------------------------------

  /** Option specs of this socket type (common ones plus its own). */
  protected optionSpecs(): Record<string, OptionSpec> {
    return { ...commonOptions, ...pluginOptions, ...(this.constructor as typeof Socket).ownOptions };
  }

  /** Options only this socket type has; subclasses override. */
  static ownOptions: Record<string, OptionSpec> = {};

  /** @internal */
  getOption(name: string): unknown {
    return this.values[name];
  }

  /** @internal */
  setOption(name: string, value: unknown): void {
    if (name === 'scheduler' && this.constructed) {
      // The routing strategy builds its schedulers in the constructor.
      throw new InvalidArgumentError('Option "scheduler" can only be set in the constructor: new Push({ scheduler })');
    }
    checkOption(this.socketType, name, this.optionSpecs()[name], value);
    this.values[name] = value;
    this.optionChanged(name);
  }

  /** Hook for options that act at once (Subscriber's invertMatching, ...). */
  protected optionChanged(_name: string): void {}

  get closed(): boolean {
    return this.isClosed;
  }

  /** True when a `receive()` would complete at once. */
  get readable(): boolean {
    return !this.isClosed && this.hasIncoming();
  }

  /** True when a `send()` would complete at once. */
  get writable(): boolean {
    return !this.isClosed && this.canSend();
  }

  // ---- endpoints ------------------------------------------------------------

  /** The bound and connected endpoints with their priority and weight (ours; zeromq.js has none). */
  get endpoints(): EndpointInfo[] {
    const list: EndpointInfo[] = [];
    for (const bound of new Set(this.bound.values())) {
      list.push({ address: bound.listener.endpoint, kind: 'bind', ...bound.scheduling });
    }
    for (const [address, session] of this.connected) list.push({ address, kind: 'connect', ...session.scheduling });
    return list;
  }

  /** Binds to an endpoint; resolves with `lastEndpoint` set to the real address. */
  async bind(address: string, options: EndpointOptions = {}): Promise<void> {
    this.assertOpen();
    const { scheme } = splitEndpoint(address);
    const transport = this.context.transportFor(scheme);
    const scheduling = this.schedulingFrom(options);
    const sessions = new Set<Session>();
    let listener: Listener | undefined;
    try {
      listener = await transport.listen(address, this.transportOptions(), (stream) => {
        if (this.isClosed) {
          if ('destroy' in stream) stream.destroy();
          return;
        }
        // A transport may accept while listen() is still returning (inproc connects
        // that were waiting for this bind), before the real endpoint is known.
        const endpoint = listener?.endpoint ?? address;
        const peer = 'remoteAddress' in stream ? (stream.remoteAddress as string) : endpoint;
        sessions.add(new AcceptedSession(this, endpoint, scheduling, peer, transport, stream));
      });
    } catch (error) {
      this.emit({ type: 'bind:error', address, error: error as Error });
      throw error;
    }
    if (this.isClosed) {
      await listener.close();
      throw new TerminatedError('The socket was closed while binding');
    }
    const bound: Bound = { listener, sessions, scheduling };
    this.bound.set(listener.endpoint, bound);
    if (listener.endpoint !== address) this.bound.set(address, bound);
    this.lastEndpoint = listener.endpoint;
    this.emit({ type: 'bind', address: listener.endpoint });
  }

  /** Stops listening on an endpoint (the one given to bind, or the real one) and closes its connections. */
  async unbind(address: string): Promise<void> {
    this.assertOpen();
    const bound = this.bound.get(address);
    if (!bound) throw new ZmqError('ENOENT', `Not bound to "${address}"; bound: ${[...this.bound.keys()].join(', ') || 'none'}`);
    for (const [key, value] of this.bound) if (value === bound) this.bound.delete(key);
    await bound.listener.close();
    for (const session of [...bound.sessions]) session.stop(false);
    this.emit({ type: 'close', address: bound.listener.endpoint });
  }

  /** Connects to an endpoint, now and whenever the connection drops. Returns at once. */
  connect(address: string, options: EndpointOptions = {}): void {
    this.assertOpen();
    const { scheme } = splitEndpoint(address);
    const transport = this.context.transportFor(scheme);
    if (transport.capabilities.listenOnly) {
      throw new InvalidArgumentError(`"${scheme}://" endpoints can only be bound, not connected`);
    }
    transport.checkEndpoint?.(address, 'dial');
    this.validateConnect(address, options);
    if (this.connected.has(address)) this.connected.get(address)!.stop(false);
    this.connected.set(address, new ConnectSession(this, address, this.schedulingFrom(options), transport));
  }

  /** Stops connecting to an endpoint and closes its connection. */
  disconnect(address: string): void {
    this.assertOpen();
    const session = this.connected.get(address);
    if (!session) throw new ZmqError('ENOENT', `Not connected to "${address}"`);
    this.connected.delete(address);
    session.stop(false);
  }

  /** Hook for Router's `routingId` connect option. */
  protected validateConnect(_address: string, _options: EndpointOptions): void {}

  private schedulingFrom(options: EndpointOptions): SchedulerEntryOptions {
    const priority = options.priority ?? defaultScheduling.priority;
    const weight = options.weight ?? defaultScheduling.weight;
    if (!Number.isInteger(priority) || priority < 1 || priority > 16) {
      throw new InvalidArgumentError(`Endpoint option "priority" must be an integer from 1 (highest) to 16; got ${priority}`);
    }
    if (!Number.isInteger(weight) || weight < 1) {
      throw new InvalidArgumentError(`Endpoint option "weight" must be a positive integer; got ${weight}`);
    }
    return { priority, weight };
  }

  // ---- messages ---------------------------------------------------------------

  /**
   * Queues a message (one part or an array of parts). Resolves once queued; waits while
   * the socket is in mute state, up to `sendTimeout`. Only one send may be pending.
   */
  send(message: MessageLike | readonly MessageLike[]): Promise<void> {
    if (this.isClosed) return Promise.reject(new TerminatedError('The socket is closed'));
    if (this.sending) {
      return Promise.reject(new ZmqError('EBUSY', 'A send is already pending; await it before sending again'));
    }
    try {
      const parts = toMessage(message);
      if (this.trySend(parts)) return Promise.resolve();
      const timeout = this.values.sendTimeout as number;
      if (timeout === 0) return Promise.reject(new AgainError('The socket cannot send now (mute state)'));
      return new Promise<void>((resolve, reject) => {
        const pending: PendingOperation<void> & { message: Message } = { message: parts, resolve, reject };
        this.sending = pending;
        if (timeout > 0) {
          pending.timer = setTimeout(() => {
            if (this.sending !== pending) return;
            this.sending = undefined;
            reject(new AgainError(`The send timed out after ${timeout} ms (sendTimeout)`));
          }, timeout);
        }
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Resolves with the next message's parts; waits up to `receiveTimeout`. */
  receive(): Promise<Message> {
    if (this.isClosed) return Promise.reject(new TerminatedError('The socket is closed'));
    if (this.receiving) {
      return Promise.reject(new ZmqError('EBUSY', 'A receive is already pending; await it before receiving again'));
    }
    try {
      const message = this.tryReceive();
      if (message) return Promise.resolve(message);
    } catch (error) {
      return Promise.reject(error);
    }
    const timeout = this.values.receiveTimeout as number;
    if (timeout === 0) return Promise.reject(new AgainError('No message is available (receiveTimeout 0)'));
    return new Promise<Message>((resolve, reject) => {
      const pending: PendingOperation<Message> = { resolve, reject };
      this.receiving = pending;
      if (timeout > 0) {
        pending.timer = setTimeout(() => {
          if (this.receiving !== pending) return;
          this.receiving = undefined;
          reject(new AgainError(`The receive timed out after ${timeout} ms (receiveTimeout)`));
        }, timeout);
      }
    });
  }

  /** `for await (const [part] of socket)`: ends when the socket closes. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Message, void, undefined> {
    while (!this.isClosed) {
      try {
        yield await this.receive();
      } catch (error) {
        if (this.isClosed && (error as ZmqError).code === 'ETERM') return;
        throw error;
      }
    }
  }

  /**
   * Closes the socket. Pending sends and receives reject with ETERM. Queued outbound
   * messages on live connections are flushed for up to `linger` ms (-1: until sent).
   */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    const error = new TerminatedError('The socket was closed');
    this.settleReceive(undefined, error);
    this.settleSend(error);
    const linger = this.values.linger as number;
    for (const bound of new Set(this.bound.values())) {
      void bound.listener.close().catch(() => undefined);
      for (const session of bound.sessions) this.closeSession(session, linger);
    }
    this.bound.clear();
    for (const session of this.connected.values()) this.closeSession(session, linger);
    this.connected.clear();
    this.closeRouting();
    if (this.lingering.size === 0) this.emitEnd();
  }

  private closeSession(session: Session, linger: number): void {
    if (linger === 0 || !session.hasUnsent) {
      session.stop(linger !== 0);
      return;
    }
    this.lingering.add(session);
    session.linger(linger, () => {
      this.lingering.delete(session);
      if (this.lingering.size === 0) this.emitEnd();
    });
  }

  private emitEnd(): void {
    this.emit({ type: 'end' });
  }

  // ---- session owner ---------------------------------------------------------

  /** @internal */
  connectPolicy(): ConnectPolicy {
    const interval = this.values.reconnectInterval as number;
    return {
      immediate: this.values.immediate as boolean,
      reconnectInterval: interval <= 0 ? -1 : interval,
      reconnectMaxInterval: this.values.reconnectMaxInterval as number,
    };
  }

  /** @internal */
  emit(event: SocketEvent): void {
    this.events.emit(event);
  }

  /** @internal */
  transportOptions(): TransportOptions {
    return { socket: this.values, socketType: this.socketType };
  }

  /** @internal */
  engineOptions(): ZmtpEngineOptions {
    const routingId = this.values.routingId as string | null;
    const metadata = this.values.metadata as Record<string, string> | undefined;
    const interval = this.values.heartbeatInterval as number;
    const timeout = this.values.heartbeatTimeout as number;
    return {
      socketType: this.socketType,
      localMetadata: buildLocalMetadata(
        this.socketType,
        routingId === null ? undefined : bytesFromString(routingId),
        metadata ? new Map(Object.entries(metadata).map(([k, v]) => [k, bytesFromString(v)])) : undefined,
      ),
      mechanism: this.context.mechanismFor(this.values),
      socketOptions: this.values,
      authenticate: this.values.authenticator as Authenticator | undefined,
      zapDomain: this.values.zapDomain as string,
      handshakeInterval: this.values.handshakeInterval as number,
      heartbeatInterval: interval,
      heartbeatTimeToLive: this.values.heartbeatTimeToLive as number,
      heartbeatTimeout: timeout < 0 ? interval : timeout,
      maxMessageSize: this.values.maxMessageSize as number,
    };
  }

  /** @internal */
  openPipe(endpoint: string, scheduling: SchedulerEntryOptions): Pipe {
    const pipe = new Pipe(this, endpoint, {
      sendHighWaterMark: this.values.sendHighWaterMark as number,
      receiveHighWaterMark: this.values.receiveHighWaterMark as number,
      conflate: this.values.conflate === true,
      scheduling,
    });
    this.attachPipe(pipe);
    this.signalWritable();
    return pipe;
  }

  /** @internal */
  pipeHandshaken(pipe: Pipe): void {
    this.pipeConnected(pipe);
    this.signalWritable();
  }

  /** @internal */
  sessionClosed(session: Session): void {
    for (const bound of this.bound.values()) bound.sessions.delete(session);
  }

  // ---- pipe owner ------------------------------------------------------------

  /** @internal */
  pipeReadable(pipe: Pipe): void {
    this.readActivated(pipe);
    this.signalReadable();
  }

  /** @internal */
  pipeWritable(pipe: Pipe): void {
    this.writeActivated(pipe);
    this.signalWritable();
  }

  /** @internal */
  pipeTerminated(pipe: Pipe): void {
    this.detachPipe(pipe);
    this.signalWritable();
  }

  /** Socket types call this when a receive may now succeed. */
  protected signalReadable(): void {
    const pending = this.receiving;
    if (!pending) return;
    let message: Message | undefined;
    try {
      message = this.tryReceive();
    } catch (error) {
      this.settleReceive(undefined, error);
      return;
    }
    if (message) this.settleReceive(message);
  }

  /** Socket types call this when a send may now succeed. Retries on a microtask to avoid re-entrance. */
  protected signalWritable(): void {
    if (!this.sending || this.retryScheduled) return;
    this.retryScheduled = true;
    queueMicrotask(() => {
      this.retryScheduled = false;
      const pending = this.sending;
      if (!pending || this.isClosed) return;
      try {
        if (this.trySend(pending.message)) this.settleSend();
      } catch (error) {
        this.settleSend(error);
      }
    });
  }

  private settleSend(error?: unknown): void {
    const pending = this.sending;
    if (!pending) return;
    this.sending = undefined;
    if (pending.timer) clearTimeout(pending.timer);
    if (error) pending.reject(error);
    else pending.resolve();
  }

  private settleReceive(message: Message | undefined, error?: unknown): void {
    const pending = this.receiving;
    if (!pending) return;
    this.receiving = undefined;
    if (pending.timer) clearTimeout(pending.timer);
    if (error) pending.reject(error);
    else pending.resolve(message!);
  }

  protected assertOpen(): void {
    if (this.isClosed) throw new TerminatedError('The socket is closed');
  }

  /** A scheduler for load balancing (`out`) or fair queueing (`in`), per the `scheduler` option. */
  protected createScheduler(direction: 'out' | 'in'): Scheduler<Pipe> {
    return this.context.schedulerFor(this.values.scheduler as string)<Pipe>(direction);
  }

  // ---- routing hooks (socket types) -------------------------------------------

  /** A new pipe joins (at connect time when `immediate` is off, else at handshake). */
  protected abstract attachPipe(pipe: Pipe): void;
  /** A pipe's handshake completed (first time, and again after each reconnect). */
  protected pipeConnected(_pipe: Pipe): void {}
  /** A pipe has inbound messages. */
  protected abstract readActivated(pipe: Pipe): void;
  /** A pipe can take outbound messages again. */
  protected abstract writeActivated(pipe: Pipe): void;
  /** A pipe is gone. */
  protected abstract detachPipe(pipe: Pipe): void;
  /** Sends now if the socket can (true), or reports mute state (false); throws EFSM etc. */
  protected abstract trySend(message: Message): boolean;
  /** A message if one is ready. */
  protected abstract tryReceive(): Message | undefined;
  /** Whether tryReceive would return a message. */
  protected abstract hasIncoming(): boolean;
  /** Whether trySend would succeed now. */
  protected abstract canSend(): boolean;
  /** Releases routing state on close. */
  protected closeRouting(): void {}
}

/** Defines `socket.name` accessors for options, as zeromq.js has them. */
export function defineOptionAccessors(prototype: object, names: Iterable<string>): void {
  for (const name of names) {
    Object.defineProperty(prototype, name, {
      get(this: Socket) {
        return this.getOption(name);
      },
      set(this: Socket, value: unknown) {
        this.setOption(name, value);
      },
      configurable: true,
      enumerable: true,
    });
  }
}

defineOptionAccessors(Socket.prototype, Object.keys(commonOptions));
onPluginOption((name) => {
  if (!(name in Socket.prototype)) defineOptionAccessors(Socket.prototype, [name]);
});

/** Type declarations for the common option accessors. */
export interface Socket {
  sendHighWaterMark: number;
  receiveHighWaterMark: number;
  sendTimeout: number;
  receiveTimeout: number;
  linger: number;
  immediate: boolean;
  reconnectInterval: number;
  reconnectMaxInterval: number;
  handshakeInterval: number;
  heartbeatInterval: number;
  heartbeatTimeToLive: number;
  heartbeatTimeout: number;
  maxMessageSize: number;
  routingId: string | null;
  zapDomain: string;
  plainServer: boolean;
  plainUsername: string | null;
  plainPassword: string | null;
  backlog: number;
  ipv6: boolean;
  tcpKeepalive: number;
  tcpKeepaliveCount: number;
  tcpKeepaliveIdle: number;
  tcpKeepaliveInterval: number;
  authenticator: Authenticator | undefined;
  scheduler: string;
  metadata: Record<string, string> | undefined;
}
