/**
 * The control channel between the two sides of a case: endpoint hand-over, the start
 * signal of PUB/SUB, stop, and the peer's closing figures. In one process it is a pair of
 * in-memory queues; across processes it rides on the child-process IPC channel.
 */
import type { ChildProcess } from 'node:child_process';

export type ControlMessage =
  | { type: 'endpoint'; endpoint: string }
  | { type: 'go' }
  | { type: 'stop' }
  | { type: 'stopped'; maxRssKiB?: number; rssSamplesKiB?: number[]; idleRssKiB?: number; capped?: boolean }
  | { type: 'failed'; message: string };

type Type = ControlMessage['type'];
type Of<T extends Type> = Extract<ControlMessage, { type: T }>;

export class Link {
  private readonly inbox: ControlMessage[] = [];
  private readonly waiters: Array<{ type: Type; resolve: (m: ControlMessage) => void; reject: (e: Error) => void }> = [];
  private failure?: Error;
  private onFailure: Array<(error: Error) => void> = [];

  constructor(private readonly output: (message: ControlMessage) => void) {}

  send(message: ControlMessage): void {
    this.output(message);
  }

  /** Resolves with the first message of that type, received before or after the call. */
  next<T extends Type>(type: T): Promise<Of<T>> {
    const index = this.inbox.findIndex((m) => m.type === type);
    if (index >= 0) return Promise.resolve(this.inbox.splice(index, 1)[0] as Of<T>);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) =>
      this.waiters.push({ type, resolve: resolve as (m: ControlMessage) => void, reject }),
    );
  }

  /** Called by the transport underneath with each message from the other side. */
  receive(message: ControlMessage): void {
    if (message.type === 'failed') {
      this.fail(new Error(`the other side failed: ${message.message}`));
      return;
    }
    const index = this.waiters.findIndex((w) => w.type === message.type);
    if (index >= 0) this.waiters.splice(index, 1)[0].resolve(message);
    else this.inbox.push(message);
  }

  /** Rejects every wait, now and later: the other side is gone. */
  fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiters.splice(0)) waiter.reject(this.failure);
    for (const listener of this.onFailure.splice(0)) listener(this.failure);
  }

  /** Rejects when the other side fails, so a side blocked on a socket can give up. */
  failed(): Promise<never> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((_, reject) => this.onFailure.push(reject));
  }
}

/** Two linked ends for sides that share one process; delivery is asynchronous, as IPC is. */
export function memoryLinks(): [Link, Link] {
  const a: Link = new Link((m) => queueMicrotask(() => b.receive(m)));
  const b: Link = new Link((m) => queueMicrotask(() => a.receive(m)));
  return [a, b];
}

/** The end in a parent, talking to a forked child. */
export function childLink(child: ChildProcess): Link {
  const link = new Link((m) => child.connected && child.send(m));
  child.on('message', (m) => link.receive(m as ControlMessage));
  // 'close' comes after the IPC channel has delivered everything the child sent.
  child.on('close', (code, signal) => link.fail(new Error(`the peer process exited (${signal ?? `code ${code}`})`)));
  return link;
}

/** The end in a forked child, talking to its parent. */
export function parentLink(): Link {
  const link = new Link((m) => process.connected && process.send!(m));
  process.on('message', (m) => link.receive(m as ControlMessage));
  return link;
}
