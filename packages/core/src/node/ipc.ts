import { randomBytes } from 'node:crypto';
import { lstat, mkdtemp, rmdir, unlink } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import type { Connection } from '../contracts/connection.js';
import type { AcceptHandler, Listener, StreamTransport, TransportOptions } from '../contracts/transport.js';
import { addressForScheme } from '../endpoint.js';
import { AddressInUseError, ConnectionRefusedError, InvalidArgumentError, type ZmqError } from '../errors.js';
import { connectSocket } from './connect-socket.js';
import { listenServer } from './listen-server.js';
import { NetConnection } from './net-connection.js';
import { systemErrorCode, toZmqError } from './net-errors.js';

/** Longest Unix socket path in bytes (`sun_path` holds 108 with the terminating NUL). */
const MAX_SOCKET_PATH_BYTES = 107;

/** What `ipc://<address>` means on this platform. */
export interface IpcTarget {
  /** What `net` listens on or connects to: a file path, `\0name`, or `\\.\pipe\name`. */
  readonly path: string;
  /** The endpoint as reported back (`ipc:///tmp/x`, `ipc://@name`, `ipc://name`). */
  readonly endpoint: string;
  /** A file that exists while bound (a stale one may be left behind by a crashed process). */
  readonly isFile: boolean;
}

/**
 * Maps the address of an `ipc://` endpoint (not `*`) to what Node's `net`
 * understands: a path for a Unix domain socket, `\0name` for Linux's abstract
 * namespace (`@name`), or a named pipe `\\.\pipe\name` on Windows.
 */
export function ipcTarget(address: string, platform: NodeJS.Platform = process.platform): IpcTarget {
  const endpoint = `ipc://${address}`;
  if (platform === 'win32') {
    const pipe = /^\\\\[.?]\\pipe\\/i.test(address) ? address : `\\\\.\\pipe\\${address.replace(/\\/g, '/')}`;
    return { path: pipe, endpoint, isFile: false };
  }
  if (address.startsWith('@')) {
    if (platform !== 'linux') {
      throw new InvalidArgumentError(
        `Endpoint "${endpoint}" uses the abstract socket namespace ("@name"), which only Linux has; use a path such as "ipc:///tmp/feed.sock"`,
      );
    }
    if (address.length === 1) {
      throw new InvalidArgumentError(`Endpoint "${endpoint}" has an empty abstract name; write one after "@", such as "ipc://@feed"`);
    }
    checkLength(endpoint, address);
    return { path: `\0${address.slice(1)}`, endpoint, isFile: false };
  }
  checkLength(endpoint, address);
  return { path: address, endpoint, isFile: true };
}

function checkLength(endpoint: string, address: string): void {
  if (new TextEncoder().encode(address).length > MAX_SOCKET_PATH_BYTES) {
    throw new InvalidArgumentError(
      `Endpoint "${endpoint}" is too long: a Unix socket path has at most ${MAX_SOCKET_PATH_BYTES} bytes; use a shorter path`,
    );
  }
}

// Paths bound by this process, so a second bind fails without knocking on our own door.
const boundHere = new Set<string>();

/**
 * The `ipc://` transport: Unix domain sockets (`ipc:///abs/path`, relative
 * paths, `ipc://@abstract` on Linux, `ipc://*` for a fresh path under the
 * temporary directory) and named pipes on Windows.
 *
 * Like libzmq it removes a stale socket file before binding, but only when
 * nothing answers on it: a live listener makes the bind fail with EADDRINUSE.
 * The file (and the directory made for `ipc://*`) is removed on close.
 */
export function ipc(): StreamTransport {
  return {
    spec: 'zmtp/transport@1',
    schemes: ['ipc'],
    capabilities: { kind: 'stream', reliable: true, ordered: true, multicast: false },
    checkEndpoint: checkIpcEndpoint,
    listen: listenIpc,
    dial: dialIpc,
  };
}

function checkIpcEndpoint(endpoint: string, role: 'listen' | 'dial'): void {
  const address = addressForScheme(endpoint, 'ipc');
  if (address !== '*') ipcTarget(address);
  else if (role === 'dial') throw wildcardDial(endpoint);
}

function wildcardDial(endpoint: string): InvalidArgumentError {
  return new InvalidArgumentError(
    `Cannot connect to "${endpoint}": "*" is only for bind; connect to the endpoint the bind reported, such as "ipc:///tmp/zmtp-ipc-xxxx/socket"`,
  );
}

async function listenIpc(
  endpoint: string,
  options: TransportOptions,
  accept: AcceptHandler<Connection>,
): Promise<Listener> {
  const address = addressForScheme(endpoint, 'ipc');
  let wildcardDir: string | undefined;
  let target: IpcTarget;
  if (address === '*') {
    if (process.platform === 'win32') {
      target = ipcTarget(`zmtp-${randomBytes(8).toString('hex')}`);
    } else {
      // As libzmq: a fresh private directory holding one socket.
      wildcardDir = await mkdtemp(join(tmpdir(), 'zmtp-ipc-'));
      target = ipcTarget(join(wildcardDir, 'socket'));
    }
  } else {
    target = ipcTarget(address);
  }

  const key = target.isFile ? resolvePath(target.path) : target.path;
  const inUse = (): AddressInUseError =>
    new AddressInUseError(`Cannot bind "${endpoint}": something is already listening there; close it or pick another path`);
  try {
    if (boundHere.has(key)) throw inUse();
    if (target.isFile) await removeStaleSocket(target.path, endpoint, inUse);
    const server = createServer({ allowHalfOpen: true });
    const requested = options.socket.backlog;
    const backlog = typeof requested === 'number' && Number.isInteger(requested) && requested >= 0 ? requested : 100;
    await listenServer(server, { path: target.path, backlog }, (error) =>
      systemErrorCode(error) === 'EADDRINUSE' ? inUse() : toZmqError(error, `Cannot bind "${endpoint}"`),
    );
    boundHere.add(key);
    const identity = target.isFile ? await lstat(target.path).catch(() => undefined) : undefined;
    const addresses = { localAddress: target.endpoint, remoteAddress: target.endpoint };
    server.on('connection', (socket: Socket) => accept(new NetConnection(socket, addresses)));

    let open = true;
    return {
      endpoint: target.endpoint,
      async close() {
        if (!open) return;
        open = false;
        server.close();
        boundHere.delete(key);
        // Node removes the socket file itself; make sure, without touching a file someone else bound since.
        if (identity) {
          const now = await lstat(target.path).catch(() => undefined);
          if (now && now.ino === identity.ino && now.dev === identity.dev) await unlink(target.path).catch(() => {});
        }
        if (wildcardDir !== undefined) await rmdir(wildcardDir).catch(() => {});
      },
    };
  } catch (error) {
    if (wildcardDir !== undefined) await rmdir(wildcardDir).catch(() => {});
    throw error;
  }
}

async function dialIpc(endpoint: string, _options: TransportOptions, signal: AbortSignal): Promise<Connection> {
  const address = addressForScheme(endpoint, 'ipc');
  if (address === '*') throw wildcardDial(endpoint);
  const target = ipcTarget(address);
  const socket = await connectSocket({ path: target.path, allowHalfOpen: true }, signal, (error) =>
    refusedOr(error, `Cannot connect to "${endpoint}"`),
  );
  return new NetConnection(socket, { localAddress: target.endpoint, remoteAddress: target.endpoint });
}

function refusedOr(error: Error, context: string): ZmqError {
  const code = systemErrorCode(error);
  if (code === 'ENOENT' || code === 'ECONNREFUSED') {
    const refused = new ConnectionRefusedError(`${context}: nothing is listening there (${code}); bind it first`);
    Object.defineProperty(refused, 'cause', { value: error, configurable: true, writable: true });
    return refused;
  }
  return toZmqError(error, context);
}

/**
 * Unlinks a socket file left behind by a process that died, as libzmq does
 * before binding, but only if nothing answers on it. A live listener, or a
 * file that is not a socket, makes the bind fail instead.
 */
async function removeStaleSocket(path: string, endpoint: string, inUse: () => AddressInUseError): Promise<void> {
  const stat = await lstat(path).catch((error: unknown) => {
    if (systemErrorCode(error) === 'ENOENT') return undefined;
    throw toZmqError(error, `Cannot bind "${endpoint}"`);
  });
  if (!stat) return;
  if (!stat.isSocket()) {
    throw new AddressInUseError(
      `Cannot bind "${endpoint}": "${path}" exists and is not a socket; remove it or pick another path`,
    );
  }
  if (await somebodyAnswers(path)) throw inUse();
  await unlink(path).catch((error: unknown) => {
    if (systemErrorCode(error) !== 'ENOENT') throw toZmqError(error, `Cannot remove the stale socket of "${endpoint}"`);
  });
}

/** Knocks on a socket file: true if a listener accepts, or is alive but busy. */
function somebodyAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect({ path });
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', (error) => {
      probe.destroy();
      const code = systemErrorCode(error);
      resolve(code !== 'ECONNREFUSED' && code !== 'ENOENT');
    });
  });
}
