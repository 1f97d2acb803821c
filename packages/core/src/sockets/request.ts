import { StateError } from '../errors.js';
import type { Message } from '../message.js';
import type { Pipe } from '../pipe.js';
import { defineOptionAccessors, Socket } from '../socket-base.js';
import { option } from '../socket-options.js';
import { LoadBalancer } from './load-balancer.js';
import type { SocketOptions } from './push.js';

const empty = new Uint8Array(0);

/**
 * REQ: strict send/receive alternation (EFSM otherwise), round-robin requests,
 * and replies accepted only from the peer the request went to.
 */
export class Request extends Socket {
  static override ownOptions = {
    correlate: option.bool(false),
    relaxed: option.bool(false),
    probeRouter: option.bool(false),
  };
  private readonly lb = new LoadBalancer(this.createScheduler('out'));
  private replyPipe: Pipe | undefined;
  private expectingReply = false;
  private requestId = (Math.random() * 0xffffffff) >>> 0;
  private currentRequestId: Uint8Array | undefined;

  constructor(options?: SocketOptions<Request>) {
    super('REQ', options);
  }

  protected attachPipe(pipe: Pipe): void {
    this.lb.add(pipe);
  }
  protected override pipeConnected(pipe: Pipe): void {
    if (this.getOption('probeRouter')) pipe.forceWrite([empty]);
  }
  protected detachPipe(pipe: Pipe): void {
    this.lb.remove(pipe);
    if (this.replyPipe === pipe && pipe.pendingInbound === 0) this.replyPipe = undefined;
  }
  protected readActivated(pipe: Pipe): void {
    if (pipe !== this.replyPipe) this.discardFrom(pipe);
  }
  protected writeActivated(pipe: Pipe): void {
    this.lb.activate(pipe);
  }

  protected trySend(message: Message): boolean {
    if (this.expectingReply) {
      if (!this.getOption('relaxed')) {
        throw new StateError('A REQ socket must receive the reply before sending again (or set relaxed)');
      }
      this.expectingReply = false;
    }
    const envelope: Uint8Array[] = [];
    let id: Uint8Array | undefined;
    if (this.getOption('correlate')) {
      id = new Uint8Array(4);
      new DataView(id.buffer).setUint32(0, this.requestId, true);
      this.requestId = (this.requestId + 1) >>> 0;
      envelope.push(id);
    }
    envelope.push(empty);
    const pipe = this.lb.send([...envelope, ...message]);
    if (!pipe) return false;
    const previous = this.replyPipe;
    this.replyPipe = pipe;
    this.currentRequestId = id;
    this.expectingReply = true;
    if (previous && previous !== pipe) this.discardFrom(previous);
    return true;
  }

  protected tryReceive(): Message | undefined {
    if (!this.expectingReply) {
      throw new StateError('A REQ socket must send a request before receiving');
    }
    const pipe = this.replyPipe;
    if (!pipe) return undefined;
    for (let message = pipe.read(); message; message = pipe.read()) {
      const body = this.unwrap(message);
      if (body) {
        this.expectingReply = false;
        return body;
      }
    }
    return undefined;
  }

  /** The reply body if the envelope matches the request in flight; otherwise undefined (dropped). */
  private unwrap(message: Message): Message | undefined {
    let at = 0;
    if (this.currentRequestId) {
      const id = message[0];
      if (!id || id.length !== 4 || !sameBytes(id, this.currentRequestId)) return undefined;
      at = 1;
    }
    if (message.length <= at || message[at].length !== 0) return undefined;
    return message.slice(at + 1);
  }

  private discardFrom(pipe: Pipe): void {
    while (pipe.read()) {
      // replies from peers we are not waiting on are dropped (libzmq)
    }
  }

  protected hasIncoming(): boolean {
    return this.expectingReply && (this.replyPipe?.pendingInbound ?? 0) > 0;
  }
  protected canSend(): boolean {
    return (!this.expectingReply || this.getOption('relaxed') === true) && this.lb.hasOut;
  }
}
defineOptionAccessors(Request.prototype, ['correlate', 'relaxed', 'probeRouter']);
export interface Request {
  correlate: boolean;
  relaxed: boolean;
  probeRouter: boolean;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
