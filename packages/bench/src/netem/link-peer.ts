import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { LinkTransportPeer } from './link-transport.js';
import { runIfMain } from './run-main.js';
import { udpEcho, udpPing } from './udp-probe.js';

/**
 * The process that runs inside one namespace of a link, for probes and benchmarks.
 * It speaks JSON lines on stdout: {"ready":true} once listening, then {"result":...}.
 * Roles: udp-echo, udp-ping, receive, send. SIGTERM ends echo and send.
 */
const emit = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value)}\n`);

function stopSignal(): AbortSignal {
  const controller = new AbortController();
  process.once('SIGTERM', () => controller.abort());
  process.once('SIGINT', () => controller.abort());
  return controller.signal;
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      count: { type: 'string' },
      rate: { type: 'string' },
      size: { type: 'string' },
      wait: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      module: { type: 'string' },
      options: { type: 'string' },
    },
  });
  const host = values.host ?? '0.0.0.0';
  const port = Number(values.port ?? 0);
  const ready = (): void => emit({ ready: true });
  switch (positionals[0]) {
    case 'udp-echo':
      emit({ result: await udpEcho(host, port, ready, stopSignal()) });
      return 0;
    case 'udp-ping':
      emit({
        result: await udpPing({
          host,
          port,
          count: Number(values.count ?? 1000),
          rate: Number(values.rate ?? 1000),
          size: Number(values.size ?? 64),
          waitMs: Number(values.wait ?? 1000),
        }),
      });
      return 0;
    case 'receive':
    case 'send': {
      const peer = (await import(pathToFileURL(values.module ?? '').href)) as LinkTransportPeer;
      const options = JSON.parse(values.options ?? '{}') as Record<string, unknown>;
      if (positionals[0] === 'receive') {
        emit({ result: await peer.receive({ host, port, durationMs: Number(values.duration ?? 10_000), warmupMs: Number(values.warmup ?? 0), options, onReady: ready }) });
      } else {
        await peer.send({ host, port, options, signal: stopSignal() });
        emit({ result: {} });
      }
      return 0;
    }
    default:
      throw new Error(`unknown role '${positionals[0] ?? ''}'; use udp-echo, udp-ping, receive or send`);
  }
}

runIfMain(import.meta.url, 'link-peer', main);
