/**
 * What a workload needs from an implementation: the subset of the zeromq.js v6 socket API
 * that both @zmtp/core and zeromq.js provide, and that the raw-socket baseline imitates,
 * so one workload function measures all three the same way.
 */
import type { Impl } from '../cases.js';

export type Message = Buffer[];

export interface BenchSocket {
  send(message: Buffer): Promise<void>;
  receive(): Promise<Message>;
  [Symbol.asyncIterator](): AsyncIterator<Message>;
  close(): void;
}

export type SocketKind = 'push' | 'pull' | 'pub' | 'sub' | 'req' | 'rep';

export interface SocketSettings {
  /** Send and receive high-water mark, in messages. */
  hwm: number;
}

export interface Backend {
  readonly impl: Impl;
  /** Version string for the results file. */
  readonly version: string;
  /** Binds a socket to a fresh endpoint of the transport; resolves with the endpoint to connect to. */
  bind(kind: SocketKind, address: string, settings: SocketSettings): Promise<{ socket: BenchSocket; endpoint: string }>;
  /** Connects a socket; resolves once the connect is under way (zmq) or established (raw). */
  connect(kind: SocketKind, endpoint: string, settings: SocketSettings): Promise<BenchSocket>;
}
