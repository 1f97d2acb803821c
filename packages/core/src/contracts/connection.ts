/**
 * A reliable, ordered byte stream produced by a stream transport. Core runs the
 * ZMTP engine on it. Transports usually extend `AbstractConnection`, which
 * implements the handler bookkeeping; they supply only the primitives.
 */
export interface ConnectionHandler {
  /** Bytes arrived. The chunk may be retained by the receiver; the transport must not reuse it. */
  data(chunk: Uint8Array): void;
  /** The send buffer drained after `write()` returned false. */
  drain(): void;
  /** The peer half-closed (no more data will arrive). */
  end(): void;
  /** The connection is gone. `error` is set when it failed rather than closed. Called once. */
  close(error?: Error): void;
}

export interface Connection {
  /** Address of the peer, as an endpoint string (`tcp://1.2.3.4:5555`, `ipc:///tmp/s`, ...). */
  readonly remoteAddress: string;
  /** Address of this end, as an endpoint string. */
  readonly localAddress: string;
  /** Installs the receiver of events. Data is buffered by the transport until a handler is set. */
  setHandler(handler: ConnectionHandler): void;
  /** Queues bytes. Returns false when the caller should wait for `drain` before writing more. */
  write(chunk: Uint8Array): boolean;
  /** Writes several chunks at once (one syscall where the transport can); same return as `write`. */
  writev?(chunks: Uint8Array[]): boolean;
  /** Stops delivering `data` until `resume()` (inbound backpressure). */
  pause(): void;
  resume(): void;
  /** Half close: flushes what was written, then signals end of stream. */
  end(): void;
  /** Closes at once, dropping unsent bytes. `close` is reported to the handler. */
  destroy(error?: Error): void;
}
