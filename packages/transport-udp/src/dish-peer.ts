import type { CongestionReceiver } from './congestion/controller.js';
import { createCongestionReceiver } from './congestion/create.js';
import { clockMs, microseconds } from './clock.js';
import { createDeliveryPolicy } from './delivery/newest-only.js';
import { Reassembly } from './delivery/reassembly.js';
import { SequenceWindow } from './delivery/sequence-window.js';
import type { DeliveryMode, ResolvedUdpOptions } from './options.js';
import { newPeerStatistics, type UdpPeerStatistics } from './peer-statistics.js';
import type { UdpStatistics } from './statistics.js';
import { splitBundle } from './wire/bundle.js';
import { encodeFeedback, encodeWelcome, MAX_FRAGMENTS, type DataDatagram, type HelloDatagram } from './wire/extension.js';
import { fragmentCount } from './wire/fragments.js';
import { seqDiff } from './wire/serial.js';

/** What a Dish peer needs from its engine. */
export interface DishPeerHost {
  readonly stats: UdpStatistics;
  readonly options: ResolvedUdpOptions;
  /** Sends a datagram back to this peer. */
  reply(datagram: Uint8Array): void;
  /** A whole message (libzmq layout) is ready for the application. */
  deliver(message: Uint8Array, peer: UdpPeerStatistics): void;
}

/** The receiving half of one extension session: the window, congestion feedback, reassembly, delivery. */
class ExtensionSession {
  private readonly window = new SequenceWindow();
  private readonly receiver: CongestionReceiver;
  readonly reassembly: Reassembly;
  private firstSeq: number | undefined;
  private datagrams = 0;
  private echoTime = 0;
  private echoAt = 0;
  /** Messages of BUNDLEs dropped as late beyond the one the delivery policy counts per BUNDLE. */
  private lateInBundles = 0;

  constructor(
    readonly session: number,
    readonly welcome: Uint8Array,
    private readonly hello: HelloDatagram,
    delivery: DeliveryMode,
    private readonly host: DishPeerHost,
    private readonly peer: UdpPeerStatistics,
    now: number,
  ) {
    this.receiver = createCongestionReceiver(hello.congestion, { segmentSize: hello.segmentSize }, now);
    const { maxMessageSize, fragmentTimeout } = host.options;
    this.reassembly = new Reassembly({
      delivery: createDeliveryPolicy(delivery),
      timeout: fragmentTimeout,
      maxMessageSize,
      maxFragments: Math.min(MAX_FRAGMENTS, fragmentCount(maxMessageSize + 1, hello.segmentSize)),
    });
  }

  /** A DATA datagram: true when feedback should go at once. */
  data(data: DataDatagram, size: number, now: number): boolean {
    if (!this.window.accept(data.seq)) {
      this.host.stats.droppedInvalidSequence++;
      return false;
    }
    this.firstSeq ??= data.seq;
    this.datagrams++;
    this.echoTime = data.sendTime;
    this.echoAt = now;
    if (data.rtt > 0) this.peer.rttMs = data.rtt / 1000;
    const urgent = this.receiver.onData(data.seq, size, data.rtt / 1000, now);
    if (data.bundle) this.bundle(data);
    else {
      const message = this.reassembly.add(data, now);
      if (message) this.host.deliver(message, this.peer);
    }
    const delivery = this.reassembly.delivery;
    this.peer.late = delivery.late + delivery.duplicates + this.lateInBundles;
    return urgent;
  }

  /** A BUNDLE is one unit for delivery: all its messages go, in order, or none. */
  private bundle(data: DataDatagram): void {
    const messages = splitBundle(data.payload);
    if (!messages) this.host.stats.droppedMalformed++;
    else if (this.reassembly.delivery.accept(data.seq)) for (const message of messages) this.host.deliver(message, this.peer);
    else this.lateInBundles += messages.length - 1;
  }

  feedback(now: number): Uint8Array {
    const greatest = this.window.greatest ?? 0;
    const span = this.firstSeq === undefined ? 0 : seqDiff(greatest, this.firstSeq) + 1;
    this.peer.lost = Math.max(0, span - this.datagrams);
    return encodeFeedback(
      {
        session: this.session,
        echoTime: this.echoTime,
        echoDelay: microseconds(now - this.echoAt),
        greatestSeq: greatest,
        received: this.datagrams >>> 0,
        lost: this.peer.lost >>> 0,
        congestion: this.hello.congestion,
      },
      this.receiver.feedbackBody(now),
    );
  }

  /** The next time feedback or fragment expiry needs attention (absolute ms). */
  nextDeadline(): number {
    return Math.min(this.receiver.nextFeedback() ?? Infinity, this.reassembly.nextExpiry() ?? Infinity);
  }

  due(now: number): boolean {
    this.reassembly.expire(now);
    return (this.receiver.nextFeedback() ?? Infinity) <= now;
  }
}

/**
 * One source address that sends to a Dish: a libzmq Radio (plain datagrams, counted) or a
 * zmtp-basket one that said HELLO (an extension session, PROTOCOL.md).
 */
export class DishPeer {
  readonly stats: UdpPeerStatistics;
  lastSeen: number;
  private extension: ExtensionSession | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;
  /** Receive rate: bytes since `rateStart`, folded into `stats.rate` each second. */
  private rateBytes = 0;
  private rateStart: number;

  constructor(endpoint: string, remote: string, private readonly host: DishPeerHost) {
    this.stats = newPeerStatistics('dish', endpoint, remote);
    this.lastSeen = this.rateStart = clockMs();
  }

  /** Counts a datagram of `size` bytes for the receive rate. */
  arrived(size: number, now: number): void {
    this.lastSeen = now;
    this.rateBytes += size;
    const elapsed = now - this.rateStart;
    if (elapsed >= 1000) {
      this.stats.rate = (this.rateBytes * 1000) / elapsed;
      this.rateBytes = 0;
      this.rateStart = now;
    }
  }

  /** HELLO: a new session (or the same one again, whose WELCOME was lost). Answers WELCOME. */
  hello(hello: HelloDatagram, now: number): void {
    if (this.extension?.session !== hello.session) {
      const { options } = this.host;
      const delivery = hello.delivery ?? options.delivery;
      const welcome = encodeWelcome({ session: hello.session, congestion: hello.congestion, delivery, segmentSize: hello.segmentSize });
      this.extension = new ExtensionSession(hello.session, welcome, hello, delivery, this.host, this.stats, now);
      Object.assign(this.stats, { extension: true, congestion: hello.congestion, delivery, lost: 0, late: 0 });
    }
    this.host.reply(this.extension.welcome);
  }

  data(data: DataDatagram, size: number, now: number): void {
    const extension = this.extension;
    if (extension?.session !== data.session) {
      this.host.stats.droppedUnknownSession++;
      return;
    }
    if (extension.data(data, size, now)) this.sendFeedback(now);
    else this.rearm(now);
  }

  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.extension = undefined;
  }

  private sendFeedback(now: number): void {
    if (!this.extension) return;
    this.host.reply(this.extension.feedback(now));
    this.rearm(now);
  }

  /** One timer for feedback and fragment expiry; it only ever moves earlier (firing early is harmless). */
  private rearm(now: number): void {
    const at = this.extension?.nextDeadline() ?? Infinity;
    if (at === Infinity || (this.timer !== undefined && this.timerAt <= at)) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.fire(), Math.max(0, at - now));
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = clockMs();
    if (this.extension?.due(now)) this.sendFeedback(now);
    else this.rearm(now);
  }
}
