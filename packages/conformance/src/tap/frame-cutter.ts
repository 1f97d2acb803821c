import { concat } from '../support/bytes.js';
import { FLAG_LONG, GREETING_SIZE } from '../support/zmtp-wire.js';

/** Turns one whole frame (header and body) into what is sent instead. */
export type FrameRewrite = (frame: Uint8Array) => Uint8Array[];

type State = 'greeting' | 'flags' | 'size' | 'body';

/**
 * Follows the outbound bytes of one ZMTP 3 connection (greeting, then frames)
 * and passes them on unchanged, except for the next whole frame after `arm()`,
 * which is handed to the rewrite. Bytes are never copied except that frame.
 */
export class FrameCutter {
  private state: State = 'greeting';
  private greetingLeft = GREETING_SIZE;
  private sizeBytes: number[] = [];
  private sizeLength = 1;
  private bodyLeft = 0;
  private armed: FrameRewrite | undefined;
  private capture: { rewrite: FrameRewrite; parts: Uint8Array[] } | undefined;

  /** Rewrites the next frame that starts from now on. */
  arm(rewrite: FrameRewrite): void {
    this.armed = rewrite;
  }

  /** The chunks to send for `chunk`, in order. */
  push(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    let start = 0; // where the bytes not yet handed on begin
    let i = 0;
    const flushTo = (end: number): void => {
      if (end <= start) return;
      const piece = chunk.subarray(start, end);
      if (this.capture) this.capture.parts.push(piece);
      else out.push(piece);
      start = end;
    };
    while (i < chunk.length) {
      switch (this.state) {
        case 'greeting': {
          const take = Math.min(this.greetingLeft, chunk.length - i);
          this.greetingLeft -= take;
          i += take;
          if (this.greetingLeft === 0) this.state = 'flags';
          break;
        }
        case 'flags': {
          if (this.armed) {
            flushTo(i);
            this.capture = { rewrite: this.armed, parts: [] };
            this.armed = undefined;
          }
          this.sizeLength = chunk[i] & FLAG_LONG ? 8 : 1;
          this.sizeBytes = [];
          this.state = 'size';
          i += 1;
          break;
        }
        case 'size': {
          this.sizeBytes.push(chunk[i]);
          i += 1;
          if (this.sizeBytes.length === this.sizeLength) {
            this.bodyLeft = this.sizeBytes.reduce((size, byte) => size * 256 + byte, 0);
            this.state = 'body';
            if (this.bodyLeft === 0) this.frameDone(i, flushTo, out);
          }
          break;
        }
        case 'body': {
          const take = Math.min(this.bodyLeft, chunk.length - i);
          this.bodyLeft -= take;
          i += take;
          if (this.bodyLeft === 0) this.frameDone(i, flushTo, out);
          break;
        }
      }
    }
    flushTo(chunk.length);
    return out;
  }

  private frameDone(end: number, flushTo: (end: number) => void, out: Uint8Array[]): void {
    this.state = 'flags';
    if (!this.capture) return;
    flushTo(end);
    const { rewrite, parts } = this.capture;
    this.capture = undefined;
    out.push(...rewrite(concat(parts)));
  }
}
