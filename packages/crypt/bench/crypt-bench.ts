/**
 * Benchmark of @zmtp/crypt: throughput of encrypted against plaintext PUSH/PULL over
 * tcp at 64 B and 64 KiB, and handshake time, for the opportunistic mechanism
 * (ZCRYPT) and for CURVE, next to zeromq.js (libzmq) with NULL and CURVE.
 *
 *   npx tsx bench/crypt-bench.ts [--quick] [--repeat N] [--processes 1|2] [--json results.json]
 *                                [--only "@zmtp NULL,@zmtp ZCRYPT"] [--sizes 65536]
 *
 * With --processes 1 (the default) both ends run in this process; with 2 the PULL
 * side runs in a forked process, so each side's crypto has a core of its own. Each
 * figure is the median of the repeats. Prints a table with the ratios, and writes the
 * JSON result when asked. It also prints, per 64 KiB message, each main thread's busy
 * time and each process's CPU time, and from NULL's figures and the record cost
 * (bench/record-cost.ts) the highest ratio ZCRYPT could reach.
 */
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type EventLoopUtilization, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as zmq from '@zmtp/core';
import * as libzmq from 'zeromq';
import { crypt, curveKeyPair } from '../src/index.js';
import { type RecordCost, recordCost } from './record-cost.js';

type Impl = 'ours' | 'zeromq';
type Security = 'NULL' | 'ZCRYPT' | 'CURVE';

interface Setup {
  readonly impl: Impl;
  readonly security: Security;
}

const allSetups: readonly Setup[] = [
  { impl: 'ours', security: 'NULL' },
  { impl: 'ours', security: 'ZCRYPT' },
  { impl: 'ours', security: 'CURVE' },
  { impl: 'zeromq', security: 'NULL' },
  { impl: 'zeromq', security: 'CURVE' },
];

const args = process.argv.slice(2);
/** `--only "@zmtp NULL,@zmtp ZCRYPT"` and `--sizes 65536` narrow the run (the ratios need both setups). */
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : undefined;
const setups = allSetups.filter((setup) => only === undefined || only.includes(label(setup)));
if (setups.length === 0) {
  throw new Error(`--only names no setup; choose among: ${allSetups.map(label).join(', ')}.`);
}
const quick = args.includes('--quick');
const repeat = Number(args[args.indexOf('--repeat') + 1]) || (quick ? 1 : 5);
const jsonPath = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const processes = args.includes('--processes') && args[args.indexOf('--processes') + 1] === '2' ? 2 : 1;
/** Messages per throughput run, by size. */
const counts: Record<number, number> = quick ? { 64: 20_000, 65_536: 1_000 } : { 64: 100_000, 65_536: 4_000 };
const sizes = args.includes('--sizes') ? args[args.indexOf('--sizes') + 1].split(',').map(Number) : [64, 65_536];
if (sizes.some((size) => counts[size] === undefined)) {
  throw new Error(`--sizes takes 64, 65536 or both (comma-separated); got ${args[args.indexOf('--sizes') + 1]}.`);
}
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

/**
 * What one process spent per message, in microseconds: `busy`, the time its main thread
 * was not waiting for events (time the thread was preempted counts too), and `cpu`, the
 * CPU time of all its threads (GC, libzmq's I/O threads, and the kernel's work for it).
 */
interface Load {
  readonly busy: number;
  readonly cpu: number;
}

class LoadMeter {
  private readonly loop: EventLoopUtilization = performance.eventLoopUtilization();
  private readonly cpu = process.cpuUsage();

  perMessage(count: number): Load {
    const { user, system } = process.cpuUsage(this.cpu);
    return { busy: (performance.eventLoopUtilization(this.loop).active * 1000) / count, cpu: (user + system) / count };
  }
}

/**
 * One throughput run: messages per second from the first send to the last receive, and
 * the load of each process ([both sockets] with one process, [sender, receiver] with two).
 */
interface Run {
  readonly rate: number;
  readonly loads: readonly Load[];
}

function throughput(setup: Setup, size: number): Promise<Run> {
  return processes === 2 ? throughputAcrossProcesses(setup, size) : throughputInProcess(setup, size);
}

async function throughputInProcess(setup: Setup, size: number): Promise<Run> {
  const { pull, push } = sockets(setup);
  await pull.bind('tcp://127.0.0.1:*');
  push.connect(pull.lastEndpoint!);
  const payload = Buffer.alloc(size, 0x61);
  await push.send(payload);
  await pull.receive(); // connected and handshaken
  const count = counts[size];
  const meter = new LoadMeter();
  const start = performance.now();
  const receiving = (async () => {
    for (let i = 0; i < count; i++) await pull.receive();
  })();
  for (let i = 0; i < count; i++) await push.send(payload);
  await receiving;
  const seconds = (performance.now() - start) / 1000;
  const run = { rate: count / seconds, loads: [meter.perMessage(count)] };
  push.close();
  pull.close();
  return run;
}

interface ReceiverJob {
  setup: Setup;
  size: number;
  count: number;
}

/** What the receiving process reports. */
interface ReceiverReport {
  readonly rate: number;
  readonly load: Load;
}

/** The PULL side in a child process; it reports messages per second from its first message to its last. */
async function throughputAcrossProcesses(setup: Setup, size: number): Promise<Run> {
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
  const meter = new LoadMeter();
  for (let i = 0; i <= count; i++) await push.send(payload);
  const received = await reply<ReceiverReport>();
  const sender = meter.perMessage(count + 1);
  push.close();
  child.kill();
  return { rate: received.rate, loads: [sender, received.load] };
}

async function runReceiver(job: ReceiverJob): Promise<void> {
  const { pull } = sockets(job.setup);
  await pull.bind('tcp://127.0.0.1:*');
  process.send!(pull.lastEndpoint);
  await pull.receive();
  const meter = new LoadMeter();
  const start = performance.now();
  for (let i = 1; i < job.count; i++) await pull.receive();
  const seconds = (performance.now() - start) / 1000;
  process.send!({ rate: (job.count - 1) / seconds, load: meter.perMessage(job.count - 1) } satisfies ReceiverReport);
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

function label(setup: Setup): string {
  return `${setup.impl === 'ours' ? '@zmtp' : 'zeromq.js'} ${setup.security}`;
}

interface Result {
  setup: string;
  messagesPerSecond: Record<string, number>;
  megabytesPerSecond: Record<string, number>;
  /** Per message, by size: the median load of each process (see Run). */
  loadPerMessage: Record<string, Load[]>;
  handshakeMs: number;
}

/**
 * The highest ZCRYPT / NULL ratio the record layer allows at this size: ZCRYPT does
 * NULL's work plus sealing on the sending thread and opening on the receiving one, so
 * a message takes at least that long on the busier thread, against NULL's whole time
 * per message. The record cost is the fastest measured alone, so the real ratio is
 * lower still, unless NULL's own run was slowed by other load.
 */
function ratioCeiling(nullResult: Result, cost: RecordCost): number {
  const size = cost.size;
  const nullMicros = 1e6 / nullResult.messagesPerSecond[size];
  const [first, second] = nullResult.loadPerMessage[size].map((load) => load.busy);
  const zcryptMicros =
    second === undefined
      ? first + cost.encryptMicros + cost.decryptMicros
      : Math.max(first + cost.encryptMicros, second + cost.decryptMicros);
  return Number(Math.min(1, nullMicros / zcryptMicros).toFixed(2));
}

if (process.env.CRYPT_BENCH_ROLE === 'receiver') {
  process.once('message', (job) => void runReceiver(job as ReceiverJob));
} else {
  await main();
}

async function main(): Promise<void> {
  // Repeats go round all setups in turn, so a change in machine load hits each setup alike.
  const runs = new Map<string, Run[]>();
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
    const loadPerMessage: Record<string, Load[]> = {};
    for (const size of sizes) {
      const sizeRuns = runs.get(`${label(setup)}/${size}`)!;
      const rate = median(sizeRuns.map((run) => run.rate));
      messagesPerSecond[size] = Math.round(rate);
      megabytesPerSecond[size] = Math.round((rate * size) / 1e6);
      const typical = (i: number, field: keyof Load) => Number(median(sizeRuns.map((run) => run.loads[i][field])).toFixed(1));
      loadPerMessage[size] = sizeRuns[0].loads.map((_, i) => ({ busy: typical(i, 'busy'), cpu: typical(i, 'cpu') }));
    }
    const handshakeMs = Number((await handshakeTime(setup)).toFixed(3));
    results.push({ setup: label(setup), messagesPerSecond, megabytesPerSecond, loadPerMessage, handshakeMs });
  }

  const find = (name: string) => results.find((r) => r.setup === name);
  // A ratio is left out when --only or --sizes dropped one of its two figures.
  const ratio = (name: string, a: string, b: string, size: number): [string, number][] => {
    const [top, bottom] = [find(a)?.messagesPerSecond[size], find(b)?.messagesPerSecond[size]];
    return top === undefined || bottom === undefined ? [] : [[`${name}, ${size} B`, Number((top / bottom).toFixed(2))]];
  };
  const ratios = Object.fromEntries(
    sizes.flatMap((size) => [
      ...ratio('ZCRYPT / @zmtp NULL', '@zmtp ZCRYPT', '@zmtp NULL', size),
      ...ratio('@zmtp CURVE / @zmtp NULL', '@zmtp CURVE', '@zmtp NULL', size),
      ...ratio('zeromq.js CURVE / zeromq.js NULL', 'zeromq.js CURVE', 'zeromq.js NULL', size),
      ...ratio('@zmtp CURVE / zeromq.js CURVE', '@zmtp CURVE', 'zeromq.js CURVE', size),
    ]),
  );

  const nullResult = find('@zmtp NULL');
  const recordCosts = nullResult === undefined ? [] : sizes.map((size) => recordCost(size));
  const ceilings = Object.fromEntries(
    recordCosts.map((cost) => [`ZCRYPT / @zmtp NULL ceiling, ${cost.size} B`, ratioCeiling(nullResult!, cost)]),
  );

  const cell = (value: number | undefined) => (value === undefined ? '-' : String(value));
  console.log('| setup | 64 B msg/s | 64 KiB msg/s | 64 KiB MB/s | handshake ms |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of results) {
    console.log(
      `| ${r.setup} | ${cell(r.messagesPerSecond[64])} | ${cell(r.messagesPerSecond[65_536])} | ` +
        `${cell(r.megabytesPerSecond[65_536])} | ${r.handshakeMs} |`,
    );
  }
  if (sizes.includes(65_536)) {
    const which = processes === 2 ? ' (sender / receiver)' : '';
    console.log(`\n| per 64 KiB message${which} | main-thread busy µs | process CPU µs |\n| --- | --- | --- |`);
    for (const r of results) {
      const show = (field: keyof Load) => r.loadPerMessage[65_536].map((load) => load[field]).join(' / ');
      console.log(`| ${r.setup} | ${show('busy')} | ${show('cpu')} |`);
    }
  }
  console.log('\n| ratio | value |\n| --- | --- |');
  for (const [name, value] of Object.entries({ ...ratios, ...ceilings })) console.log(`| ${name} | ${value}x |`);
  if (recordCosts.length > 0) {
    console.log('\n| record cost (this thread, default suite) | encrypt µs | decrypt µs |\n| --- | --- | --- |');
    for (const cost of recordCosts) console.log(`| ${cost.size} B | ${cost.encryptMicros} | ${cost.decryptMicros} |`);
  }

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
    ceilings,
    recordCosts,
  };
  if (jsonPath) {
    mkdirSync(dirname(jsonPath), { recursive: true });
    writeFileSync(jsonPath, JSON.stringify(report, null, 2) + '\n');
    console.log(`\nwrote ${jsonPath}`);
  }
  else console.log(`\n${JSON.stringify(report)}`);
}
