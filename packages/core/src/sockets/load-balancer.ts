import type { Scheduler } from '../contracts/scheduler.js';
import { messageSize, type Message } from '../message.js';
import type { Pipe } from '../pipe.js';

/** Outbound load balancing (libzmq lb_t) over a pluggable scheduler. */
export class LoadBalancer {
  constructor(private readonly scheduler: Scheduler<Pipe>) {}

  add(pipe: Pipe): void {
    this.scheduler.add(pipe, pipe.options.scheduling);
    if (pipe.writable) this.scheduler.activate(pipe);
  }

  remove(pipe: Pipe): void {
    this.scheduler.remove(pipe);
  }

  activate(pipe: Pipe): void {
    this.scheduler.activate(pipe);
  }

  /** Sends to the scheduler's pick; the pipe used, or undefined when every pipe is full. */
  send(message: Message): Pipe | undefined {
    for (;;) {
      const pipe = this.scheduler.next();
      if (!pipe) return undefined;
      if (pipe.write(message)) {
        this.scheduler.consumed(pipe, messageSize(message));
        return pipe;
      }
      this.scheduler.deactivate(pipe);
    }
  }

  get hasOut(): boolean {
    return this.scheduler.activeCount > 0;
  }
}
