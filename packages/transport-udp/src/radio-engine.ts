import type { Socket as DgramSocket } from 'node:dgram';
import type { Message } from '@zmtp/core';
import { encodeDatagram } from './datagram.js';
import { UdpEngineBase } from './engine-base.js';
import type { UdpStatistics } from './statistics.js';

/** Sends waiting in Node's queue beyond which new messages are dropped, so memory stays bounded. */
const maxInFlight = 1024;

/** The connecting (Radio) side: one datagram per `[group, body]` message, to one address. */
export class RadioEngine extends UdpEngineBase {
  private inFlight = 0;

  constructor(
    socket: DgramSocket,
    stats: UdpStatistics,
    address: string,
    private readonly host_: string,
    private readonly port: number,
  ) {
    super(socket, stats, 'DISH', address);
  }

  /** Never refuses: a datagram that cannot go now is dropped and counted, as UDP would. */
  write(message: Message): boolean {
    if (this.finished) return true;
    const datagram = message.length === 2 ? encodeDatagram(message[0], message[1]) : undefined;
    if (!datagram || this.inFlight >= maxInFlight) {
      this.stats.sendDropped++;
      return true;
    }
    this.inFlight++;
    this.socket.send(datagram, this.port, this.host_, (error) => {
      this.inFlight--;
      if (error) this.stats.errors++;
      else this.stats.datagramsSent++;
    });
    return true;
  }
}
