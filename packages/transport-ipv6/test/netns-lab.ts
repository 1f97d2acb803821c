/**
 * Two network namespaces joined by a veth pair, for tests that need link-local addresses
 * and an IPv6 route that drops packets. Every address and route lives inside the two
 * namespaces; deleting them removes everything.
 *
 *   namespace A: lo, vA with fe80::a and 2001:db8:a::a, route 2001:db8:dead::/64 via fe80::b
 *   namespace B: lo, vB with fe80::b, a blackhole route for 2001:db8:dead::/64
 *
 * So from A, fe80::a%vA <-> fe80::b%vB is a working link, and a connect to
 * 2001:db8:dead::1 sends SYNs that B silently drops: it hangs until TCP gives up.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BLACK_HOLE = '2001:db8:dead::1';

export interface Lab {
  readonly a: string;
  readonly b: string;
  readonly vA: string;
  readonly vB: string;
  /** The interface index of vB inside B, for zones given as a number. */
  readonly indexB: number;
  /** Runs test/peers/peer.ts inside a namespace with a JSON request. */
  peer(namespace: string, request: object): Peer;
  remove(): void;
}

/** A running peer: its JSON output lines, awaited one at a time. */
export interface Peer {
  next(what: string, ms?: number): Promise<Record<string, unknown>>;
  /** What the peer wrote on stderr so far (its event log). */
  stderr(): string;
  kill(): void;
}

const ip = (...args: string[]): string => execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Builds the lab, or returns why it cannot be built here (not root, no `ip`, no namespaces). */
export function createLab(): Lab | string {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'creating network namespaces needs root';
  const tag = `${process.pid % 100_000}`;
  const a = `zt6a-${tag}`;
  const b = `zt6b-${tag}`;
  const vA = `z6a${tag}`;
  const vB = `z6b${tag}`;
  try {
    ip('netns', 'add', a);
  } catch (error) {
    return `"ip netns add" failed: ${String((error as { stderr?: string }).stderr ?? error).trim()}`;
  }
  const remove = (): void => {
    for (const namespace of [a, b]) {
      try {
        ip('netns', 'del', namespace);
      } catch {
        // Already gone.
      }
    }
  };
  try {
    ip('netns', 'add', b);
    ip('link', 'add', vA, 'netns', a, 'type', 'veth', 'peer', 'name', vB, 'netns', b);
    for (const [namespace, link, address] of [
      [a, vA, 'fe80::a/64'],
      [b, vB, 'fe80::b/64'],
    ]) {
      ip('-n', namespace, 'link', 'set', 'lo', 'up');
      // Only the addresses we set: no automatic link-local, no duplicate detection delay.
      ip('-n', namespace, 'link', 'set', 'dev', link, 'addrgenmode', 'none');
      ip('-n', namespace, 'link', 'set', link, 'up');
      ip('-n', namespace, 'addr', 'add', address, 'dev', link, 'nodad');
    }
    ip('-n', a, 'addr', 'add', '2001:db8:a::a/64', 'dev', vA, 'nodad');
    ip('-n', a, '-6', 'route', 'add', '2001:db8:dead::/64', 'via', 'fe80::b', 'dev', vA);
    ip('-n', b, '-6', 'route', 'add', 'blackhole', '2001:db8:dead::/64');
    const indexB = Number(/^(\d+):/.exec(ip('-n', b, '-o', 'link', 'show', vB))?.[1]);
    return { a, b, vA, vB, indexB, peer: startPeer, remove };
  } catch (error) {
    remove();
    return `setting up the namespaces failed: ${String((error as { stderr?: string }).stderr ?? error).trim()}`;
  }
}

const peerScript = fileURLToPath(new URL('./peers/peer.ts', import.meta.url));
const packageDir = fileURLToPath(new URL('..', import.meta.url));

function startPeer(namespace: string, request: object): Peer {
  const child: ChildProcess = spawn('ip', ['netns', 'exec', namespace, process.execPath, '--import', 'tsx', peerScript, JSON.stringify(request)], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  let stderr = '';
  let buffered = '';
  let exited = false;
  const wake = (): void => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts.filter((line) => line.trim() !== ''));
    wake();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  child.on('exit', () => {
    exited = true;
    wake();
  });

  return {
    async next(what, ms = 15_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const line = lines.shift();
        if (line !== undefined) {
          const value = JSON.parse(line) as Record<string, unknown>;
          if (value.error) throw new Error(`The peer in ${namespace} failed while we waited for ${what}: ${String(value.error)}`);
          return value;
        }
        if (exited) throw new Error(`The peer in ${namespace} exited before ${what}; stderr: ${stderr.trim()}`);
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what} from the peer in ${namespace}; stderr: ${stderr.trim()}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()) + 1);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    stderr: () => stderr,
    kill() {
      if (!exited) child.kill('SIGKILL');
    },
  };
}
