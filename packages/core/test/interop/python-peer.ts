/**
 * Drives `pyzmq-peer.py`, a libzmq peer running on Debian's libzmq build through
 * /usr/bin/python3 and python3-zmq: a second libzmq besides the one in zeromq.js.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type Frame, WAIT_MS, within } from './helpers.js';

/** Debian's python3-zmq installs for this interpreter only; another python3 may lack it. */
export const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./pyzmq-peer.py', import.meta.url));

/** Null when the python peer can run, else why not. */
export function pythonPeerUnavailableReason(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import zmq'], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} cannot start (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} -c 'import zmq' failed: ${probe.stderr.trim()}`;
  return null;
}

type PeerType = 'PAIR' | 'PUB' | 'SUB' | 'XPUB' | 'XSUB' | 'REQ' | 'REP' | 'DEALER' | 'ROUTER' | 'PUSH' | 'PULL';

interface Reply {
  event: string;
  endpoint?: string;
  libzmq?: string;
  frames?: string[];
  meta?: Record<string, string | null>;
  message?: string;
}

export interface Received {
  frames: Buffer[];
  /** ZMTP metadata the peer's READY carried, as libzmq reports it (zmq_msg_gets). */
  meta: Record<string, string | null>;
}

const toHex = (frame: Frame) => Buffer.from(frame).toString('hex');

export class PythonPeer {
  private readonly waiting: { resolve: (reply: Reply) => void; reject: (err: Error) => void }[] = [];
  private stderr = '';
  private exited = false;
  /** The endpoint the peer bound or connected to (the real port after binding `*`). */
  endpoint = '';
  /** The libzmq version python3-zmq runs on. */
  libzmqVersion = '';

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const waiter = this.waiting.shift();
      if (!waiter) return;
      try {
        waiter.resolve(JSON.parse(line) as Reply);
      } catch {
        waiter.reject(new Error(`python peer printed something that is not JSON: ${line}`));
      }
    });
    child.on('exit', (code) => {
      this.exited = true;
      for (const waiter of this.waiting.splice(0)) {
        waiter.reject(new Error(`python peer exited (code ${code}): ${this.stderr.trim()}`));
      }
    });
  }

  /** Starts a peer of `type` that binds or connects to `endpoint`. */
  static async start(
    type: PeerType,
    mode: 'bind' | 'connect',
    endpoint: string,
    options: { identity?: string } = {},
  ): Promise<PythonPeer> {
    const args = [SCRIPT, type, mode, endpoint];
    if (options.identity !== undefined) args.push('--identity', toHex(options.identity));
    const peer = new PythonPeer(spawn(PYTHON, args, { stdio: ['pipe', 'pipe', 'pipe'] }));
    const ready = await peer.next(`python ${type} to start`);
    if (ready.event !== 'ready') throw new Error(`python peer did not start: ${JSON.stringify(ready)} ${peer.stderr}`);
    peer.endpoint = ready.endpoint ?? '';
    peer.libzmqVersion = ready.libzmq ?? '';
    return peer;
  }

  private next(what: string, ms = WAIT_MS): Promise<Reply> {
    if (this.exited) return Promise.reject(new Error(`python peer has exited: ${this.stderr.trim()}`));
    return within(
      new Promise<Reply>((resolve, reject) => this.waiting.push({ resolve, reject })),
      what,
      ms,
    );
  }

  private async request(request: object, what: string, ms = WAIT_MS): Promise<Reply> {
    const reply = this.next(what, ms);
    this.child.stdin.write(`${JSON.stringify(request)}\n`);
    const answer = await reply;
    if (answer.event === 'error') throw new Error(`python peer failed ${what}: ${answer.message}`);
    return answer;
  }

  async send(frames: Frame[]): Promise<void> {
    await this.request({ op: 'send', frames: frames.map(toHex) }, 'python send');
  }

  /** Receives one message; fails after `ms` with `what` in the message. */
  async receive(what: string, options: { meta?: string[]; ms?: number } = {}): Promise<Received> {
    const ms = options.ms ?? WAIT_MS;
    // Python gives up first, so a miss reads as "timeout", not as a dead pipe.
    const reply = await this.request({ op: 'recv', timeout: ms, meta: options.meta ?? [] }, what, ms + 3_000);
    if (reply.event === 'timeout') throw new Error(`timed out after ${ms} ms waiting for ${what} (python peer)`);
    return { frames: (reply.frames ?? []).map((hex) => Buffer.from(hex, 'hex')), meta: reply.meta ?? {} };
  }

  async subscribe(topic: string): Promise<void> {
    await this.request({ op: 'subscribe', topic: toHex(topic) }, 'python subscribe');
  }

  async unsubscribe(topic: string): Promise<void> {
    await this.request({ op: 'unsubscribe', topic: toHex(topic) }, 'python unsubscribe');
  }

  /** Closes the socket and waits for the process to end; kills it if it does not. */
  async close(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end(`${JSON.stringify({ op: 'close' })}\n`);
    try {
      await within(exited, 'python peer to exit', 2_000);
    } catch {
      this.child.kill('SIGKILL');
      await exited;
    }
  }
}
