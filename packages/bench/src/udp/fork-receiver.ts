/** A Receiver whose Dish runs in a forked process (see receiver-peer.ts). */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PeerReport, PeerRequest } from './receiver-peer.js';
import type { Receiver, ReceiverCounts, UdpImpl } from './sides.js';
import type { UdpMode } from './udp-modes.js';

const self = fileURLToPath(import.meta.url);
const peerPath = fileURLToPath(new URL(`./receiver-peer${extname(self)}`, import.meta.url));

/** How long the peer may take to start (tsx compiles on the way). */
const START_LIMIT_MS = 30_000;

export function forkReceiver(impl: UdpImpl, size: number, mode: UdpMode): Promise<Receiver> {
  // The TypeScript loader is always on, as for the main bench's workers.
  const execArgv = ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
  const child = fork(peerPath, [JSON.stringify({ impl, size, mode })], { execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let resolveWarmed!: () => void;
  const warmed = new Promise<void>((resolve) => (resolveWarmed = resolve));
  const countWaiters: Array<(counts: ReceiverCounts) => void> = [];
  const ask = (request: PeerRequest): void => void child.send(request);

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`the receiver process did not start within ${START_LIMIT_MS} ms`)), START_LIMIT_MS);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill();
      reject(error);
    };
    const exitedEarly = (code: number | null): void => fail(new Error(`the receiver process exited (${code}) before it was ready: ${stderr.trim()}`));
    child.once('exit', exitedEarly);
    child.on('message', (report: PeerReport) => {
      if (report.type === 'warmed') resolveWarmed();
      else if (report.type === 'counts') countWaiters.shift()?.(report.counts);
      else {
        clearTimeout(timer);
        child.off('exit', exitedEarly);
        resolve({
          endpoint: report.endpoint,
          warmed,
          counts: () =>
            new Promise((resolveCounts) => {
              countWaiters.push(resolveCounts);
              ask({ type: 'counts' });
            }),
          async close() {
            if (child.connected) ask({ type: 'close' });
            const killer = setTimeout(() => child.kill(), 2_000);
            await exited;
            clearTimeout(killer);
          },
        });
      }
    });
  });
}
