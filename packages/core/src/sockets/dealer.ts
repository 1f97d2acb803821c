import type { Message } from '../message.js';
import type { Pipe } from '../pipe.js';
import { defineOptionAccessors, Socket } from '../socket-base.js';
import { option } from '../socket-options.js';
import { FairQueue } from './fair-queue.js';
import { LoadBalancer } from './load-balancer.js';
import type { SocketOptions } from './push.js';

/** DEALER: round-robins out, fair-queues in, no envelopes. */
export class Dealer extends Socket {
  static override ownOptions = { conflate: option.bool(false), probeRouter: option.bool(false) };
  private readonly lb = new LoadBalancer(this.createScheduler('out'));
  private readonly fq = new FairQueue(this.createScheduler('in'));

  constructor(options?: SocketOptions<Dealer>) {
    super('DEALER', options);
  }

  protected attachPipe(pipe: Pipe): void {
    this.lb.add(pipe);
    this.fq.add(pipe);
  }
  protected override pipeConnected(pipe: Pipe): void {
    // probeRouter: an empty message lets a ROUTER learn about us at once.
    if (this.getOption('probeRouter')) pipe.forceWrite([new Uint8Array(0)]);
  }
  protected detachPipe(pipe: Pipe): void {
    this.lb.remove(pipe);
    this.fq.remove(pipe);
  }
  protected readActivated(pipe: Pipe): void {
    this.fq.activate(pipe);
  }
  protected writeActivated(pipe: Pipe): void {
    this.lb.activate(pipe);
  }
  protected trySend(message: Message): boolean {
    return this.lb.send(message) !== undefined;
  }
  protected tryReceive(): Message | undefined {
    return this.fq.receive()?.message;
  }
  protected hasIncoming(): boolean {
    return this.fq.hasIn;
  }
  protected canSend(): boolean {
    return this.lb.hasOut;
  }
}
defineOptionAccessors(Dealer.prototype, ['conflate', 'probeRouter']);
export interface Dealer {
  conflate: boolean;
  probeRouter: boolean;
}
