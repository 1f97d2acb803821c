/**
 * A tapping transport for tests: `tap://name` runs over core's `memory://` byte
 * stream, and the dialing side's Connection is wrapped below the ZMTP engine, so a
 * test sees every byte each way and can rewrite, drop, repeat, reorder or cut the
 * frames that follow the 64-byte greeting.
 */
import {
  type Connection,
  type ConnectionHandler,
  type Plugin,
  type StreamTransport,
  memory,
} from '@zmtp/core';

const GREETING_SIZE = 64;

/** A whole frame as it crossed the tap; `index` counts frames after the greeting, from 0. */
export interface TappedFrame {
  readonly index: number;
  readonly flags: number;
  readonly body: Uint8Array;
  readonly raw: Uint8Array;
}

/** What to send instead of a frame: nothing (`[]`), other bytes, or a cut-off part and then the end of stream. */
export type FrameEdit = (frame: TappedFrame) => Uint8Array[] | { cut: Uint8Array } | undefined;

/** One direction of one connection. */
export class TapDirection {
  /** Every byte the engine sent this way, before edits. */
  private readonly seen: Uint8Array[] = [];
  readonly frames: TappedFrame[] = [];
  edit: FrameEdit | undefined;
  private pending = Buffer.alloc(0);
  private greetingLeft = GREETING_SIZE;
  private stopped = false;

  constructor(
    private readonly forward: (bytes: Uint8Array) => void,
    private readonly endStream: () => void,
  ) {}

  /** Everything sent this way so far, as one buffer. */
  get bytes(): Buffer {
    return Buffer.concat(this.seen);
  }

  push(chunk: Uint8Array): void {
    this.seen.push(Uint8Array.from(chunk));
    if (this.stopped) return;
    this.pending = Buffer.concat([this.pending, chunk]);
    if (this.greetingLeft > 0) {
      const part = this.pending.subarray(0, Math.min(this.greetingLeft, this.pending.length));
      this.greetingLeft -= part.length;
      this.pending = this.pending.subarray(part.length);
      if (part.length > 0) this.forward(part);
    }
    for (let frame = this.nextFrame(); frame && !this.stopped; frame = this.nextFrame()) {
      this.frames.push(frame);
      const edited = this.edit?.(frame);
      if (edited === undefined) this.forward(frame.raw);
      else if (Array.isArray(edited)) for (const bytes of edited) this.forward(bytes);
      else {
        this.forward(edited.cut);
        this.stopped = true;
        this.endStream();
      }
    }
  }

  private nextFrame(): TappedFrame | undefined {
    const bytes = this.pending;
    if (this.greetingLeft > 0 || bytes.length < 2) return undefined;
    const long = (bytes[0] & 0x02) !== 0;
    const headerSize = long ? 9 : 2;
    if (bytes.length < headerSize) return undefined;
    const size = long ? Number(bytes.readBigUInt64BE(1)) : bytes[1];
    if (bytes.length < headerSize + size) return undefined;
    const raw = Uint8Array.from(bytes.subarray(0, headerSize + size));
    this.pending = bytes.subarray(headerSize + size);
    return { index: this.frames.length, flags: bytes[0], body: raw.subarray(headerSize), raw };
  }
}

/** Both directions of one tapped connection, seen from the dialing side. */
export interface TappedConnection {
  readonly toListener: TapDirection;
  readonly toDialer: TapDirection;
}

class TapConnection implements Connection {
  readonly toListener: TapDirection;
  readonly toDialer: TapDirection;
  private handler: ConnectionHandler | undefined;
  private writable = true;

  constructor(private readonly inner: Connection) {
    this.toListener = new TapDirection(
      (bytes) => {
        this.writable = inner.write(bytes) && this.writable;
      },
      () => inner.end(),
    );
    this.toDialer = new TapDirection(
      (bytes) => this.handler?.data(bytes),
      () => {
        this.handler?.end();
        inner.destroy();
      },
    );
  }

  get remoteAddress(): string {
    return this.inner.remoteAddress;
  }

  get localAddress(): string {
    return this.inner.localAddress;
  }

  setHandler(handler: ConnectionHandler): void {
    this.handler = handler;
    this.inner.setHandler({
      data: (chunk) => this.toDialer.push(chunk),
      drain: () => handler.drain(),
      end: () => handler.end(),
      close: (error) => handler.close(error),
    });
  }

  write(chunk: Uint8Array): boolean {
    this.writable = true;
    this.toListener.push(chunk);
    return this.writable;
  }

  writev(chunks: Uint8Array[]): boolean {
    this.writable = true;
    for (const chunk of chunks) this.toListener.push(chunk);
    return this.writable;
  }

  pause(): void {
    this.inner.pause();
  }

  resume(): void {
    this.inner.resume();
  }

  end(): void {
    this.inner.end();
  }

  destroy(error?: Error): void {
    this.inner.destroy(error);
  }
}

/** The `tap://` plugin; `connections` lists every dialed connection in order, `edits` apply to new ones. */
export function tapping(): {
  plugin: Plugin;
  connections: TappedConnection[];
  edits: { toListener?: FrameEdit; toDialer?: FrameEdit };
} {
  const inner = memory();
  const connections: TappedConnection[] = [];
  const edits: { toListener?: FrameEdit; toDialer?: FrameEdit } = {};
  const asMemory = (endpoint: string) => endpoint.replace(/^tap:/, 'memory:');
  const transport: StreamTransport = {
    spec: 'zmtp/transport@1',
    schemes: ['tap'],
    capabilities: { kind: 'stream', reliable: true, ordered: true, multicast: false },
    async listen(endpoint, options, accept) {
      const listener = await inner.listen(asMemory(endpoint), options, accept);
      return { endpoint: listener.endpoint.replace(/^memory:/, 'tap:'), close: () => listener.close() };
    },
    async dial(endpoint, options, signal) {
      const connection = new TapConnection(await inner.dial(asMemory(endpoint), options, signal));
      connection.toListener.edit = edits.toListener;
      connection.toDialer.edit = edits.toDialer;
      connections.push(connection);
      return connection;
    },
  };
  return { plugin: { name: 'test-tap', transports: [transport] }, connections, edits };
}
