/**
 * Length-prefixed frames for the raw-socket baseline: a 4-byte big-endian length, then the
 * payload. The decoder hands out views into the received chunk when a frame fits in one,
 * and copies only frames that straddle chunks, as a careful Node program would.
 */
export const headerBytes = 4;

export class FrameDecoder {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes the pending frame needs in all (header included); 0 until its header is in. */
  private need = 0;

  /** Feeds one chunk from the socket; calls `onFrame` for each whole frame in order. */
  push(chunk: Buffer, onFrame: (frame: Buffer) => void): void {
    let data = chunk;
    if (this.pendingBytes > 0) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      if (this.need === 0) {
        if (this.pendingBytes < headerBytes) return;
        // The header may straddle chunks: join them once, then only count bytes.
        const joined = Buffer.concat(this.pending, this.pendingBytes);
        this.pending = [joined];
        this.need = headerBytes + joined.readUInt32BE(0);
      }
      if (this.pendingBytes < this.need) return;
      data = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
      this.pending = [];
      this.pendingBytes = 0;
      this.need = 0;
    }
    let offset = 0;
    while (data.length - offset >= headerBytes) {
      const end = offset + headerBytes + data.readUInt32BE(offset);
      if (end > data.length) break;
      onFrame(data.subarray(offset + headerBytes, end));
      offset = end;
    }
    if (offset < data.length) {
      const rest = data.subarray(offset);
      this.pending.push(rest);
      this.pendingBytes = rest.length;
      if (rest.length >= headerBytes) this.need = headerBytes + rest.readUInt32BE(0);
    }
  }
}

/** Frames up to this size are copied into one buffer with their header: one write instead of two. */
const copyLimit = 8192;

/** Writes one frame: small ones as one copied buffer, large ones as header + payload. */
export function writeFrame(socket: import('node:net').Socket, payload: Buffer): void {
  if (payload.length <= copyLimit) {
    const frame = Buffer.allocUnsafe(headerBytes + payload.length);
    frame.writeUInt32BE(payload.length, 0);
    payload.copy(frame, headerBytes);
    socket.write(frame);
    return;
  }
  const header = Buffer.allocUnsafe(headerBytes);
  header.writeUInt32BE(payload.length, 0);
  socket.write(header);
  socket.write(payload);
}
