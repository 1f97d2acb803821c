import { AbstractConnection } from '../abstract-connection.js';
import type { Connection } from '../contracts/connection.js';
import type { AcceptHandler, Listener, StreamTransport, TransportOptions } from '../contracts/transport.js';
import { addressForScheme } from '../endpoint.js';
import { AddressInUseError, ConnectionRefusedError } from '../errors.js';

/** A writer is told to wait (write returns false) once its peer holds more unread bytes than this. */
export const MEMORY_UNREAD_LIMIT = 256 * 1024;
// `drain` comes when the unread bytes fall back to half the limit, so writers do not flap.
const DRAIN_LEVEL = MEMORY_UNREAD_LIMIT / 2;

/**
 * The `memory://` transport: an in-process byte stream that runs the full ZMTP
 * engine, the reference stream transport for tests and the conformance suite
 * (`inproc://` moves whole messages and skips ZMTP). Byte pipes between sockets of one process (one
 * JavaScript realm). Platform-neutral.
 *
 * Every call returns a transport with its own name registry: a context installs
 * one, so two contexts never see each other's names, as in libzmq.
 *
 * Chunks pass to the other side by reference (never copied) on a microtask,
 * with backpressure: `write` returns false once the peer holds more than
 * {@link MEMORY_UNREAD_LIMIT} unread bytes, and `drain` follows when it has
 * read them down to half of that.
 */
export function memory(): StreamTransport {
  const registry = new Map<string, { accept: AcceptHandler<Connection> }>();

  return {
    spec: 'zmtp/transport@1',
    schemes: ['memory'],
    capabilities: { kind: 'stream', reliable: true, ordered: true, multicast: false },

    checkEndpoint(endpoint: string): void {
      addressForScheme(endpoint, 'memory');
    },

    async listen(endpoint: string, _options: TransportOptions, accept: AcceptHandler<Connection>): Promise<Listener> {
      const name = addressForScheme(endpoint, 'memory');
      if (registry.has(name)) {
        throw new AddressInUseError(
          `Cannot bind "${endpoint}": the name is already bound in this context; unbind it first or pick another name`,
        );
      }
      const entry = { accept };
      registry.set(name, entry);
      return {
        endpoint: `memory://${name}`,
        async close() {
          if (registry.get(name) === entry) registry.delete(name);
        },
      };
    },

    async dial(endpoint: string, _options: TransportOptions, signal: AbortSignal): Promise<Connection> {
      const name = addressForScheme(endpoint, 'memory');
      signal.throwIfAborted();
      // Connecting takes one turn of the microtask queue, like any dial, so it can be aborted.
      await Promise.resolve();
      signal.throwIfAborted();
      const entry = registry.get(name);
      if (!entry) {
        throw new ConnectionRefusedError(
          `Nothing is bound at "${endpoint}" in this context; bind it first (memory names exist only in one context)`,
        );
      }
      const address = `memory://${name}`;
      const client = new MemoryConnection(address);
      const server = new MemoryConnection(address);
      client.link(server);
      server.link(client);
      try {
        entry.accept(server);
      } catch (error) {
        client.destroy();
        server.destroy();
        throw error;
      }
      return client;
    },
  };
}

/** One end of an in-memory byte pipe. */
class MemoryConnection extends AbstractConnection {
  readonly localAddress: string;
  readonly remoteAddress: string;
  private peer: MemoryConnection | undefined;
  // Chunks the peer wrote that this end has not pushed to its handler yet.
  private inbox: Uint8Array[] = [];
  private inboxHead = 0;
  private unreadBytes = 0;
  private writerWaiting = false;
  private reading = true;
  private pumpScheduled = false;
  private peerEnded = false;
  private peerGone = false;
  private endPushed = false;
  private localEnded = false;

  constructor(address: string) {
    super();
    this.localAddress = address;
    this.remoteAddress = address;
  }

  link(peer: MemoryConnection): void {
    this.peer = peer;
  }

  protected sendBytes(chunk: Uint8Array): boolean {
    // A peer that is gone drops the bytes; our own close is on its way.
    return this.peer ? this.peer.receive(chunk) : true;
  }

  protected sendEnd(): void {
    this.localEnded = true;
    this.peer?.peerEndedStream();
    this.closeIfBothEnded();
  }

  protected sendDestroy(): void {
    const peer = this.peer;
    this.peer = undefined;
    this.inbox = [];
    this.inboxHead = 0;
    this.unreadBytes = 0;
    peer?.peerDestroyed();
  }

  protected pauseSource(): void {
    this.reading = false;
  }

  protected resumeSource(): void {
    this.reading = true;
    this.schedulePump();
  }

  /** The peer wrote a chunk. Returns false once too much is unread. */
  private receive(chunk: Uint8Array): boolean {
    if (chunk.length === 0) return true;
    this.inbox.push(chunk);
    this.unreadBytes += chunk.length;
    this.schedulePump();
    if (this.unreadBytes <= MEMORY_UNREAD_LIMIT) return true;
    this.writerWaiting = true;
    return false;
  }

  private peerEndedStream(): void {
    this.peerEnded = true;
    this.schedulePump();
  }

  private peerDestroyed(): void {
    this.peer = undefined;
    this.peerGone = true;
    this.peerEnded = true;
    this.schedulePump();
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    queueMicrotask(() => this.pump());
  }

  private pump(): void {
    this.pumpScheduled = false;
    // When the peer is gone nothing more can be written, so hand everything over
    // at once; the base class holds it if this end is paused.
    while (this.inboxHead < this.inbox.length && (this.reading || this.peerGone) && !this.isClosing) {
      const chunk = this.inbox[this.inboxHead];
      this.inbox[this.inboxHead++] = undefined as unknown as Uint8Array;
      this.unreadBytes -= chunk.length;
      this.pushData(chunk);
    }
    if (this.inboxHead >= this.inbox.length) {
      this.inbox = [];
      this.inboxHead = 0;
      if (this.peerEnded && !this.endPushed) {
        this.endPushed = true;
        this.pushEnd();
        this.closeIfBothEnded();
      }
      if (this.peerGone) this.pushClose();
    } else if (this.inboxHead > 1024 && this.inboxHead * 2 > this.inbox.length) {
      this.inbox = this.inbox.slice(this.inboxHead);
      this.inboxHead = 0;
    }
    if (this.writerWaiting && this.unreadBytes <= DRAIN_LEVEL) {
      this.writerWaiting = false;
      this.peer?.pushDrain();
    }
  }

  // A pipe is done once each side has ended its half and has seen the other's end.
  private closeIfBothEnded(): void {
    if (this.localEnded && this.endPushed) queueMicrotask(() => this.pushClose());
  }
}
