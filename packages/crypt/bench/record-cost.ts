/**
 * What the opportunistic mechanism's record layer costs the thread that runs it: the
 * microseconds to seal one frame of `size` bytes into a record (`encrypt`) and to open it
 * again (`decrypt`), in this thread. The throughput benchmark adds the default suite's
 * cost to the plaintext path's own time per message, which bounds the ratio that ZCRYPT
 * can reach against NULL however lean the rest of it is. Run alone, it prints the cost of
 * every suite at each size (64 B, 1 KiB and 64 KiB unless sizes are given).
 *
 *   npx tsx bench/record-cost.ts [size ...]
 */
import { fileURLToPath } from 'node:url';
import { RecordCipher } from '../src/opportunistic/record-cipher.js';
import { SUPPORTED_SUITES, type Suite } from '../src/opportunistic/suites.js';

export interface RecordCost {
  readonly suite: string;
  readonly size: number;
  /** Microseconds per record, from the fastest round: the other work on this machine only ever adds to it. */
  readonly encryptMicros: number;
  readonly decryptMicros: number;
}

/** Records sealed before they are opened, as if they waited in the socket's queues. */
const BATCH = 32;

export function recordCost(size: number, suite: Suite = SUPPORTED_SUITES[0], rounds = 15): RecordCost {
  const a = new Uint8Array(32).fill(1);
  const b = new Uint8Array(32).fill(2);
  const sender = new RecordCipher(suite, a, b, 2 ** 52);
  const receiver = new RecordCipher(suite, b, a, 2 ** 52);
  const body = new Uint8Array(size).fill(0x61);
  const batches = Math.max(2, Math.ceil(2 ** 21 / BATCH / (size + 64)));
  const encrypt: number[] = [];
  const decrypt: number[] = [];
  for (let round = -1; round < rounds; round++) {
    let sealing = 0;
    let opening = 0;
    for (let batch = 0; batch < batches; batch++) {
      const records: Uint8Array[] = [];
      let start = performance.now();
      for (let i = 0; i < BATCH; i++) records.push(sender.encrypt(0, body));
      sealing += performance.now() - start;
      start = performance.now();
      for (const record of records) receiver.decrypt(record);
      opening += performance.now() - start;
    }
    // Round -1 warms up the JIT and the allocator.
    if (round < 0) continue;
    encrypt.push((sealing * 1000) / (batches * BATCH));
    decrypt.push((opening * 1000) / (batches * BATCH));
  }
  return { suite: suite.name, size, encryptMicros: round2(Math.min(...encrypt)), decryptMicros: round2(Math.min(...decrypt)) };
}

const round2 = (value: number) => Number(value.toFixed(2));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wrong = process.argv.slice(2).find((arg) => !/^\d+$/.test(arg));
  if (wrong !== undefined) throw new Error(`Sizes are byte counts (whole numbers from 0); got "${wrong}".`);
  const sizes = process.argv.slice(2).map(Number);
  console.log('| suite | size | encrypt µs | decrypt µs | GB/s each way |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const size of sizes.length > 0 ? sizes : [64, 1024, 65_536]) {
    for (const suite of SUPPORTED_SUITES) {
      const cost = recordCost(size, suite);
      const rate = (size / ((cost.encryptMicros + cost.decryptMicros) / 2) / 1000).toFixed(2);
      console.log(`| ${cost.suite} | ${size} | ${cost.encryptMicros} | ${cost.decryptMicros} | ${rate} |`);
    }
  }
}
