import { ZmqError } from '../errors.js';
import type { Message } from '../message.js';
import type { Pipe } from '../pipe.js';
import { defineOptionAccessors, Socket } from '../socket-base.js';
import { option } from '../socket-options.js';
import { FairQueue } from './fair-queue.js';
import type { SocketOptions } from './push.js';

/** PULL: fair-queues messages from its peers. */
export class Pull extends Socket {
  static override ownOptions = { conflate: option.bool(false) };
  private readonly fq = new FairQueue(this.createScheduler('in'));

  constructor(options?: SocketOptions<Pull>) {
    super('PULL', options);
  }

  protected attachPipe(pipe: Pipe): void {
    this.fq.add(pipe);
  }
  protected detachPipe(pipe: Pipe): void {
    this.fq.remove(pipe);
  }
  protected readActivated(pipe: Pipe): void {
    this.fq.activate(pipe);
  }
  protected writeActivated(): void {}
  protected trySend(): boolean {
    throw new ZmqError('ENOTSUP', 'PULL sockets cannot send; use a PUSH socket');
  }
  protected tryReceive(): Message | undefined {
    return this.fq.receive()?.message;
  }
  protected hasIncoming(): boolean {
    return this.fq.hasIn;
  }
  protected canSend(): boolean {
    return false;
  }
}
defineOptionAccessors(Pull.prototype, ['conflate']);
export interface Pull {
  conflate: boolean;
}
