import { AbstractConnection, type Connection } from '@zmtp/core';

/**
 * A connection that passes everything through to another one. Subclasses
 * override `sendBytes` or `received` to act on the bytes in between.
 */
export class RelayConnection extends AbstractConnection {
  readonly localAddress: string;
  readonly remoteAddress: string;

  constructor(protected readonly inner: Connection) {
    super();
    this.localAddress = inner.localAddress;
    this.remoteAddress = inner.remoteAddress;
    inner.setHandler({
      data: (chunk) => this.received(chunk),
      drain: () => this.pushDrain(),
      end: () => this.pushEnd(),
      close: (error) => this.pushClose(error),
    });
  }

  /** Bytes from the inner connection; by default handed on unchanged. */
  protected received(chunk: Uint8Array): void {
    this.pushData(chunk);
  }

  protected sendBytes(chunk: Uint8Array): boolean {
    return this.inner.write(chunk);
  }

  protected sendEnd(): void {
    this.inner.end();
  }

  protected sendDestroy(error?: Error): void {
    this.inner.destroy(error);
  }

  protected pauseSource(): void {
    this.inner.pause();
  }

  protected resumeSource(): void {
    this.inner.resume();
  }
}
