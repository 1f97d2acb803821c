import { FrameCutter, type FrameRewrite } from './frame-cutter.js';
import { RelayConnection } from './relay-connection.js';

/**
 * A connection in the middle: it forwards everything between the engine and the
 * transport's connection, and on request rewrites the next outbound frame or
 * goes silent in both directions (a peer that stopped responding).
 */
export class TappedConnection extends RelayConnection {
  private frozen = false;
  private readonly cutter = new FrameCutter();

  /** From now on, bytes in either direction are dropped; end and close still pass. */
  freeze(): void {
    this.frozen = true;
  }

  /** The next frame written from now on goes through `rewrite`. */
  rewriteNextFrame(rewrite: FrameRewrite): void {
    this.cutter.arm(rewrite);
  }

  protected override received(chunk: Uint8Array): void {
    if (!this.frozen) this.pushData(chunk);
  }

  protected override sendBytes(chunk: Uint8Array): boolean {
    if (this.frozen) return true;
    let ok = true;
    for (const piece of this.cutter.push(chunk)) ok = this.inner.write(piece) && ok;
    return ok;
  }
}
