import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The transports every semantics test runs over. */
export type Transport = 'inproc' | 'tcp' | 'ipc';

export const allTransports: readonly Transport[] = ['inproc', 'tcp', 'ipc'];

/**
 * Transports with a real byte stream underneath: only these have connection events,
 * reconnects and heartbeats. libzmq's inproc is a pair of in-memory pipes, so it
 * reports no `handshake`/`connect` events and never reconnects.
 */
export const streamTransports: readonly Transport[] = ['tcp', 'ipc'];

const runTag = `${process.pid}-${Date.now().toString(36)}`;
let serial = 0;

function uniqueName(): string {
  serial += 1;
  return `zmtp-sem-${runTag}-${serial}`;
}

/** A fresh address to bind on. Connect to `endpointOf(socket)` afterwards: tcp picks its port at bind. */
export function bindAddress(transport: Transport): string {
  switch (transport) {
    case 'inproc':
      return `inproc://${uniqueName()}`;
    case 'tcp':
      return 'tcp://127.0.0.1:*';
    case 'ipc':
      return `ipc://${join(tmpdir(), `${uniqueName()}.sock`)}`;
  }
}

/** The address a socket actually bound, as peers should connect to it. */
export function endpointOf(socket: { readonly lastEndpoint: string | null }): string {
  const endpoint = socket.lastEndpoint;
  if (!endpoint) throw new Error('socket has no lastEndpoint: bind it before asking where it listens');
  return endpoint;
}

/** Binds `socket` to a fresh address of `transport` and returns the endpoint to connect to. */
export async function bindFresh(
  socket: { bind(address: string): Promise<void>; readonly lastEndpoint: string | null },
  transport: Transport,
): Promise<string> {
  await socket.bind(bindAddress(transport));
  return endpointOf(socket);
}

/** An address where nobody listens (a tcp port that was free a moment ago, a missing ipc path, an unbound inproc name). */
export async function deadAddress(transport: Transport): Promise<string> {
  if (transport === 'tcp') return `tcp://127.0.0.1:${await freeTcpPort()}`;
  return bindAddress(transport);
}

async function freeTcpPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('expected a tcp address from net.Server');
  return address.port;
}

/**
 * Binds `socket` to an endpoint another socket just released. libzmq closes the old
 * listener on its I/O thread, so the address can stay busy for a moment; retry
 * EADDRINUSE a bounded number of times.
 */
export async function bindAgain(socket: { bind(address: string): Promise<void> }, endpoint: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await socket.bind(endpoint);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'EADDRINUSE' || attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
