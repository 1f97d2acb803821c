/** The suite's side of one run: fork a worker, hand it the run, wait for its figures. */
import { forkWorker } from './spawn.js';
import type { RunOutput, RunRequest } from './run-case.js';
import type { WorkerReply } from './worker.js';

/** Resolves with the figures, or rejects with why the run failed; the worker never outlives it. */
export function runInWorker(request: RunRequest, timeoutMs: number): Promise<RunOutput> {
  return new Promise((resolve, reject) => {
    const child = forkWorker(request.profile && { ...request.profile, name: `${request.profile.name}-main` });
    let reply: WorkerReply | undefined;
    const timer = setTimeout(() => {
      reply ??= { type: 'error', message: `no result after ${Math.round(timeoutMs / 1000)} s; the run was stopped` };
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('message', (message: WorkerReply) => (reply ??= message));
    child.on('error', (error) => (reply ??= { type: 'error', message: error.message }));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (reply?.type === 'result') resolve(reply.output);
      else reject(new Error(reply?.message ?? `the worker exited (${signal ?? `code ${code}`}) without a result`));
    });
    child.send({ type: 'run-case', request });
  });
}
