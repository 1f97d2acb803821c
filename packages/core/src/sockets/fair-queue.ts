import type { Scheduler } from '../contracts/scheduler.js';
import { messageSize, type Message } from '../message.js';
import type { Pipe } from '../pipe.js';

/**
 * Inbound fair queueing (libzmq fq_t) over a pluggable scheduler. A pipe whose
 * peer is gone stays until its last queued message is read.
 */
export class FairQueue {
  constructor(private readonly scheduler: Scheduler<Pipe>) {}

  add(pipe: Pipe): void {
    this.scheduler.add(pipe, pipe.options.scheduling);
    if (pipe.pendingInbound > 0) this.scheduler.activate(pipe);
  }

  /** The peer is gone: drop the pipe unless messages remain to be read. */
  remove(pipe: Pipe): void {
    if (pipe.pendingInbound === 0) this.scheduler.remove(pipe);
  }

  activate(pipe: Pipe): void {
    this.scheduler.activate(pipe);
  }

  /** The next message in fair order, and the pipe it came from. */
  receive(): { message: Message; pipe: Pipe } | undefined {
    for (;;) {
      const pipe = this.scheduler.next();
      if (!pipe) return undefined;
      const message = pipe.read();
      if (message) {
        this.scheduler.consumed(pipe, messageSize(message));
        if (pipe.terminated && pipe.pendingInbound === 0) this.scheduler.remove(pipe);
        return { message, pipe };
      }
      this.scheduler.deactivate(pipe);
      if (pipe.terminated) this.scheduler.remove(pipe);
    }
  }

  get hasIn(): boolean {
    for (;;) {
      const pipe = this.scheduler.next();
      if (!pipe) return false;
      if (pipe.pendingInbound > 0) return true;
      this.scheduler.deactivate(pipe);
      if (pipe.terminated) this.scheduler.remove(pipe);
    }
  }
}
