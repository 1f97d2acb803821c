import { ZmqError } from '../errors.js';
import type { Message } from '../message.js';
import type { Pipe } from '../pipe.js';
import { defineOptionAccessors, Socket } from '../socket-base.js';
import { option } from '../socket-options.js';
import { LoadBalancer } from './load-balancer.js';

/** PUSH: round-robins messages to its peers; blocks when all are full. */
export class Push extends Socket {
  static override ownOptions = { conflate: option.bool(false) };
  private readonly lb = new LoadBalancer(this.createScheduler('out'));

  constructor(options?: SocketOptions<Push>) {
    super('PUSH', options);
  }

  protected attachPipe(pipe: Pipe): void {
    this.lb.add(pipe);
  }
  protected detachPipe(pipe: Pipe): void {
    this.lb.remove(pipe);
  }
  protected readActivated(pipe: Pipe): void {
    pipe.read(); // PUSH ignores anything a peer sends
  }
  protected writeActivated(pipe: Pipe): void {
    this.lb.activate(pipe);
  }
  protected trySend(message: Message): boolean {
    return this.lb.send(message) !== undefined;
  }
  protected tryReceive(): Message | undefined {
    throw new ZmqError('ENOTSUP', 'PUSH sockets cannot receive; use a PULL socket');
  }
  protected hasIncoming(): boolean {
    return false;
  }
  protected canSend(): boolean {
    return this.lb.hasOut;
  }
}
defineOptionAccessors(Push.prototype, ['conflate']);
export interface Push {
  conflate: boolean;
}

/** Constructor options of a socket type: its option properties, plus `context`. */
export type SocketOptions<S> = Partial<Omit<{ [K in keyof S as S[K] extends Function ? never : K]: S[K] }, 'events' | 'closed' | 'readable' | 'writable' | 'lastEndpoint' | 'socketType' | 'endpoints'>> & {
  context?: import('../context.js').Context;
};
