import type { Socket as DgramSocket } from 'node:dgram';
import type { Engine, EngineCloseReason, EngineHost, Message } from '@zmtp/core';
import type { UdpStatistics } from './statistics.js';

/**
 * What both UDP engines share: a datagram socket they own, and a handshake that is
 * only synthesised (UDP has none; libzmq's UDP engine is "ready" at once).
 */
export abstract class UdpEngineBase implements Engine {
  protected host: EngineHost | undefined;
  protected finished = false;

  constructor(
    protected readonly socket: DgramSocket,
    protected readonly stats: UdpStatistics,
    /** The socket type we announce for the other side. */
    private readonly peerType: 'RADIO' | 'DISH',
    protected readonly address: string,
  ) {
    // After binding, errors are counted; a datagram socket keeps working after most of them.
    socket.on('error', () => {
      this.stats.errors++;
    });
  }

  start(host: EngineHost): void {
    this.host = host;
    host.ready({
      socketType: this.peerType,
      metadata: new Map(),
      address: this.address,
      mechanism: 'NULL',
      zmtpMinor: 1,
    });
  }

  abstract write(message: Message): boolean;
  pause(): void {}
  resume(): void {}

  close(): void {
    this.end({ kind: 'local' });
  }

  destroy(): void {
    this.end({ kind: 'local' });
  }

  protected end(reason: EngineCloseReason): void {
    if (this.finished) return;
    this.finished = true;
    this.socket.removeAllListeners('message');
    try {
      this.socket.close();
    } catch {
      // already closed by the listener
    }
    this.host?.closed(reason);
  }
}
