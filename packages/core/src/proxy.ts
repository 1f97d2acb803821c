import { InvalidArgumentError, StateError } from './errors.js';
import type { Message } from './message.js';
import type { Socket } from './socket-base.js';

/**
 * Forwards messages between two sockets in both directions (zmq_proxy), e.g.
 * Router/Dealer for a broker or XSubscriber/XPublisher for a forwarder.
 */
export class Proxy<F extends Socket = Socket, B extends Socket = Socket> {
  private running = false;
  private paused = false;
  private resumeWaiters: Array<() => void> = [];
  private stopped = false;

  constructor(
    readonly frontEnd: F,
    readonly backEnd: B,
  ) {
    if (!frontEnd || !backEnd || typeof frontEnd.receive !== 'function' || typeof backEnd.receive !== 'function') {
      throw new InvalidArgumentError('Proxy needs two sockets: new Proxy(frontEnd, backEnd)');
    }
  }

  /** Runs until `terminate()` or until either socket closes. */
  async run(): Promise<void> {
    if (this.running) throw new StateError('The proxy is already running');
    this.running = true;
    try {
      await Promise.race([this.pump(this.frontEnd, this.backEnd), this.pump(this.backEnd, this.frontEnd)]);
    } finally {
      this.stopped = true;
      this.running = false;
      this.wake();
    }
  }

  /** Stops forwarding (messages wait in the sockets) until `resume()`. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wake();
  }

  /** Ends `run()` and closes both sockets, as zeromq.js does. */
  terminate(): void {
    this.stopped = true;
    this.frontEnd.close();
    this.backEnd.close();
    this.wake();
  }

  private async pump(from: Socket, to: Socket): Promise<void> {
    while (!this.stopped) {
      let message: Message;
      try {
        message = await from.receive();
      } catch {
        return; // closed
      }
      while (this.paused && !this.stopped) await new Promise<void>((resolve) => this.resumeWaiters.push(resolve));
      if (this.stopped) return;
      try {
        await to.send(message);
      } catch {
        return;
      }
    }
  }

  private wake(): void {
    const waiters = this.resumeWaiters;
    this.resumeWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
