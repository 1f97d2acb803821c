import type { TLSSocket } from 'node:tls';
import { AbstractConnection } from '@zmtp/core';
import { formatTlsEndpoint } from './tls-endpoint.js';
import { toZmqError } from './tls-errors.js';

/**
 * One TLS connection as a `Connection`. AbstractConnection does the contract's
 * bookkeeping (buffering until a handler is set, event order, pause, drain);
 * this class only moves bytes between it and the Node socket.
 */
export class TlsConnection extends AbstractConnection {
  readonly localAddress: string;
  readonly remoteAddress: string;
  private failure: Error | undefined;

  constructor(private readonly socket: TLSSocket) {
    super();
    // Read now: Node forgets the addresses once the socket closes.
    this.localAddress = formatTlsEndpoint(socket.localAddress, socket.localPort);
    this.remoteAddress = formatTlsEndpoint(socket.remoteAddress, socket.remotePort);
    socket.on('data', (chunk: Buffer) => this.pushData(chunk));
    socket.on('drain', () => this.pushDrain());
    socket.on('end', () => this.pushEnd());
    socket.on('error', (error) => {
      this.failure ??= toZmqError(error, `tls connection ${this.localAddress} -> ${this.remoteAddress}`);
      // A TLS alert (a refused client certificate, say) is not always followed by close: make it so.
      socket.destroy();
    });
    socket.on('close', () => this.pushClose(this.failure));
    // Node may hand over a paused socket; reading is ours to control from here (pauseSource/resumeSource).
    socket.resume();
  }

  protected sendBytes(chunk: Uint8Array): boolean {
    return this.socket.write(chunk);
  }

  // Several chunks become one TLS record where they fit, instead of one record each.
  protected override sendChunks(chunks: readonly Uint8Array[]): boolean {
    this.socket.cork();
    let ok = true;
    for (const chunk of chunks) ok = this.socket.write(chunk) && ok;
    this.socket.uncork();
    return ok;
  }

  protected sendEnd(): void {
    this.socket.end();
  }

  protected sendDestroy(): void {
    this.socket.destroy();
  }

  protected pauseSource(): void {
    this.socket.pause();
  }

  protected resumeSource(): void {
    this.socket.resume();
  }
}
