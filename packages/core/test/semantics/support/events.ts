import type { Transport } from './addresses.js';
import { Condition } from './condition.js';

/**
 * The subset of `socket.events` (zeromq.js's Observer) that the tests use. The
 * listener takes `any` so that both zeromq.js's per-event-type typing and ours fit.
 */
export interface EventSource {
  readonly events: {
    on(type: string, listener: (event: any) => void): unknown;
    off(type: string, listener: (event: any) => void): unknown;
  };
}

/** What tests read from events; zeromq.js adds `address`, `interval` and `error` where they apply. */
export interface SocketEvent {
  type: string;
  address?: string;
  interval?: number;
}

/**
 * Records every event of one type from the moment it is created, so create it
 * before the bind/connect that causes the events.
 */
export class EventLog {
  readonly events: SocketEvent[] = [];
  private readonly condition = new Condition();
  private readonly listener = (event: SocketEvent) => {
    this.events.push(event);
    this.condition.changed();
  };

  constructor(
    private readonly socket: EventSource,
    readonly type: string,
  ) {
    socket.events.on(type, this.listener);
  }

  get count(): number {
    return this.events.length;
  }

  /** Resolves with the first `count` events once that many were seen. */
  async until(count: number, ms?: number): Promise<SocketEvent[]> {
    await this.condition.until(
      () => this.events.length >= count,
      `${count} '${this.type}' event(s), saw ${this.events.length}`,
      ms,
    );
    return this.events.slice(0, count);
  }

  stop(): void {
    this.socket.events.off(this.type, this.listener);
  }
}

/**
 * Waits until `count` peers completed the ZMTP handshake with the socket `log` watches.
 * libzmq reports no events for inproc, whose pipes exist as soon as connect() returns,
 * so there is nothing to wait for there.
 */
export async function handshakesDone(transport: Transport, log: EventLog, count: number): Promise<void> {
  if (transport === 'inproc') return;
  await log.until(count);
}
