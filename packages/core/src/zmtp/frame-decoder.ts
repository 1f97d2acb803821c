import { ProtocolError } from '../errors.js';
import { ByteQueue } from './byte-queue.js';
import { FLAG_COMMAND, FLAG_LONG, FLAG_MORE, FLAG_RESERVED } from './frame.js';

/**
 * Largest frame body any connection may make us buffer, whatever maxMessageSize
 * says: a declared size is never trusted beyond this, so memory stays bounded.
 */
export const HARD_FRAME_LIMIT = 2 ** 30;

export interface FrameLimits {
  /** The socket's maxMessageSize: largest frame body in bytes, -1 for no limit (libzmq applies it per frame). */
  maxFrameSize: number;
  /** Ceiling applied even when maxFrameSize is -1 or larger; default HARD_FRAME_LIMIT. */
  hardLimit?: number;
}

const enum Phase {
  Flags,
  ShortSize,
  LongSize,
  Body,
}

const TWO_POW_32 = 2 ** 32;

/**
 * Streaming ZMTP frame decoder. Feed chunks of any size with `push` and pull
 * frames with `next()`. Bodies inside one chunk are views of it; only bodies
 * split across chunks are copied, once, when complete. Headers are checked as
 * soon as they are read, before any body byte is buffered for them.
 */
export class FrameDecoder {
  /** Flags (MORE, COMMAND) of the frame `next()` last returned; LONG is cleared. */
  flags = 0;
  private phase = Phase.Flags;
  private pendingFlags = 0;
  private size = 0;
  private maxFrameSize: number;
  private readonly hardLimit: number;

  constructor(
    limits: FrameLimits,
    /** Where bytes wait; shared with the greeting reader so nothing after the greeting is lost. */
    readonly queue: ByteQueue = new ByteQueue(),
  ) {
    this.maxFrameSize = limits.maxFrameSize;
    this.hardLimit = limits.hardLimit ?? HARD_FRAME_LIMIT;
  }

  push(chunk: Uint8Array): void {
    this.queue.push(chunk);
  }

  /** Changes the per-frame limit; applies from the next frame header. */
  setMaxFrameSize(maxFrameSize: number): void {
    this.maxFrameSize = maxFrameSize;
  }

  /**
   * The next whole frame's body (its flags in `this.flags`), or undefined until
   * more bytes arrive. Throws a ProtocolError for a bad header.
   */
  next(): Uint8Array | undefined {
    const queue = this.queue;
    for (;;) {
      switch (this.phase) {
        case Phase.Flags: {
          if (queue.length < 1) return undefined;
          const flags = queue.shiftByte();
          checkFlags(flags);
          this.pendingFlags = flags & ~FLAG_LONG;
          this.phase = flags & FLAG_LONG ? Phase.LongSize : Phase.ShortSize;
          break;
        }
        case Phase.ShortSize: {
          if (queue.length < 1) return undefined;
          this.setSize(queue.shiftByte());
          break;
        }
        case Phase.LongSize: {
          if (queue.length < 8) return undefined;
          const high = readUint32(queue, 0);
          const low = readUint32(queue, 4);
          queue.skip(8);
          // Above 2^53 this is inexact, but any such size is far over every limit anyway.
          this.setSize(high * TWO_POW_32 + low);
          break;
        }
        case Phase.Body: {
          if (queue.length < this.size) return undefined;
          const body = queue.take(this.size);
          this.flags = this.pendingFlags;
          this.phase = Phase.Flags;
          return body;
        }
      }
    }
  }

  private setSize(size: number): void {
    if (this.maxFrameSize >= 0 && size > this.maxFrameSize) {
      throw new ProtocolError(
        'ERR_ZMTP_FRAME_TOO_LARGE',
        `Peer announced a frame of ${size} bytes, over this socket's maxMessageSize of ${this.maxFrameSize} bytes; ` +
          'the connection was closed. Raise maxMessageSize (or set it to -1) if such messages are expected.',
      );
    }
    if (size > this.hardLimit) {
      throw new ProtocolError(
        'ERR_ZMTP_FRAME_TOO_LARGE',
        `Peer announced a frame of ${size} bytes, over the hard limit of ${this.hardLimit} bytes per frame; ` +
          'the connection was closed to keep memory bounded.',
      );
    }
    this.size = size;
    this.phase = Phase.Body;
  }
}

function readUint32(queue: ByteQueue, at: number): number {
  return queue.byteAt(at) * 0x1000000 + (queue.byteAt(at + 1) << 16) + (queue.byteAt(at + 2) << 8) + queue.byteAt(at + 3);
}

function checkFlags(flags: number): void {
  if (flags & FLAG_RESERVED) {
    throw new ProtocolError(
      'ERR_ZMTP_RESERVED_FLAGS',
      `Peer sent a frame with reserved flag bits set (flags 0x${flags.toString(16).padStart(2, '0')}); ` +
        'ZMTP 3 requires bits 7..3 to be zero. The connection was closed.',
    );
  }
  if (flags & FLAG_COMMAND && flags & FLAG_MORE) {
    throw new ProtocolError(
      'ERR_ZMTP_MALFORMED_FRAME',
      'Peer sent a command frame with the MORE flag set; commands are always single frames. The connection was closed.',
    );
  }
}
