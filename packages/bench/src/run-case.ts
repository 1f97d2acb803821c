/**
 * Runs one case once, inside a benchmark worker process: both sides in this process, or
 * the measuring side here and the other in a forked peer. Its peak RSS is this process's.
 */
import { once } from 'node:events';
import { loadBackend } from './backend/load.js';
import type { Backend } from './backend/types.js';
import type { CaseSpec, Impl } from './cases.js';
import { bindAddress } from './endpoints.js';
import { childLink, memoryLinks, type Link } from './link.js';
import { peakRssKiB } from './memory.js';
import { forkWorker, type ProfileTarget } from './spawn.js';
import { workloads } from './workloads/index.js';
import type { Figures, OtherResult, SideContext } from './workloads/side.js';

export interface RunRequest {
  spec: CaseSpec;
  impl: Impl;
  warmupMs: number;
  durationMs: number;
  /** With `--cpu-prof`: the directory and the name stem of this run's profiles. */
  profile?: ProfileTarget;
}

export interface RunOutput {
  /** The implementation's version, e.g. `zeromq 6.8.0 (libzmq 4.3.5)`. */
  version: string;
  figures: Figures;
  /** Peak RSS of the process that ran the measuring side (both sides when in one process). */
  maxRssKiB: number;
  /** The other side's process, when the case runs in two. */
  peer?: OtherResult & { maxRssKiB: number };
}

/** What a side of this run gets; `address` is where it binds, made in its own process. */
export function sideContext(request: RunRequest, backend: Backend, link: Link, address: string): SideContext {
  return { backend, spec: request.spec, link, address, warmupMs: request.warmupMs, durationMs: request.durationMs };
}

export async function runCase(request: RunRequest): Promise<RunOutput> {
  const backend = await loadBackend(request.impl);
  const workload = workloads[request.spec.pattern];
  const bind = bindAddress(request.spec.transport);
  const context = (link: Link) => sideContext(request, backend, link, bind.address);
  try {
    if (request.spec.processes === 1) {
      const [mine, theirs] = memoryLinks();
      const other = workload.other(context(theirs)).then(() => theirs.send({ type: 'stopped' }));
      other.catch((error: Error) => mine.fail(error));
      const { figures, sockets } = await Promise.race([workload.measure(context(mine)), mine.failed()]);
      mine.send({ type: 'stop' });
      await mine.next('stopped');
      for (const socket of sockets) socket.close();
      return { version: backend.version, figures, maxRssKiB: peakRssKiB() };
    }
    const peer = forkWorker(request.profile && { ...request.profile, name: `${request.profile.name}-peer` });
    const exited = once(peer, 'exit');
    const link = childLink(peer);
    peer.send({ type: 'run-other', request });
    const { figures, sockets } = await Promise.race([workload.measure(context(link)), link.failed()]);
    link.send({ type: 'stop' });
    const stopped = await link.next('stopped');
    await exited;
    for (const socket of sockets) socket.close();
    return {
      version: backend.version,
      figures,
      maxRssKiB: peakRssKiB(),
      peer: {
        maxRssKiB: stopped.maxRssKiB ?? 0,
        idleRssKiB: stopped.idleRssKiB,
        rssSamplesKiB: stopped.rssSamplesKiB,
        capped: stopped.capped,
      },
    };
  } finally {
    bind.cleanup();
  }
}
