import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { inNamespace, type LinkInfo } from './link.js';
import { here, tsEntryArgv } from './ts-entry.js';

/** A link-peer.ts process inside one side of a link. */
export interface PeerProcess {
  /** Resolves when the peer says it is listening. */
  ready: Promise<void>;
  /** Resolves with the peer's result; rejects if it exits without one. */
  result: Promise<unknown>;
  /** Asks it to finish (SIGTERM). */
  stop(): void;
}

export function startPeer(link: LinkInfo, side: 'a' | 'b', args: string[]): PeerProcess {
  const [command, ...rest] = inNamespace(link, side, [...tsEntryArgv(here('link-peer.ts')), ...args]);
  const child = spawn(command, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  let onReady!: () => void;
  let onResult!: (value: unknown) => void;
  let onFail!: (error: Error) => void;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const result = new Promise<unknown>((resolve, reject) => {
    onResult = resolve;
    onFail = reject;
  });
  let gotResult = false;
  createInterface({ input: child.stdout }).on('line', (line) => {
    let message: { ready?: boolean; result?: unknown };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      return; // a stray log line
    }
    if (message.ready) onReady();
    if ('result' in message) {
      gotResult = true;
      onResult(message.result);
    }
  });
  child.on('close', (code) => {
    if (!gotResult) onFail(new Error(`link peer '${args[0]}' in ${side.toUpperCase()} exited (${code}) without a result: ${stderr.trim()}`));
  });
  // A peer that dies before it is ready must not leave callers waiting on `ready`.
  void result.catch(() => {});
  const readyOrFail = Promise.race([ready, result.then(() => undefined)]);
  void readyOrFail.catch(() => {}); // callers that never wait for `ready` see the failure in `result`
  return {
    ready: readyOrFail,
    result,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    },
  };
}
