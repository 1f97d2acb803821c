/**
 * Counts JavaScript blocks executed, through V8's precise block coverage over
 * the inspector protocol (Node only). V8 counts blocks only in functions
 * compiled after counting started, so start it before the code under test
 * first runs.
 */

interface CoverageRange {
  readonly count: number;
}
interface CoverageFunction {
  readonly ranges: readonly CoverageRange[];
}
interface ScriptCoverage {
  readonly url: string;
  readonly functions: readonly CoverageFunction[];
}
interface InspectorSession {
  connect(): void;
  disconnect(): void;
  post(method: string, params: object, callback: (error: Error | null, result: unknown) => void): void;
}

export interface BlockReading {
  /** Blocks executed (function bodies included), summed over every script outside the suite's own files. */
  readonly blocks: number;
}

export class BlockCounter {
  private constructor(
    private readonly session: InspectorSession,
    private readonly excludeUrlPrefix: string,
  ) {}

  /**
   * Starts counting, or says why it cannot: no inspector (not Node), or a
   * coverage run already using V8's counters (ours would reset them).
   */
  static start(excludeUrlPrefix: string): BlockCounter | string {
    const worker = (globalThis as { __vitest_worker__?: { config?: { coverage?: { enabled?: boolean } } } }).__vitest_worker__;
    if (worker?.config?.coverage?.enabled) return 'vitest coverage is running and owns V8 block counters';
    if (typeof process === 'undefined') return 'not running in Node';
    if (process.env.NODE_V8_COVERAGE) return 'NODE_V8_COVERAGE is set and owns V8 block counters';
    const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
    const inspector = getBuiltin?.('node:inspector') as { Session: new () => InspectorSession } | undefined;
    if (!inspector) return 'node:inspector is not available (Node 20.16 or newer has process.getBuiltinModule)';
    try {
      const session = new inspector.Session();
      session.connect();
      const counter = new BlockCounter(session, excludeUrlPrefix);
      counter.post('Profiler.enable');
      counter.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
      return counter;
    } catch (error) {
      return `the inspector refused precise coverage: ${(error as Error).message}`;
    }
  }

  /** Counts since the last call (V8 resets its counters on each take). */
  take(): BlockReading {
    const { result } = this.post('Profiler.takePreciseCoverage') as { result: ScriptCoverage[] };
    let blocks = 0;
    for (const script of result) {
      if (script.url.startsWith(this.excludeUrlPrefix) || script.url.startsWith('node:')) continue;
      for (const fn of script.functions) for (const range of fn.ranges) blocks += range.count;
    }
    return { blocks };
  }

  stop(): void {
    try {
      this.post('Profiler.stopPreciseCoverage');
      this.post('Profiler.disable');
    } finally {
      this.session.disconnect();
    }
  }

  // The in-process session answers synchronously, so a reading brackets synchronous code exactly.
  private post(method: string, params: object = {}): unknown {
    let answer: { error: Error | null; result: unknown } | undefined;
    this.session.post(method, params, (error, result) => (answer = { error, result }));
    if (!answer) throw new Error(`the inspector answered ${method} asynchronously`);
    if (answer.error) throw answer.error;
    return answer.result;
  }
}

// V8 keeps one set of counters per isolate, so every suite in a worker shares one counter.
let shared: { counter: BlockCounter | string; users: number } | undefined;

/** Starts (or joins) the worker's block counting; call the returned release when done. */
export function acquireBlockCounter(excludeUrlPrefix: string): { counter: BlockCounter | string; release(): void } {
  shared ??= { counter: BlockCounter.start(excludeUrlPrefix), users: 0 };
  const entry = shared;
  entry.users += 1;
  let released = false;
  return {
    counter: entry.counter,
    release() {
      if (released) return;
      released = true;
      entry.users -= 1;
      if (entry.users > 0 || shared !== entry) return;
      shared = undefined;
      if (typeof entry.counter !== 'string') entry.counter.stop();
    },
  };
}
