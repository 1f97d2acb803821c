import { allocBytes } from '../platform.js';

/**
 * Received chunks, read front to back. Reads that fall inside one chunk return a
 * view of it (no copy); only reads that span chunks are copied into a new array.
 */
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  /** Index of the first unread chunk. */
  private head = 0;
  /** Read position inside `chunks[head]`. */
  private offset = 0;
  /** Unread bytes. */
  length = 0;

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** The byte `index` positions ahead of the read position; `index` must be < length. */
  byteAt(index: number): number {
    let position = this.offset + index;
    for (let i = this.head; ; i++) {
      const chunk = this.chunks[i];
      if (position < chunk.length) return chunk[position];
      position -= chunk.length;
    }
  }

  /** Removes and returns the next byte; length must be > 0. */
  shiftByte(): number {
    const chunk = this.chunks[this.head];
    const value = chunk[this.offset];
    this.advance(1);
    return value;
  }

  /** Removes and returns the next `size` bytes (size <= length). */
  take(size: number): Uint8Array {
    const first = this.chunks[this.head];
    if (first !== undefined && first.length - this.offset >= size) {
      const view = first.subarray(this.offset, this.offset + size);
      this.advance(size);
      return view;
    }
    if (size === 0) return allocBytes(0);
    const joined = allocBytes(size);
    let filled = 0;
    while (filled < size) {
      const chunk = this.chunks[this.head];
      const available = chunk.length - this.offset;
      const count = Math.min(available, size - filled);
      joined.set(chunk.subarray(this.offset, this.offset + count), filled);
      filled += count;
      this.advance(count);
    }
    return joined;
  }

  /** Drops the next `size` bytes (size <= length). */
  skip(size: number): void {
    this.advance(size);
  }

  clear(): void {
    this.chunks = [];
    this.head = 0;
    this.offset = 0;
    this.length = 0;
  }

  private advance(size: number): void {
    this.length -= size;
    let remaining = size;
    while (remaining > 0) {
      const available = this.chunks[this.head].length - this.offset;
      if (remaining < available) {
        this.offset += remaining;
        return;
      }
      remaining -= available;
      // A chunk read exactly to its end is released at once so its memory can go.
      this.dropHead();
    }
  }

  private dropHead(): void {
    this.chunks[this.head] = EMPTY;
    this.head++;
    this.offset = 0;
    if (this.head === this.chunks.length) {
      this.chunks.length = 0;
      this.head = 0;
    } else if (this.head >= 64 && this.head * 2 >= this.chunks.length) {
      // Compact now and then so the array does not grow with the number of chunks ever seen.
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }
}

const EMPTY = new Uint8Array(0);
