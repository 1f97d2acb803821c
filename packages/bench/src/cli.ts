/** `pnpm --filter @zmtp/bench run bench [flags]`: runs the suite and prints the report. */
import { resolve } from 'node:path';
import { ZmqError } from '@zmtp/core';
import { parseOptions, usage } from './options.js';
import { writeResults } from './report/files.js';
import { formatResults } from './report/tables.js';
import { runSuite } from './suite.js';

async function main(): Promise<number> {
  // `bench link ...`: a transport (and kernel TCP) through the emulated link, see src/netem.
  if (process.argv[2] === 'link') {
    return (await import('./netem/link-bench-cli.js')).benchLinkCommand(process.argv.slice(3));
  }
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (error instanceof ZmqError) {
      process.stderr.write(`bench: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(usage);
    return 0;
  }
  const { help: _, ...suiteOptions } = options;
  if (suiteOptions.outDir !== null) suiteOptions.outDir = resolve(suiteOptions.outDir);
  const result = await runSuite(suiteOptions);
  process.stdout.write(`${formatResults(result)}\n`);
  if (suiteOptions.outDir !== null) {
    const files = writeResults(result, suiteOptions.outDir);
    process.stdout.write(`\nWrote ${files.json}\n  and ${files.svg} (also latest.json and latest.svg)\n`);
  }
  const failedTargets = result.targets.filter((t) => !t.pass).length;
  return suiteOptions.strict && failedTargets > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`bench: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
