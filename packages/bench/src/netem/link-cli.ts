import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '@zmtp/core';
import { hasImpairments, impairmentFlags, impairmentFromFlags, IMPAIRMENT_HELP } from './cli-options.js';
import { describeImpairment, type DuplexImpairmentOptions } from './impairment.js';
import { findLink, inNamespace, linkDown, linkSet, linkStats, linkUp, listLinks, type LinkInfo } from './link.js';
import { formatValidation, validateLink } from './link-validate.js';
import { runIfMain } from './run-main.js';

const HELP = `Usage: netem-link <command> [--name NAME] [options]

An emulated WAN link for kernel TCP baselines: two network namespaces, A and B, joined
by TUN devices through a user-space ferry that applies delay, loss and rate. Addresses
exist only inside the namespaces: A is 10.77.0.1 / fd77::1, B is 10.77.0.2 / fd77::2.
Needs root (namespaces, TUN); exits with status 3 where that is not permitted.

Commands:
  up          bring the link up:  netem-link up --rtt 100 --loss 0.01 --rate 100mbit
  down        take it down (--all: every link)
  status      settings and counters (every link when --name is not given)
  set         change impairments while it runs: netem-link set --loss 0
  validate    round trip within 5 %, loss near the setting, kernel TCP CUBIC near the
              Mathis rate. Uses link --name if it is up, else a temporary link with the
              given impairments (default --rtt 100 --loss 0.01 --rate 100mbit).
                --pings N (300)  --probes N (10000)  --probe-rate PPS (2000)
                --duration S (15; 0: no TCP)  --warmup S (5: slow start is not steady state)
  exec A|B -- COMMAND   run a command inside side A's or B's namespace

Options:
  --name NAME         which link (1 to 10 of a-z 0-9; default netem)
  --json              machine-readable output (up, status, validate)

${IMPAIRMENT_HELP}`;

const VALIDATION_DEFAULTS: DuplexImpairmentOptions = { rtt: 100, loss: 0.01, rate: '100mbit' };

function needLink(name: string): LinkInfo {
  const link = findLink(name);
  if (!link) throw new InvalidArgumentError(`link '${name}' is not up; start it with: netem-link up --name ${name} --rtt 100`);
  return link;
}

function describe(link: LinkInfo): string {
  return [
    `link '${link.name}' (ferry pid ${link.pid}, seed ${link.settings.seed})`,
    `  A: namespace ${link.namespaces.a}, ${link.devices.a}, ${link.addresses.a} / ${link.addresses.a6}`,
    `  B: namespace ${link.namespaces.b}, ${link.devices.b}, ${link.addresses.b} / ${link.addresses.b6}`,
    `  A->B ${describeImpairment(link.settings.forward)}`,
    `  B->A ${describeImpairment(link.settings.reverse)}`,
    `  run things inside with: ip netns exec ${link.namespaces.b} <command>   (or netem-link exec b -- <command>)`,
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const split = argv.indexOf('--');
  const own = split >= 0 ? argv.slice(0, split) : argv;
  const command = split >= 0 ? argv.slice(split + 1) : [];
  const { positionals, values } = parseArgs({
    args: own,
    allowPositionals: true,
    options: {
      ...impairmentFlags(),
      name: { type: 'string' },
      all: { type: 'boolean' },
      json: { type: 'boolean' },
      probes: { type: 'string' },
      pings: { type: 'string' },
      'probe-rate': { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const name = values.name ?? 'netem';
  const impairments = impairmentFromFlags(values);
  const print = (text: string, json: unknown): void => console.log(values.json ? JSON.stringify(json, null, 2) : text);

  switch (values.help ? 'help' : positionals[0]) {
    case 'up': {
      const link = await linkUp({ name, ...impairments });
      print(describe(link), link);
      return 0;
    }
    case 'down': {
      const names = values.all ? listLinks().map((l) => l.name) : [name];
      for (const n of names) console.log((await linkDown(n)) ? `link '${n}' is down` : `link '${n}' was not up`);
      return 0;
    }
    case 'status': {
      const links = values.name ? [needLink(name)] : listLinks();
      const all = await Promise.all(links.map(async (link) => ({ link, stats: await linkStats(link) })));
      if (all.length === 0) console.log('no link is up');
      else print(all.map(({ link, stats }) => `${describe({ ...link, settings: stats.settings })}\n  counters ${JSON.stringify({ forward: stats.forward, reverse: stats.reverse })}`).join('\n\n'), all);
      return 0;
    }
    case 'set': {
      const settings = await linkSet(needLink(name), impairments);
      console.log(`A->B ${describeImpairment(settings.forward)}\nB->A ${describeImpairment(settings.reverse)}`);
      return 0;
    }
    case 'validate': {
      let link = values.name ? findLink(name) : undefined;
      if (link && hasImpairments(impairments)) {
        throw new InvalidArgumentError(`link '${name}' is up already; validate it as it is, or change it first with netem-link set`);
      }
      const temporary = !link;
      link ??= await linkUp({ name: values.name ? name : `val${process.pid % 100000}`, ...(hasImpairments(impairments) ? impairments : VALIDATION_DEFAULTS) });
      try {
        const report = await validateLink(link, {
          pings: values.pings === undefined ? undefined : Number(values.pings),
          probes: values.probes === undefined ? undefined : Number(values.probes),
          probeRate: values['probe-rate'] === undefined ? undefined : Number(values['probe-rate']),
          tcpDurationMs: values.duration === undefined ? undefined : Number(values.duration) * 1000,
          tcpWarmupMs: values.warmup === undefined ? undefined : Number(values.warmup) * 1000,
        });
        print(`${describe(link)}\n\n${formatValidation(report)}`, report);
        return report.pass ? 0 : 1;
      } finally {
        if (temporary) await linkDown(link.name);
      }
    }
    case 'exec': {
      const side = positionals[1]?.toLowerCase();
      if ((side !== 'a' && side !== 'b') || command.length === 0) throw new InvalidArgumentError('usage: netem-link exec a|b -- COMMAND [ARGS]');
      const [program, ...args] = inNamespace(needLink(name), side, command);
      return spawnSync(program, args, { stdio: 'inherit' }).status ?? 1;
    }
    case 'help':
      console.log(HELP);
      return 0;
    default:
      console.error(HELP);
      return 2;
  }
}

runIfMain(import.meta.url, 'netem-link', main);
