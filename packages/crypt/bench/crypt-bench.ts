/**
 * Benchmark of @zmtp/crypt: throughput of encrypted against plaintext PUSH/PULL over
 * tcp at 64 B and 64 KiB, and handshake time, for the opportunistic mechanism
 * (ZCRYPT) and for CURVE, next to zeromq.js (libzmq) with NULL and CURVE.
 *
 *   npx tsx bench/crypt-bench.ts [--quick] [--repeat N] [--processes 1|2] [--json results.json]
 *
 * With --processes 1 (the default) both ends run in this process; with 2 the PULL
 * side runs in a forked process, so each side's crypto has a core of its own. Each
 * figure is the median of the repeats. Prints a table with the ratios, and writes the
 * JSON result when asked.
 */
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zmq from '@zmtp/core';
import * as libzmq from 'zeromq';
import { crypt, curveKeyPair } from '../src/index.js';

type Impl = 'ours' | 'zeromq';
type Security = 'NULL' | 'ZCRYPT' | 'CURVE';

interface Setup {
  readonly impl: Impl;
  readonly security: Security;
}

const setups: readonly Setup[] = [
  { impl: 'ours', security: 'NULL' },
  { impl: 'ours', security: 'ZCRYPT' },
  { impl: 'ours', security: 'CURVE' },
  { impl: 'zeromq', security: 'NULL' },
  { impl: 'zeromq', security: 'CURVE' },
];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const repeat = Number(args[args.indexOf('--repeat') + 1]) || (quick ? 1 : 5);
const jsonPath = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const processes = args.includes('--processes') && args[args.indexOf('--processes') + 1] === '2' ? 2 : 1;
const sizes = [64, 65_536];
/** Messages per throughput run, by size. */
const counts: Record<number, number> = quick ? { 64: 20_000, 65_536: 1_000 } : { 64: 100_000, 65_536: 4_000 };
const handshakes = quick ? 10 : 60;

const context = new zmq.Context().use(crypt());
// The forked receiver gets the parent's keys, so both processes use one pair of each.
const server: { publicKey: string; secretKey: string } = process.env.CRYPT_BENCH_SERVER
  ? JSON.parse(process.env.CRYPT_BENCH_SERVER)
  : curveKeyPair();
const client: { publicKey: string; secretKey: string } = process.env.CRYPT_BENCH_CLIENT
  ? JSON.parse(process.env.CRYPT_BENCH_CLIENT)
  : curveKeyPair();

function options(setup: Setup, role: 'server' | 'client'): Record<string, unknown> {
  const base = { linger: 0 };
  if (setup.security === 'CURVE') {
    return role === 'server'
      ? { ...base, curveServer: true, curvePublicKey: server.publicKey, curveSecretKey: server.secretKey }
      : { ...base, curveServerKey: server.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey };
  }
  if (setup.impl === 'ours') return { ...base, encryption: setup.security === 'ZCRYPT' ? 'opportunistic' : 'off' };
  return base;
}

interface Pull {
  bind(address: string): Promise<void>;
  receive(): Promise<unknown[]>;
  close(): void;
  readonly lastEndpoint: string | null;
}
interface Push {
  connect(address: string): void;
  send(message: unknown): Promise<void>;
  close(): void;
  readonly events: object;
}

function sockets(setup: Setup): { pull: Pull; push: Push } {
  if (setup.impl === 'ours') {
    return {
      pull: new zmq.Pull({ context, ...options(setup, 'server') }),
      push: new zmq.Push({ context, ...options(setup, 'client') }),
    };
  }
  return {
    pull: new libzmq.Pull(options(setup, 'server')) as unknown as Pull,
    push: new libzmq.Push(options(setup, 'client')) as unknown as Push,
  };
}

/** Messages per second from the first send to the last receive. */
async function throughput(setup: Setup, size: number): Promise<number> {
  return processes === 2 ? throughputAcrossProcesses(setup, size) : throughputInProcess(setup, size);
}

async function throughputInProcess(setup: Setup, size: number): Promise<number> {
  const { pull, push } = sockets(setup);
  await pull.bind('tcp://127.0.0.1:*');
  push.connect(pull.lastEndpoint!);
  const payload = Buffer.alloc(size, 0x61);
  await push.send(payload);
  await pull.receive(); // connected and handshaken
  const count = counts[size];
  const start = performance.now();
  const receiving = (async () => {
    for (let i = 0; i < count; i++) await pull.receive();
  })();
  for (let i = 0; i < count; i++) await push.send(payload);
  await receiving;
  const seconds = (performance.now() - start) / 1000;
  push.close();
  pull.close();
  return count / seconds;
}

interface ReceiverJob {
  setup: Setup;
  size: number;
  count: number;
}

/** The PULL side in a child process; it reports messages per second from its first message to its last. */
async function throughputAcrossProcesses(setup: Setup, size: number): Promise<number> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: {
      ...process.env,
      CRYPT_BENCH_ROLE: 'receiver',
      CRYPT_BENCH_SERVER: JSON.stringify(server),
      CRYPT_BENCH_CLIENT: JSON.stringify(client),
    },
    execArgv: process.execArgv,
  });
  const replies: unknown[] = [];
  let wake: (() => void) | undefined;
  child.on('message', (message) => {
    replies.push(message);
    wake?.();
  });
  const reply = async <T>(): Promise<T> => {
    while (replies.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return replies.shift() as T;
  };
  const count = counts[size];
  child.send({ setup, size, count: count + 1 } satisfies ReceiverJob);
  const endpoint = await reply<string>();
  const { push } = sockets(setup);
  push.connect(endpoint);
  const payload = Buffer.alloc(size, 0x61);
  for (let i = 0; i <= count; i++) await push.send(payload);
  const rate = await reply<number>();
  push.close();
  child.kill();
  return rate;
}

async function runReceiver(job: ReceiverJob): Promise<void> {
  const { pull } = sockets(job.setup);
  await pull.bind('tcp://127.0.0.1:*');
  process.send!(pull.lastEndpoint);
  await pull.receive();
  const start = performance.now();
  for (let i = 1; i < job.count; i++) await pull.receive();
  process.send!((job.count - 1) / ((performance.now() - start) / 1000));
  pull.close();
}

function nextHandshake(socket: Push): Promise<void> {
  return new Promise((resolve) => (socket.events as { on(type: string, f: () => void): void }).on('handshake', resolve));
}

/** Milliseconds from connect() to the connecting side's handshake event, median of many fresh connections. */
async function handshakeTime(setup: Setup): Promise<number> {
  const { pull } = sockets(setup);
  await pull.bind('tcp://127.0.0.1:*');
  const times: number[] = [];
  for (let i = 0; i < handshakes; i++) {
    const { push, pull: unused } = sockets(setup);
    unused.close();
    const done = nextHandshake(push);
    const start = performance.now();
    push.connect(pull.lastEndpoint!);
    await done;
    times.push(performance.now() - start);
    push.close();
  }
  pull.close();
  return median(times);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const label = (setup: Setup) => `${setup.impl === 'ours' ? '@zmtp' : 'zeromq.js'} ${setup.security}`;

interface Result {
  setup: string;
  messagesPerSecond: Record<string, number>;
  megabytesPerSecond: Record<string, number>;
  handshakeMs: number;
}

if (process.env.CRYPT_BENCH_ROLE === 'receiver') {
  process.once('message', (job) => void runReceiver(job as ReceiverJob));
} else {
  await main();
}

async function main(): Promise<void> {
  // Repeats go round all setups in turn, so a change in machine load hits each setup alike.
  const runs = new Map<string, number[]>();
  for (let r = 0; r < repeat; r++) {
    for (const size of sizes) {
      for (const setup of setups) {
        const key = `${label(setup)}/${size}`;
        runs.set(key, [...(runs.get(key) ?? []), await throughput(setup, size)]);
      }
    }
    console.error(`round ${r + 1} of ${repeat} done`);
  }
  const results: Result[] = [];
  for (const setup of setups) {
    const messagesPerSecond: Record<string, number> = {};
    const megabytesPerSecond: Record<string, number> = {};
    for (const size of sizes) {
      const rate = median(runs.get(`${label(setup)}/${size}`)!);
      messagesPerSecond[size] = Math.round(rate);
      megabytesPerSecond[size] = Math.round((rate * size) / 1e6);
    }
    const handshakeMs = Number((await handshakeTime(setup)).toFixed(3));
    results.push({ setup: label(setup), messagesPerSecond, megabytesPerSecond, handshakeMs });
  }

  const find = (name: string) => results.find((r) => r.setup === name)!;
  const ratio = (a: string, b: string, size: number) =>
    Number((find(a).messagesPerSecond[size] / find(b).messagesPerSecond[size]).toFixed(2));
  const ratios = Object.fromEntries(
    sizes.flatMap((size) => [
      [`ZCRYPT / @zmtp NULL, ${size} B`, ratio('@zmtp ZCRYPT', '@zmtp NULL', size)],
      [`@zmtp CURVE / @zmtp NULL, ${size} B`, ratio('@zmtp CURVE', '@zmtp NULL', size)],
      [`zeromq.js CURVE / zeromq.js NULL, ${size} B`, ratio('zeromq.js CURVE', 'zeromq.js NULL', size)],
      [`@zmtp CURVE / zeromq.js CURVE, ${size} B`, ratio('@zmtp CURVE', 'zeromq.js CURVE', size)],
    ]),
  );

  console.log('| setup | 64 B msg/s | 64 KiB msg/s | 64 KiB MB/s | handshake ms |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of results) {
    console.log(`| ${r.setup} | ${r.messagesPerSecond[64]} | ${r.messagesPerSecond[65_536]} | ${r.megabytesPerSecond[65_536]} | ${r.handshakeMs} |`);
  }
  console.log('\n| ratio | value |\n| --- | --- |');
  for (const [name, value] of Object.entries(ratios)) console.log(`| ${name} | ${value}x |`);

  const report = {
    benchmark: '@zmtp/crypt',
    node: process.version,
    repeat,
    counts,
    handshakes,
    processes,
    transport: 'tcp',
    results,
    ratios,
  };
  if (jsonPath) {
    mkdirSync(dirname(jsonPath), { recursive: true });
    writeFileSync(jsonPath, JSON.stringify(report, null, 2) + '\n');
    console.log(`\nwrote ${jsonPath}`);
  }
  else console.log(`\n${JSON.stringify(report)}`);
}
