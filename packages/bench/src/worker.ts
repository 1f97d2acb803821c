/**
 * The benchmark worker process. The suite forks one per run (`run-case`), so each run has
 * a fresh heap, JIT and peak RSS; a two-process case forks a second one (`run-other`) for
 * the other side.
 */
import { loadBackend } from './backend/load.js';
import { bindAddress } from './endpoints.js';
import { parentLink } from './link.js';
import { peakRssKiB } from './memory.js';
import { runCase, sideContext, type RunOutput, type RunRequest } from './run-case.js';
import { workloads } from './workloads/index.js';

export type WorkerCommand = { type: 'run-case'; request: RunRequest } | { type: 'run-other'; request: RunRequest };
export type WorkerReply = { type: 'result'; output: RunOutput } | { type: 'error'; message: string };

/** Sends a last message, then exits: native handles (zeromq's context) may keep a process alive. */
function finish(message: unknown, code: number): void {
  if (!process.connected) process.exit(code);
  process.send!(message, () => process.exit(code));
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.message}${(error as { code?: string }).code ? ` (${(error as { code?: string }).code})` : ''}` : String(error);
}

async function runOther(request: RunRequest): Promise<void> {
  // The link must exist before the first await: the parent's endpoint may come at once.
  const link = parentLink();
  const bind = bindAddress(request.spec.transport);
  try {
    const backend = await loadBackend(request.impl);
    const result = await workloads[request.spec.pattern].other(sideContext(request, backend, link, bind.address));
    bind.cleanup();
    finish({ type: 'stopped', maxRssKiB: peakRssKiB(), ...result }, 0);
  } catch (error) {
    bind.cleanup();
    finish({ type: 'failed', message: describe(error) }, 1);
  }
}

// Orphaned (the suite or the measuring side was stopped): leave with it.
process.on('disconnect', () => process.exit(1));

process.once('message', (command: WorkerCommand) => {
  if (command.type === 'run-other') {
    void runOther(command.request);
    return;
  }
  runCase(command.request).then(
    (output) => finish({ type: 'result', output } satisfies WorkerReply, 0),
    (error) => finish({ type: 'error', message: describe(error) } satisfies WorkerReply, 1),
  );
});
