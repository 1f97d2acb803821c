import type { Message } from '../message.js';
import type { Pipe } from '../pipe.js';
import { Socket } from '../socket-base.js';
import type { SocketOptions } from './push.js';

/** PAIR: exactly one peer; further peers are refused. */
export class Pair extends Socket {
  private pipe: Pipe | undefined;

  constructor(options?: SocketOptions<Pair>) {
    super('PAIR', options);
  }

  protected attachPipe(pipe: Pipe): void {
    if (this.pipe) {
      pipe.terminate(); // libzmq: a PAIR already paired drops the newcomer
      return;
    }
    this.pipe = pipe;
  }
  protected detachPipe(pipe: Pipe): void {
    if (this.pipe === pipe && pipe.pendingInbound === 0) this.pipe = undefined;
  }
  protected readActivated(): void {}
  protected writeActivated(): void {}
  protected trySend(message: Message): boolean {
    return this.pipe !== undefined && this.pipe.write(message);
  }
  protected tryReceive(): Message | undefined {
    const pipe = this.pipe;
    const message = pipe?.read();
    if (pipe && pipe.terminated && pipe.pendingInbound === 0) this.pipe = undefined;
    return message;
  }
  protected hasIncoming(): boolean {
    return (this.pipe?.pendingInbound ?? 0) > 0;
  }
  protected canSend(): boolean {
    return this.pipe?.writable ?? false;
  }
}
