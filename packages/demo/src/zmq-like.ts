/**
 * The part of the zeromq.js v6 API the demo uses. Both `@zmtp/core` and the native
 * `zeromq` package must fit it, so a drift in our public API fails the typecheck here.
 */
export type Frame = Uint8Array | string;

export interface SocketLike {
  readonly lastEndpoint: string | null;
  bind(address: string): Promise<void>;
  connect(address: string): void;
  close(): void;
}

export interface Writable {
  send(message: Frame | Frame[]): Promise<void>;
}

export interface Readable {
  receive(): Promise<Uint8Array[]>;
}

export interface Subscribing {
  subscribe(...prefixes: string[]): void;
}

export interface SocketOptionsLike {
  linger?: number;
  receiveTimeout?: number;
  sendTimeout?: number;
}

export type SocketClass<S extends SocketLike> = new (options?: SocketOptionsLike) => S;

export interface ZmqLike {
  readonly Push: SocketClass<SocketLike & Writable>;
  readonly Pull: SocketClass<SocketLike & Readable>;
  readonly Publisher: SocketClass<SocketLike & Writable>;
  readonly Subscriber: SocketClass<SocketLike & Readable & Subscribing>;
  readonly Request: SocketClass<SocketLike & Writable & Readable>;
  readonly Reply: SocketClass<SocketLike & Writable & Readable>;
}
