/**
 * One run per process, so each implementation starts with a fresh heap and JIT. Reads a
 * UdpRunSpec as JSON from argv, writes the UdpRunResult as JSON to stdout.
 */
import { runUdp, type UdpRunSpec } from './run.js';

runUdp(JSON.parse(process.argv[2]) as UdpRunSpec).then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
