import type { Socket as DgramSocket } from 'node:dgram';
import type { Message } from '@zmtp/core';
import { decodeDatagram } from './datagram.js';
import { UdpEngineBase } from './engine-base.js';
import type { UdpStatistics } from './statistics.js';

/** The pipe's control messages from a Dish: `0x01 group` joins, `0x00 group` leaves. */
const JOIN = 1;
const LEAVE = 0;

/**
 * The bound (Dish) side: reads datagrams and passes `[group, body]` for joined groups,
 * as core's Dish expects from a Radio pipe. Joins stay local: a UDP Dish filters by
 * group itself, as libzmq's does. Bad datagrams are counted and dropped.
 */
export class DishEngine extends UdpEngineBase {
  private readonly joined = new Set<string>();
  private paused = false;

  constructor(socket: DgramSocket, stats: UdpStatistics, address: string) {
    super(socket, stats, 'RADIO', address);
    socket.on('message', (datagram: Uint8Array) => this.received(datagram));
  }

  private received(datagram: Uint8Array): void {
    if (this.finished) return;
    const stats = this.stats;
    stats.datagramsReceived++;
    const decoded = decodeDatagram(datagram);
    if (decoded === 'empty') stats.droppedEmpty++;
    else if (decoded === 'truncated') stats.droppedTruncated++;
    else if (decoded === 'oversize') stats.droppedOversize++;
    else if (!this.joined.has(key(decoded.group))) stats.droppedNotJoined++;
    else if (this.paused || !this.host) stats.droppedFull++; // UDP has no backpressure: a full Dish misses it
    else {
      stats.messagesDelivered++;
      // Copies, so a queued message does not pin the whole receive buffer.
      this.host.message([decoded.group.slice(), decoded.body.slice()]);
    }
  }

  /** Only joins and leaves come this way; anything else is ignored. */
  write(message: Message): boolean {
    const frame = message[0];
    if (message.length !== 1 || frame === undefined || frame.length === 0) return true;
    const group = key(frame.subarray(1));
    if (frame[0] === JOIN) this.joined.add(group);
    else if (frame[0] === LEAVE) this.joined.delete(group);
    return true;
  }

  override pause(): void {
    this.paused = true;
  }

  override resume(): void {
    this.paused = false;
  }
}

/** Groups as map keys (latin1 keeps every byte distinct). */
function key(group: Uint8Array): string {
  return Buffer.from(group.buffer, group.byteOffset, group.byteLength).toString('latin1');
}
