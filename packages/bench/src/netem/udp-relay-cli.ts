import { parseArgs } from 'node:util';
import { describeImpairment } from './impairment.js';
import { impairmentFlags, impairmentFromFlags, IMPAIRMENT_HELP } from './cli-options.js';
import { startUdpRelay, type UdpRelayStats } from './udp-relay.js';

const HELP = `Usage: netem-relay --target HOST:PORT [--listen HOST:PORT] [impairments] [--stats SECONDS]

A UDP relay that delays, drops, duplicates, reorders and rate-limits datagrams both ways.
Clients send to --listen (default 127.0.0.1:0, a free port that is printed); datagrams
go on to --target, and replies come back. Ctrl-C prints the counters and stops.

${IMPAIRMENT_HELP}
  --max-clients N     clients remembered at once (default 64)
  --idle-timeout MS   forget a client silent this long (default 60000)
  --stats SECONDS     print counters every SECONDS (default: only at exit)`;

function line(stats: UdpRelayStats): string {
  const dir = (name: string, c: UdpRelayStats['forward']): string =>
    `${name}: in ${c.received} out ${c.delivered} lost ${c.lost} queue-drop ${c.queueDropped} dup ${c.duplicated} reord ${c.reordered} held ${c.held}`;
  return `${dir('forward', stats.forward)} | ${dir('reverse', stats.reverse)} | clients ${stats.clients} errors ${stats.sendErrors}`;
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...impairmentFlags(),
      listen: { type: 'string' },
      target: { type: 'string' },
      'max-clients': { type: 'string' },
      'idle-timeout': { type: 'string' },
      stats: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || typeof values.target !== 'string') {
    console.log(HELP);
    return values.help ? 0 : 2;
  }
  const relay = await startUdpRelay({
    ...impairmentFromFlags(values),
    listen: typeof values.listen === 'string' ? values.listen : 0,
    target: values.target,
    maxClients: values['max-clients'] === undefined ? undefined : Number(values['max-clients']),
    idleTimeout: values['idle-timeout'] === undefined ? undefined : Number(values['idle-timeout']),
  });
  const s = relay.settings;
  console.log(`relay ${relay.address.host}:${relay.address.port} -> ${relay.target.host}:${relay.target.port} (seed ${s.seed})`);
  console.log(`  forward: ${describeImpairment(s.forward)}`);
  console.log(`  reverse: ${describeImpairment(s.reverse)}`);
  const every = Number(values.stats ?? 0);
  const ticker = every > 0 ? setInterval(() => console.log(line(relay.stats())), every * 1000) : undefined;
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  if (ticker) clearInterval(ticker);
  console.log(line(relay.stats()));
  await relay.close();
  return 0;
}

// Run as a program (not when imported by tests).
if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(`netem-relay: ${error.message}`);
      process.exit(2);
    },
  );
}
