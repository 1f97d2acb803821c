import { randomBytes } from 'node:crypto';
import type { Socket as DgramSocket } from 'node:dgram';
import type { Message } from '@zmtp/core';
import { clockMs, microseconds } from './clock.js';
import type { CongestionSender } from './congestion/controller.js';
import { createCongestionSender } from './congestion/create.js';
import { encodeDatagram } from './datagram.js';
import { DEFAULT_WINDOW_AHEAD } from './delivery/sequence-window.js';
import { UdpEngineBase } from './engine-base.js';
import type { ResolvedUdpOptions } from './options.js';
import { newPeerStatistics, type UdpPeerStatistics } from './peer-statistics.js';
import type { UdpStatistics } from './statistics.js';
import { BUNDLE_HEADER, bundledSize, encodeBundle } from './wire/bundle.js';
import { DATA_HEADER, decodeExtension, encodeData, encodeHello, stampData, type FeedbackDatagram, type WelcomeDatagram } from './wire/extension.js';
import { encodeFragments, fragmentCount, messageSize } from './wire/fragments.js';
import { seqAdd, seqDiff } from './wire/serial.js';

/** Sends waiting in Node's queue beyond which plain messages are dropped (UDP has no backpressure). */
const maxInFlight = 1024;
/** HELLO retries: 100 ms, doubling to 2 s, then every 2 s while the Dish says nothing. */
const helloFirst = 100;
const helloMax = 2000;
/** DATA sent and no FEEDBACK for this long: the Dish may be gone or replaced, back to plain datagrams. */
const feedbackTimeout = 3000;

/**
 * The connecting (Radio) side. It sends libzmq's plain datagrams at once, and HELLO beside
 * them; a Dish that answers WELCOME gets DATA under congestion control from then on
 * (PROTOCOL.md). Messages waiting for congestion control are bounded by `sendQueue`.
 */
export class RadioEngine extends UdpEngineBase {
  readonly peer: UdpPeerStatistics;
  private inFlight = 0;
  private session = 0;
  /** Set while the extension is on. */
  private sender: CongestionSender | undefined;
  private nextSeq = 0;
  /** When the first DATA since the last FEEDBACK left (undefined while nothing is unanswered). */
  private unansweredSince: number | undefined;
  private helloDelay = helloFirst;
  private helloAt = 0;
  /** Messages waiting for congestion control, `[group, body]`. */
  private readonly queue: Message[] = [];
  private queueHead = 0;
  /** The DATA datagrams of the first message once it started going out in fragments, and the next to go. */
  private fragments: Uint8Array[] | undefined;
  private fragment = 0;
  private blocked = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;

  constructor(
    socket: DgramSocket,
    stats: UdpStatistics,
    address: string,
    private readonly targetHost: string,
    private readonly targetPort: number,
    private readonly options: ResolvedUdpOptions,
    private readonly onGone: (peer: UdpPeerStatistics) => void,
    /** False for a multicast group: many Dishes may listen, so it stays libzmq's plain format. */
    negotiate: boolean,
  ) {
    super(socket, stats, 'DISH', address);
    this.peer = newPeerStatistics('radio', address, `${targetHost}:${targetPort}`);
    if (negotiate) {
      socket.on('message', (datagram: Uint8Array) => this.received(datagram));
      this.startHello(clockMs());
    }
  }

  write(message: Message): boolean {
    if (this.finished) return true;
    if (message.length !== 2) {
      this.stats.sendDropped++;
      return true;
    }
    const [group, body] = message;
    this.peer.sent++;
    if (!this.sender) {
      this.sendPlain(group, body);
      return true;
    }
    if (group.length + body.length > this.options.maxMessageSize || fragmentCount(messageSize(group, body), this.options.segmentSize) > 0xffff) {
      this.stats.sendDropped++;
      return true;
    }
    this.queue.push(message);
    this.pump();
    if (this.queue.length - this.queueHead < this.options.sendQueue) return true;
    this.blocked = true;
    return false;
  }

  override destroy(): void {
    this.stopTimer();
    this.queue.length = 0;
    this.onGone(this.peer);
    super.destroy();
  }

  override close(): void {
    this.destroy();
  }

  private sendPlain(group: Uint8Array, body: Uint8Array): void {
    const datagram = encodeDatagram(group, body);
    if (!datagram || this.inFlight >= maxInFlight) {
      this.stats.sendDropped++;
      return;
    }
    this.transmit(datagram);
  }

  private transmit(datagram: Uint8Array): void {
    this.inFlight++;
    this.socket.send(datagram, this.targetPort, this.targetHost, (error) => {
      this.inFlight--;
      if (error) this.stats.errors++;
      else this.stats.datagramsSent++;
      if (this.queueHead < this.queue.length) this.pump();
    });
  }

  /** Sends queued DATA while congestion control and Node's send queue allow. */
  private pump(): void {
    const sender = this.sender;
    if (!sender || this.finished) return;
    const now = clockMs();
    const sendTime = microseconds(now);
    // The RTT only changes on feedback, so it is read once per pump, not per datagram.
    const rttMs = sender.state().rttMs;
    const rtt = rttMs === undefined ? 0 : Math.round(rttMs * 1000);
    while (this.queueHead < this.queue.length && this.inFlight < maxInFlight && sender.sendDelay(now) <= 0) {
      const datagram = this.nextDatagram();
      const seq = this.nextSeq;
      this.nextSeq = seqAdd(seq, 1);
      stampData(datagram, seq, sendTime, rtt);
      sender.onSent(seq, datagram.length, now);
      this.unansweredSince ??= now;
      this.transmit(datagram);
    }
    this.compactQueue();
    if (this.blocked && this.queue.length - this.queueHead <= this.options.sendQueue / 2) {
      this.blocked = false;
      this.host?.drain();
    }
    this.rearm(now);
  }

  /**
   * The next datagram to send from the queue: the next fragment of a large message; one
   * small message as DATA; or, when several small ones wait (congestion control held them
   * back), as many as fit one segment as a BUNDLE. Sequence numbers are stamped later.
   */
  private nextDatagram(): Uint8Array {
    const { segmentSize } = this.options;
    const header = { session: this.session, seq: 0, index: 0, count: 1, sendTime: 0, rtt: 0 };
    const [group, body] = this.queue[this.queueHead];
    if (this.fragments || DATA_HEADER + messageSize(group, body) > segmentSize) {
      this.fragments ??= encodeFragments(group, body, segmentSize, header);
      const datagram = this.fragments[this.fragment++];
      if (this.fragment === this.fragments.length) {
        this.fragments = undefined;
        this.fragment = 0;
        this.queueHead++;
      }
      return datagram;
    }
    let end = this.queueHead + 1;
    let size = BUNDLE_HEADER + bundledSize(group, body);
    for (; end < this.queue.length; end++) {
      const [nextGroup, nextBody] = this.queue[end];
      const added = bundledSize(nextGroup, nextBody);
      if (size + added > segmentSize) break;
      size += added;
    }
    const start = this.queueHead;
    this.queueHead = end;
    if (end === start + 1) return encodeData(header, [Uint8Array.of(group.length), group, body]);
    return encodeBundle(header, this.queue.slice(start, end));
  }

  /** Forgets sent messages at the front of the queue now and then, so it never grows. */
  private compactQueue(): void {
    if (this.queueHead === this.queue.length) {
      this.queue.length = 0;
      this.queueHead = 0;
    } else if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead);
      this.queueHead = 0;
    }
  }

  private received(datagram: Uint8Array): void {
    if (this.finished) return;
    const decoded = decodeExtension(datagram);
    if (typeof decoded === 'string' || decoded.session !== this.session) {
      this.stats.droppedStray++;
      return;
    }
    if (decoded.kind === 'welcome') this.welcomed(decoded);
    else if (decoded.kind === 'feedback') this.feedback(decoded);
    else this.stats.droppedStray++;
  }

  private welcomed(welcome: WelcomeDatagram): void {
    if (this.sender) return; // a repeated WELCOME
    const now = clockMs();
    this.sender = createCongestionSender(welcome.congestion, { segmentSize: this.options.segmentSize }, now);
    this.unansweredSince = undefined;
    Object.assign(this.peer, { extension: true, congestion: welcome.congestion, delivery: welcome.delivery });
    this.rearm(now);
  }

  private feedback(feedback: FeedbackDatagram): void {
    const sender = this.sender;
    if (!sender || feedback.congestion !== sender.mode) {
      this.stats.droppedStray++;
      return;
    }
    const now = clockMs();
    if (feedback.received > 0 && seqDiff(this.nextSeq, feedback.greatestSeq) > DEFAULT_WINDOW_AHEAD) {
      this.startHello(now); // the Dish's window lost us: start a fresh session
      return;
    }
    this.unansweredSince = undefined;
    const roundTrip = ((microseconds(now) - feedback.echoTime - feedback.echoDelay) >>> 0) / 1000;
    // A sample is only sane when it is below the feedback timeout (the fields wrap).
    const sample = feedback.received > 0 && roundTrip < feedbackTimeout ? roundTrip : undefined;
    if (!sender.onFeedback(feedback.body, sample, now)) this.stats.badFeedback++;
    this.peer.received = feedback.received;
    this.peer.lost = feedback.lost;
    const state = sender.state();
    Object.assign(this.peer, { rttMs: state.rttMs, rate: state.allowedRate, cwnd: state.cwnd, lossEventRate: state.lossEventRate });
    this.pump();
  }

  /** (Re)starts negotiation: a fresh session, plain datagrams until a WELCOME. */
  private startHello(now: number): void {
    this.session = randomBytes(4).readUInt32BE(0);
    this.nextSeq = randomBytes(4).readUInt32BE(0);
    this.sender = undefined;
    this.stats.sendDropped += this.queue.length - this.queueHead;
    this.queue.length = 0;
    this.queueHead = 0;
    this.fragments = undefined;
    this.fragment = 0;
    Object.assign(this.peer, { extension: false, congestion: 'none', delivery: 'arrival', rate: 0, rttMs: undefined });
    this.helloDelay = helloFirst;
    this.sendHello(now);
    if (this.blocked) {
      this.blocked = false;
      this.host?.drain();
    }
  }

  private sendHello(now: number): void {
    const { congestion, delivery, deliveryGiven, segmentSize } = this.options;
    this.transmit(encodeHello({ session: this.session, congestion, delivery: deliveryGiven ? delivery : undefined, segmentSize }));
    this.helloAt = now + this.helloDelay;
    this.helloDelay = Math.min(this.helloDelay * 2, helloMax);
    this.rearm(now);
  }

  /**
   * One timer for everything: HELLO retries, the feedback timeout, the controller's timers
   * and pacing. It only ever moves earlier; firing early is harmless, `fire` re-arms it.
   */
  private rearm(now: number): void {
    const sender = this.sender;
    let at = sender ? (this.unansweredSince ?? Infinity) + feedbackTimeout : this.helloAt;
    if (sender) {
      at = Math.min(at, sender.nextTimer() ?? Infinity);
      if (this.queueHead < this.queue.length) at = Math.min(at, now + sender.sendDelay(now));
    }
    if (this.finished || (this.timer !== undefined && this.timerAt <= at)) return;
    this.stopTimer();
    this.timerAt = at;
    this.timer = setTimeout(() => this.fire(), Math.max(0, at - now));
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    if (this.finished) return;
    const now = clockMs();
    const sender = this.sender;
    if (!sender) {
      if (now >= this.helloAt) this.sendHello(now);
      else this.rearm(now);
    } else if (this.unansweredSince !== undefined && now - this.unansweredSince >= feedbackTimeout) {
      this.startHello(now);
    } else {
      if ((sender.nextTimer() ?? Infinity) <= now) sender.onTimer(now);
      this.pump();
    }
  }
}
