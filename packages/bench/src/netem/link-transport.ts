/**
 * How a transport takes part in `bench link`. The bench starts two processes, one in
 * each namespace of the link; both load the transport's peer module, which exports
 * `receive` and `send` as below (see peers/kernel-tcp.ts for a complete one). To add a
 * transport, write such a module and list it in link-transports.ts (or pass its path).
 */
export interface PeerReceiveOptions {
  /** B's address in the link, and the port to listen on. */
  host: string;
  port: number;
  /** Measure this long, then stop. */
  durationMs: number;
  /** Payload in this many ms after the first byte is not counted (start-up transients). */
  warmupMs: number;
  options: Record<string, unknown>;
  /** Call once listening: the sender starts then. */
  onReady(): void;
}

export interface PeerSendOptions {
  /** The receiver's address and port. */
  host: string;
  port: number;
  options: Record<string, unknown>;
  /** Aborted when the measurement is over: stop sending and close. */
  signal: AbortSignal;
}

export interface ReceiveResult {
  /** Payload bytes received within the window. */
  bytes: number;
  /** Messages (or reads, for a byte stream) within the window. */
  messages: number;
  /** The window's real length in ms (about durationMs unless the sender stopped early). */
  elapsedMs: number;
}

export interface LinkTransportPeer {
  receive(options: PeerReceiveOptions): Promise<ReceiveResult>;
  send(options: PeerSendOptions): Promise<void>;
}

/** One row of `bench link`. */
export interface LinkBenchTransport {
  /** Short id for --transports, e.g. 'tcp-cubic'. */
  id: string;
  /** Row label, e.g. 'kernel TCP (cubic)'. */
  label: string;
  /** Path of the peer module (TypeScript or JavaScript). */
  peer: string;
  /** Kernel congestion control the transport runs over (TCP-based ones), set per route. */
  congestionControl?: string;
  /** Passed to the peer module on both sides. */
  options?: Record<string, unknown>;
}

/**
 * Counts payload within a window that opens `warmupMs` after the first byte and lasts
 * `durationMs`: the goodput measurement every peer module shares.
 */
export class GoodputWindow {
  #started = false;
  #first = 0;
  #bytes = 0;
  #messages = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  readonly #done: Promise<ReceiveResult>;
  #finish!: (result: ReceiveResult) => void;

  constructor(
    readonly durationMs: number,
    readonly warmupMs = 0,
  ) {
    this.#done = new Promise((resolve) => (this.#finish = resolve));
  }

  /** Resolves when the window closes (or close() is called). */
  get done(): Promise<ReceiveResult> {
    return this.#done;
  }

  add(bytes: number): void {
    if (this.#closed) return;
    if (!this.#started) {
      this.#started = true;
      const open = (): void => {
        this.#first = performance.now();
        this.#bytes = 0;
        this.#messages = 0;
        this.#timer = setTimeout(() => this.close(), this.durationMs);
      };
      if (this.warmupMs > 0) this.#timer = setTimeout(open, this.warmupMs);
      else open();
    }
    this.#bytes += bytes;
    this.#messages++;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    const elapsedMs = this.#first === 0 ? 0 : performance.now() - this.#first;
    this.#finish({ bytes: this.#bytes, messages: this.#messages, elapsedMs });
  }
}
