import { allocBytes } from '../platform.js';
import { FLAG_COMMAND, FLAG_LONG, FLAG_MORE, SHORT_FRAME_MAX } from './frame.js';

/**
 * Runs `fn` once the current turn of the event loop has done its work (setImmediate in
 * Node), so that every message written in one turn leaves in one system call, however
 * the application awaits its sends. Browsers fall back to a zero-delay timer.
 */
const afterThisTurn: (fn: () => void) => void =
  typeof (globalThis as { setImmediate?: unknown }).setImmediate === 'function'
    ? (fn) => (globalThis as unknown as { setImmediate(fn: () => void): void }).setImmediate(fn)
    : (fn) => setTimeout(fn, 0);

/** Receives the encoded bytes of one flush, in order. The array is the sink's to keep. */
export type ChunkSink = (chunks: Uint8Array[]) => void;

export interface FrameEncoderOptions {
  /** Size of each shared batch buffer. */
  batchSize?: number;
  /** Bodies at least this large are passed by reference instead of copied. */
  copyThreshold?: number;
}

const DEFAULT_BATCH_SIZE = 64 * 1024;
const DEFAULT_COPY_THRESHOLD = 8 * 1024;
/** Below this a byte loop beats TypedArray.set. */
const TINY_BODY = 16;

/**
 * Encodes ZMTP frames and hands them to the sink in batches. Writes made in one
 * turn of the event loop leave together (one `writev`), headers and small bodies
 * are copied into a shared batch buffer, and large bodies travel by reference.
 * Bytes handed to the sink are never written again (the sink may keep them),
 * so a batch buffer is only ever filled forward, then replaced.
 */
export class FrameEncoder {
  private readonly batchSize: number;
  private readonly copyThreshold: number;
  private batch: Uint8Array;
  /** Start of the bytes in `batch` not yet moved to `chunks`. */
  private batchStart = 0;
  /** Write position in `batch`. */
  private batchEnd = 0;
  private chunks: Uint8Array[] = [];
  private flushScheduled = false;
  private discarded = false;
  /** Bytes encoded but not yet handed to the sink. */
  pendingBytes = 0;

  constructor(
    private readonly sink: ChunkSink,
    options: FrameEncoderOptions = {},
  ) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.copyThreshold = options.copyThreshold ?? DEFAULT_COPY_THRESHOLD;
    this.batch = EMPTY;
  }

  /** Queues raw bytes (the greeting), copied. */
  writeRaw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.batch.set(bytes, this.batchEnd);
    this.batchEnd += bytes.length;
    this.queued(bytes.length);
  }

  /** Queues one frame. `flags` may carry MORE and COMMAND; LONG is chosen here. */
  writeFrame(flags: number, body: Uint8Array): void {
    const size = body.length;
    const long = size > SHORT_FRAME_MAX;
    const headerSize = long ? 9 : 2;
    const copied = size < this.copyThreshold;
    this.reserve(copied ? headerSize + size : headerSize);
    const batch = this.batch;
    let at = this.batchEnd;
    flags &= FLAG_MORE | FLAG_COMMAND;
    if (long) {
      batch[at++] = flags | FLAG_LONG;
      const high = Math.floor(size / 2 ** 32);
      batch[at++] = high >>> 24;
      batch[at++] = (high >>> 16) & 0xff;
      batch[at++] = (high >>> 8) & 0xff;
      batch[at++] = high & 0xff;
      batch[at++] = size >>> 24;
      batch[at++] = (size >>> 16) & 0xff;
      batch[at++] = (size >>> 8) & 0xff;
      batch[at++] = size & 0xff;
    } else {
      batch[at++] = flags;
      batch[at++] = size;
    }
    if (copied) {
      if (size <= TINY_BODY) {
        for (let i = 0; i < size; i++) batch[at + i] = body[i];
      } else {
        batch.set(body, at);
      }
      at += size;
      this.batchEnd = at;
    } else {
      this.batchEnd = at;
      this.seal();
      this.chunks.push(body);
    }
    this.queued(headerSize + size);
  }

  /** Queues a command frame. */
  writeCommand(body: Uint8Array): void {
    this.writeFrame(FLAG_COMMAND, body);
  }

  /** Queues every frame of a message, MORE set on all but the last. */
  writeMessage(frames: readonly Uint8Array[]): void {
    const last = frames.length - 1;
    if (last < 0) return;
    for (let i = 0; i < last; i++) this.writeFrame(FLAG_MORE, frames[i]);
    this.writeFrame(0, frames[last]);
  }

  /** Hands everything queued to the sink now. */
  flush(): void {
    if (this.discarded) return;
    this.seal();
    if (this.chunks.length === 0) return;
    const chunks = this.chunks;
    this.chunks = [];
    this.pendingBytes = 0;
    this.sink(chunks);
  }

  /** Drops what is queued and accepts nothing more. */
  discard(): void {
    this.discarded = true;
    this.chunks = [];
    this.pendingBytes = 0;
    this.batch = EMPTY;
    this.batchStart = this.batchEnd = 0;
  }

  private queued(bytes: number): void {
    this.pendingBytes += bytes;
    if (!this.flushScheduled && !this.discarded) {
      this.flushScheduled = true;
      afterThisTurn(this.scheduledFlush);
    }
  }

  private readonly scheduledFlush = (): void => {
    this.flushScheduled = false;
    this.flush();
  };

  /** Makes room for `size` contiguous bytes in the batch buffer. */
  private reserve(size: number): void {
    if (this.batch.length - this.batchEnd >= size) return;
    this.seal();
    this.batch = allocBytes(Math.max(this.batchSize, size));
    this.batchStart = this.batchEnd = 0;
  }

  /** Moves the filled part of the batch buffer to the outgoing chunks. */
  private seal(): void {
    if (this.batchEnd > this.batchStart) {
      this.chunks.push(this.batch.subarray(this.batchStart, this.batchEnd));
      this.batchStart = this.batchEnd;
    }
  }
}

const EMPTY = new Uint8Array(0);
