import { InvalidArgumentError, ZmqError } from '../errors.js';
import type { Message } from '../message.js';
import type { Pipe } from '../pipe.js';
import { bytesFromString, wrapBytes } from '../platform.js';
import { defineOptionAccessors, Socket, type EndpointOptions } from '../socket-base.js';
import { option } from '../socket-options.js';
import { FairQueue } from './fair-queue.js';
import type { SocketOptions } from './push.js';
import { RoutingIdGenerator, routingKey } from './routing-id.js';

export interface RouterConnectOptions extends EndpointOptions {
  /** The routing id this ROUTER uses for the peer at this endpoint. */
  routingId?: string;
}

/**
 * ROUTER: prefixes each received message with the peer's routing id, and routes
 * sent messages by their first frame. Unroutable messages are dropped unless
 * `mandatory` is set (then EHOSTUNREACH).
 */
export class Router extends Socket {
  static override ownOptions = {
    mandatory: option.bool(false),
    handover: option.bool(false),
    probeRouter: option.bool(false),
  };
  private readonly fq = new FairQueue(this.createScheduler('in'));
  private readonly byId = new Map<string, Pipe>();
  private readonly connectIds = new Map<string, Uint8Array>();
  private readonly ids = new RoutingIdGenerator();

  constructor(options?: SocketOptions<Router>) {
    super('ROUTER', options);
  }

  override connect(address: string, options: RouterConnectOptions = {}): void {
    super.connect(address, options);
  }

  protected override validateConnect(address: string, options: RouterConnectOptions): void {
    if (options.routingId === undefined) return;
    const id = bytesFromString(options.routingId);
    if (id.length < 1 || id.length > 255 || id[0] === 0) {
      throw new InvalidArgumentError('Connect option "routingId" must be 1 to 255 bytes and not start with a zero byte');
    }
    if (this.byId.has(routingKey(id))) {
      throw new InvalidArgumentError(`Routing id "${options.routingId}" is already in use by another peer`);
    }
    this.connectIds.set(address, id);
  }

  protected attachPipe(pipe: Pipe): void {
    // A peer named at connect time is routable at once (messages queue until it
    // connects, as in libzmq); others are identified when their handshake completes.
    const id = this.connectIds.get(pipe.endpoint);
    if (id && !pipe.connected) this.register(pipe, wrapBytes(id));
  }

  protected override pipeConnected(pipe: Pipe): void {
    if (this.getOption('probeRouter')) pipe.forceWrite([new Uint8Array(0)]);
    if (this.connectIds.has(pipe.endpoint) && this.byId.get(routingKey(pipe.routingId)) === pipe) return;
    if (pipe.routingId.length > 0) this.byId.delete(routingKey(pipe.routingId));
    const id = this.identify(pipe);
    if (!id) return; // a duplicate id without handover: the peer gets no route (libzmq)
    this.register(pipe, id);
  }

  private register(pipe: Pipe, id: Uint8Array): void {
    pipe.routingId = id;
    this.byId.set(routingKey(id), pipe);
    this.fq.add(pipe);
    if (pipe.pendingInbound > 0) this.fq.activate(pipe);
    this.signalWritable();
  }

  private identify(pipe: Pipe): Uint8Array | undefined {
    const id = this.connectIds.get(pipe.endpoint) ?? pipe.peer?.identity;
    if (!id || id.length === 0) return this.ids.generate();
    const existing = this.byId.get(routingKey(id));
    if (existing && existing !== pipe) {
      if (!this.getOption('handover')) return undefined;
      // Handover: the new connection takes the id; the old one gets a made-up id.
      const fresh = this.ids.generate();
      existing.routingId = fresh;
      this.byId.set(routingKey(fresh), existing);
    }
    return wrapBytes(id);
  }

  protected detachPipe(pipe: Pipe): void {
    const key = routingKey(pipe.routingId);
    if (this.byId.get(key) === pipe) this.byId.delete(key);
    this.fq.remove(pipe);
  }
  protected readActivated(pipe: Pipe): void {
    if (this.byId.get(routingKey(pipe.routingId)) === pipe) this.fq.activate(pipe);
  }
  protected writeActivated(): void {}

  protected trySend(message: Message): boolean {
    if (message.length < 2) {
      throw new InvalidArgumentError('A ROUTER message needs the routing id as its first part, then the payload');
    }
    const pipe = this.byId.get(routingKey(message[0]));
    const mandatory = this.getOption('mandatory') as boolean;
    if (!pipe) {
      if (mandatory) throw new ZmqError('EHOSTUNREACH', 'No peer with that routing id (mandatory is set)');
      return true; // silently dropped, as libzmq does
    }
    const body = message.slice(1);
    if (pipe.write(body)) return true;
    return !mandatory; // full: drop, or wait when mandatory
  }

  protected tryReceive(): Message | undefined {
    const next = this.fq.receive();
    if (!next) return undefined;
    return [wrapBytes(next.pipe.routingId), ...next.message];
  }
  protected hasIncoming(): boolean {
    return this.fq.hasIn;
  }
  protected canSend(): boolean {
    return true;
  }
}
defineOptionAccessors(Router.prototype, ['mandatory', 'handover', 'probeRouter']);
export interface Router {
  mandatory: boolean;
  handover: boolean;
  probeRouter: boolean;
}
