import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { GoodputWindow, type PeerReceiveOptions, type PeerSendOptions, type ReceiveResult } from '../link-transport.js';

/** Raw kernel TCP: a Node socket writing 64 KiB chunks as fast as the kernel takes them. */
export async function receive({ host, port, durationMs, warmupMs, onReady }: PeerReceiveOptions): Promise<ReceiveResult> {
  const window = new GoodputWindow(durationMs, warmupMs);
  const server = createServer((socket) => {
    socket.on('data', (chunk: Buffer) => window.add(chunk.byteLength));
    socket.on('error', () => {});
    socket.on('close', () => window.close());
    void window.done.then(() => socket.destroy());
  });
  server.listen(port, host);
  await once(server, 'listening');
  onReady();
  const result = await window.done;
  server.close();
  return result;
}

export async function send({ host, port, options, signal }: PeerSendOptions): Promise<void> {
  const chunk = Buffer.alloc(Number(options.chunk ?? 65_536), 0x5a);
  const socket = connect({ host, port });
  socket.on('error', () => {});
  signal.addEventListener('abort', () => socket.destroy(), { once: true });
  await once(socket, 'connect');
  // Write until the kernel pushes back, resume on 'drain'; the receiver closing ends it.
  await new Promise<void>((resolve) => {
    socket.once('close', () => resolve());
    const pump = (): void => {
      while (!signal.aborted && !socket.destroyed) {
        if (!socket.write(chunk)) {
          socket.once('drain', pump);
          return;
        }
      }
      resolve();
    };
    pump();
  });
}
