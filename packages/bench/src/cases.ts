/** The benchmark matrix: which cases exist and how each is named. */
import { formatSize } from './units.js';

export const patterns = ['push-pull', 'pub-sub', 'req-rep', 'slow-consumer'] as const;
export type Pattern = (typeof patterns)[number];

export const transports = ['tcp', 'ipc', 'inproc'] as const;
export type TransportName = (typeof transports)[number];

/** ours: @zmtp/core; zeromq: zeromq.js (libzmq); raw: length-prefixed frames on a Node net socket. */
export const impls = ['ours', 'zeromq', 'raw'] as const;
export type Impl = (typeof impls)[number];

export const implLabels: Record<Impl, string> = { ours: '@zmtp/core', zeromq: 'zeromq.js', raw: 'raw net' };

/** One cell of the matrix, run once per implementation and repetition. */
export interface CaseSpec {
  pattern: Pattern;
  /** Payload bytes per message. */
  size: number;
  /** pub-sub: subscribers fed by one publisher. */
  subscribers: number;
  transport: TransportName;
  /** 1: both sides in one process; 2: the other side in a forked peer process. */
  processes: 1 | 2;
  /** Send and receive high-water mark, in messages per peer. */
  hwm: number;
}

/** A stable id such as `push-pull/64/tcp/2p` or `pub-sub/64x4/ipc/1p`. */
export function caseId(spec: CaseSpec): string {
  const what =
    spec.pattern === 'pub-sub'
      ? `${spec.size}x${spec.subscribers}`
      : spec.pattern === 'slow-consumer'
        ? `${spec.size}-hwm${spec.hwm}`
        : `${spec.size}`;
  return `${spec.pattern}/${what}/${spec.transport}/${spec.processes}p`;
}

/** A label for tables and charts: `PUSH/PULL 64 B`, `PUB/SUB 64 B → 16`. */
export function caseLabel(spec: CaseSpec): string {
  const size = formatSize(spec.size);
  switch (spec.pattern) {
    case 'push-pull':
      return `PUSH/PULL ${size}`;
    case 'pub-sub':
      return `PUB/SUB ${size} → ${spec.subscribers}`;
    case 'req-rep':
      return `REQ/REP ${size}`;
    case 'slow-consumer':
      return `slow PULL ${size} hwm ${spec.hwm}`;
  }
}

/** Which implementations can run a case: inproc has no raw-socket equivalent. */
export function implsFor(spec: CaseSpec, wanted: readonly Impl[]): Impl[] {
  return wanted.filter((impl) => {
    if (impl === 'raw') return spec.transport !== 'inproc' && spec.pattern !== 'slow-consumer';
    return true;
  });
}

/** Higher is better for throughput figures, lower for latency. */
export function isLatency(spec: CaseSpec): boolean {
  return spec.pattern === 'req-rep';
}
