/**
 * The ceiling baseline: the same messages as length-prefixed frames on plain Node `net`
 * sockets, behind the same promise API the zmq sockets have, with none of ZMTP's work.
 * A bound socket serves every connection it accepts: a publisher writes to all of them,
 * a replier answers the connection the last request came from. It imports nothing from
 * @zmtp/core, so its process's RSS holds no code of the other implementations.
 */
import { once } from 'node:events';
import { connect as netConnect, createServer, type Server } from 'node:net';
import type { Backend, BenchSocket, Message, SocketKind, SocketSettings } from './types.js';
import { RawConnection } from './raw-connection.js';

export const rawBackend: Backend = {
  impl: 'raw',
  version: `node ${process.versions.node} net`,
  async bind(kind, address, settings) {
    const socket = new RawSocket(kind, settings);
    const server = createServer((conn) => socket.adopt(conn));
    const target = parseAddress(address);
    server.listen(target.path !== undefined ? { path: target.path } : { host: target.host, port: target.port });
    await once(server, 'listening');
    socket.server = server;
    const bound = server.address();
    const endpoint = typeof bound === 'string' || bound === null ? address : `tcp://${bound.address}:${bound.port}`;
    return { socket, endpoint };
  },
  async connect(kind, endpoint, settings) {
    const socket = new RawSocket(kind, settings);
    const target = parseAddress(endpoint);
    const conn = netConnect(target.path !== undefined ? { path: target.path } : { host: target.host, port: target.port });
    await once(conn, 'connect');
    socket.adopt(conn);
    return socket;
  },
};

type Target = { path: string; host?: undefined; port?: undefined } | { path?: undefined; host: string; port: number };

function parseAddress(address: string): Target {
  if (address.startsWith('ipc://')) return { path: address.slice('ipc://'.length) };
  const match = /^tcp:\/\/([^:]+):(\*|\d+)$/.exec(address);
  if (!match) throw new Error(`raw net baseline: cannot use "${address}"; it takes tcp://host:port or ipc://path`);
  return { host: match[1], port: match[2] === '*' ? 0 : Number(match[2]) };
}

class RawSocket implements BenchSocket {
  server?: Server;
  private readonly connections = new Set<RawConnection>();
  private readonly queue: Buffer[] = [];
  private head = 0;
  private paused = false;
  private replyTo?: RawConnection;
  private lastFrom?: RawConnection;
  private waiter?: { resolve: (m: Message) => void; reject: (e: Error) => void };
  private closed = false;

  constructor(
    private readonly kind: SocketKind,
    private readonly settings: SocketSettings,
  ) {}

  adopt(socket: import('node:net').Socket): void {
    const conn = new RawConnection(socket, (frame, from) => this.deliver(frame, from));
    this.connections.add(conn);
    socket.on('close', () => this.connections.delete(conn));
    if (this.paused) conn.pause();
  }

  send(message: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(closedError());
    if (this.kind === 'rep') {
      const to = this.replyTo;
      this.replyTo = undefined;
      if (!to) return Promise.reject(new Error('raw rep: send() before a request arrived; receive first'));
      return to.write(message) ? Promise.resolve() : to.drained();
    }
    // No peer (gone, or not yet accepted): wait a moment, as a zmq socket would not
    // complete the send at once either, and so a send loop still yields to the event loop.
    if (this.connections.size === 0) return new Promise((resolve) => setTimeout(resolve, 1));
    let blocked: Promise<void>[] | undefined;
    for (const conn of this.connections) {
      if (!conn.write(message)) (blocked ??= []).push(conn.drained());
    }
    if (!blocked) return Promise.resolve();
    return Promise.all(blocked).then(() => undefined);
  }

  receive(): Promise<Message> {
    if (this.closed) return Promise.reject(closedError());
    if (this.head < this.queue.length) return Promise.resolve([this.take()]);
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Message, void, undefined> {
    while (!this.closed) {
      try {
        yield await this.receive();
      } catch (error) {
        if (this.closed) return;
        throw error;
      }
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.server?.close();
    for (const conn of this.connections) conn.close();
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.reject(closedError());
  }

  private deliver(frame: Buffer, from: RawConnection): void {
    this.lastFrom = from;
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      this.replyTo = from;
      waiter.resolve([frame]);
      return;
    }
    this.queue.push(frame);
    // Like a receive high-water mark: stop reading the sockets while the queue is full.
    if (!this.paused && this.queue.length - this.head >= this.settings.hwm) {
      this.paused = true;
      for (const conn of this.connections) conn.pause();
    }
  }

  private take(): Buffer {
    const frame = this.queue[this.head];
    this.queue[this.head++] = undefined as unknown as Buffer;
    const queued = this.queue.length - this.head;
    if (queued === 0) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head >= 4096 && this.head * 2 >= this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    if (this.paused && queued <= this.settings.hwm >> 1) {
      this.paused = false;
      for (const conn of this.connections) conn.resume();
    }
    // The queue does not remember senders; a replier answers the latest connection heard.
    this.replyTo = this.lastFrom;
    return frame;
  }
}

/** Rejections after close carry ETERM, as the zmq sockets' do. */
function closedError(): Error {
  return Object.assign(new Error('The socket was closed'), { code: 'ETERM' });
}
