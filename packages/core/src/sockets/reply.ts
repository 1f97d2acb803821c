import { StateError } from '../errors.js';
import type { Message } from '../message.js';
import type { Pipe } from '../pipe.js';
import { Socket } from '../socket-base.js';
import { FairQueue } from './fair-queue.js';
import type { SocketOptions } from './push.js';

/**
 * REP: fair-queues requests, strips the envelope (everything up to and including
 * the empty delimiter) and puts it back on the reply, which goes to the same peer.
 */
export class Reply extends Socket {
  private readonly fq = new FairQueue(this.createScheduler('in'));
  private replyTo: { pipe: Pipe; envelope: Message } | undefined;

  constructor(options?: SocketOptions<Reply>) {
    super('REP', options);
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

  protected trySend(message: Message): boolean {
    const target = this.replyTo;
    if (!target) throw new StateError('A REP socket must receive a request before sending a reply');
    this.replyTo = undefined;
    // A peer that left or is full loses its reply, as with libzmq.
    target.pipe.write([...target.envelope, ...message]);
    return true;
  }

  protected tryReceive(): Message | undefined {
    if (this.replyTo) throw new StateError('A REP socket must send the reply before receiving again');
    for (let next = this.fq.receive(); next; next = this.fq.receive()) {
      const delimiter = next.message.findIndex((frame) => frame.length === 0);
      if (delimiter < 0) continue; // malformed request without an envelope: dropped
      this.replyTo = { pipe: next.pipe, envelope: next.message.slice(0, delimiter + 1) };
      return next.message.slice(delimiter + 1);
    }
    return undefined;
  }
  protected hasIncoming(): boolean {
    return !this.replyTo && this.fq.hasIn;
  }
  protected canSend(): boolean {
    return this.replyTo !== undefined;
  }
}
