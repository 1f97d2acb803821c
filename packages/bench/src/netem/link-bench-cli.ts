import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '@zmtp/core';
import { hasImpairments, impairmentFlags, impairmentFromFlags, IMPAIRMENT_HELP } from './cli-options.js';
import { formatLinkBench, runLinkBench } from './link-bench.js';
import { findLink } from './link.js';
import { LINK_TRANSPORTS, pickLinkTransports } from './link-transports.js';
import { command, runIfMain } from './run-main.js';

const HELP = `Usage: bench link [--rtt MS] [--loss P] [--rate R] [--duration S] [--warmup S] [--transports LIST] [--json FILE]

Runs each transport through an emulated link (a temporary one, or --name of a link
that is up) and prints goodput side by side. Needs root; exits 3 where namespaces or
TUN devices are not permitted.

  --duration S        measured seconds per transport (default 10)
  --warmup S          seconds after the first byte left out of the figure (default 0)
  --transports LIST   comma-separated, default all: ${LINK_TRANSPORTS.map((t) => t.id).join(', ')};
                      a path instead of an id runs that peer module
  --name NAME         use this link (already up) as it is
  --json FILE         also write the result as JSON

${IMPAIRMENT_HELP}`;

/** `bench link`: give it the argv after the word 'link'; it may throw typed errors. */
export async function linkBenchMain(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...impairmentFlags(),
      duration: { type: 'string' },
      warmup: { type: 'string' },
      transports: { type: 'string' },
      name: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const durationS = Number(values.duration ?? 10);
  if (!(durationS > 0)) throw new InvalidArgumentError(`--duration must be a number of seconds > 0, got '${values.duration}'`);
  const warmupS = Number(values.warmup ?? 0);
  if (!(warmupS >= 0)) throw new InvalidArgumentError(`--warmup must be a number of seconds >= 0, got '${values.warmup}'`);
  const transports = pickLinkTransports((values.transports ?? LINK_TRANSPORTS.map((t) => t.id).join(',')).split(',').filter(Boolean));
  const impairments = impairmentFromFlags(values);
  let link;
  if (values.name !== undefined) {
    if (hasImpairments(impairments)) throw new InvalidArgumentError(`--name uses link '${values.name}' as it is; change it with netem-link set, or leave out --name`);
    link = findLink(values.name);
    if (!link) throw new InvalidArgumentError(`link '${values.name}' is not up; start it with netem-link up --name ${values.name}, or leave out --name`);
  }
  const started = Date.now();
  const result = await runLinkBench({
    ...impairments,
    link,
    transports,
    durationMs: durationS * 1000,
    warmupMs: warmupS * 1000,
    onRun: (t, i) => process.stderr.write(`[${i + 1}/${transports.length}] ${t.label} for ${warmupS + durationS} s (${Math.round((Date.now() - started) / 1000)} s elapsed)\n`),
  });
  console.log(formatLinkBench(result));
  if (values.json) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
  return 0;
}

/** `bench link` for a CLI: prints failures and resolves with the exit status (3: no link possible here). */
export const benchLinkCommand = command('bench link', linkBenchMain);

runIfMain(import.meta.url, 'bench link', linkBenchMain);
