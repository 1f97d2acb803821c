import type { RemoteInfo, Socket as DgramSocket } from 'node:dgram';
import type { Message } from '@zmtp/core';
import { clockMs } from './clock.js';
import { decodeDatagram } from './datagram.js';
import { DishPeer, type DishPeerHost } from './dish-peer.js';
import { UdpEngineBase } from './engine-base.js';
import type { ResolvedUdpOptions } from './options.js';
import type { UdpPeerStatistics } from './peer-statistics.js';
import type { UdpStatistics } from './statistics.js';
import { decodeExtension, isExtension } from './wire/extension.js';
import { splitMessage } from './wire/fragments.js';

/** The pipe's control messages from a Dish: `0x01 group` joins, `0x00 group` leaves. */
const JOIN = 1;
const LEAVE = 0;
/** Sources remembered at once (the oldest is forgotten beyond it), and how long a silent one is kept. */
const maxPeers = 256;
const peerIdle = 10_000;

/**
 * The bound (Dish) side: reads datagrams and passes `[group, body]` for joined groups,
 * as core's Dish expects from a Radio pipe. Plain libzmq datagrams are delivered as they
 * come; a zmtp-basket Radio that says HELLO gets an extension session (PROTOCOL.md).
 * Joins stay local: a UDP Dish filters by group itself, as libzmq's does. Bad datagrams
 * are counted and dropped.
 */
export class DishEngine extends UdpEngineBase {
  private readonly joined = new Set<string>();
  private paused = false;
  private readonly peers = new Map<string, DishPeer>();
  private readonly sweeper: ReturnType<typeof setInterval>;
  private readonly peerHost: Omit<DishPeerHost, 'reply'>;

  constructor(
    socket: DgramSocket,
    stats: UdpStatistics,
    address: string,
    options: ResolvedUdpOptions,
    private readonly registry: Set<UdpPeerStatistics>,
  ) {
    super(socket, stats, 'RADIO', address);
    this.peerHost = { stats, options, deliver: (message, peer) => this.deliverLayout(message, peer) };
    socket.on('message', (datagram: Uint8Array, from: RemoteInfo) => this.received(datagram, from));
    this.sweeper = setInterval(() => this.forgetIdlePeers(), 1000);
    this.sweeper.unref();
  }

  private received(datagram: Uint8Array, from: RemoteInfo): void {
    if (this.finished) return;
    const stats = this.stats;
    stats.datagramsReceived++;
    const now = clockMs();
    const peer = this.peerFor(from);
    peer.arrived(datagram.length, now);
    if (isExtension(datagram)) return this.receivedExtension(datagram, peer, now);
    const decoded = decodeDatagram(datagram);
    if (decoded === 'empty') stats.droppedEmpty++;
    else if (decoded === 'truncated') stats.droppedTruncated++;
    else if (decoded === 'oversize') stats.droppedOversize++;
    else this.deliver(decoded.group, decoded.body, peer.stats);
  }

  private receivedExtension(datagram: Uint8Array, peer: DishPeer, now: number): void {
    const decoded = decodeExtension(datagram);
    if (decoded === 'badVersion') this.stats.droppedBadVersion++;
    else if (typeof decoded === 'string') this.stats.droppedMalformed++;
    else if (decoded.kind === 'hello') peer.hello(decoded, now);
    else if (decoded.kind === 'data') peer.data(decoded, datagram.length, now);
    else this.stats.droppedMalformed++; // WELCOME and FEEDBACK go to Radios
  }

  private deliverLayout(message: Uint8Array, peer: UdpPeerStatistics): void {
    const decoded = splitMessage(message);
    if (typeof decoded === 'string') this.stats.droppedMalformed++;
    else this.deliver(decoded.group, decoded.body, peer);
  }

  private deliver(group: Uint8Array, body: Uint8Array, peer: UdpPeerStatistics): void {
    const stats = this.stats;
    if (!this.joined.has(key(group))) stats.droppedNotJoined++;
    else if (this.paused || !this.host) stats.droppedFull++; // UDP has no backpressure: a full Dish misses it
    else {
      stats.messagesDelivered++;
      peer.received++;
      // Copies, so a queued message does not pin the whole receive buffer.
      this.host.message([group.slice(), body.slice()]);
    }
  }

  private peerFor(from: RemoteInfo): DishPeer {
    const remote = `${from.address}:${from.port}`;
    let peer = this.peers.get(remote);
    if (!peer) {
      if (this.peers.size >= maxPeers) this.forget(this.peers.keys().next().value!);
      const reply = (datagram: Uint8Array) => this.reply(datagram, from);
      peer = new DishPeer(this.address, remote, { ...this.peerHost, reply });
      this.peers.set(remote, peer);
      this.registry.add(peer.stats);
    }
    return peer;
  }

  private reply(datagram: Uint8Array, to: RemoteInfo): void {
    if (this.finished) return;
    this.socket.send(datagram, to.port, to.address, (error) => {
      if (error) this.stats.errors++;
      else this.stats.datagramsSent++;
    });
  }

  private forgetIdlePeers(): void {
    const now = clockMs();
    for (const [remote, peer] of this.peers) if (now - peer.lastSeen > peerIdle) this.forget(remote);
  }

  private forget(remote: string): void {
    const peer = this.peers.get(remote);
    if (!peer) return;
    peer.close();
    this.peers.delete(remote);
    this.registry.delete(peer.stats);
  }

  protected override end(reason: Parameters<UdpEngineBase['end']>[0]): void {
    clearInterval(this.sweeper);
    for (const remote of [...this.peers.keys()]) this.forget(remote);
    super.end(reason);
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
