import { rmSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parseArgs } from 'node:util';
import { serveControl } from './control.js';
import { Ferry } from './ferry.js';
import { describeImpairment, type DuplexImpairmentOptions } from './impairment.js';
import { FdPacketPort } from './packet-port.js';
import { runIfMain } from './run-main.js';

/**
 * The ferry process of a link, started by tun-open.py with the two TUN descriptors
 * (A then B) in ZMTP_TUN_FDS. It serves its control socket until SIGTERM.
 */
async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { control: { type: 'string' }, settings: { type: 'string' } } });
  const fds = (process.env.ZMTP_TUN_FDS ?? '').split(',').filter(Boolean).map(Number);
  if (fds.length !== 2 || fds.some((fd) => !Number.isInteger(fd)) || typeof values.control !== 'string') {
    throw new Error('ferry-main runs under tun-open.py with two TUN descriptors and --control PATH');
  }
  // Thread-pool threads sit in blocking TUN reads that nothing interrupts, and Node's exit
  // joins those threads, so any exit (errors included) would hang. SIGKILL ends the
  // process instead; the kernel then closes the descriptors, deleting the TUN devices.
  process.on('exit', () => process.kill(process.pid, 'SIGKILL'));
  const options = JSON.parse(values.settings ?? '{}') as DuplexImpairmentOptions;
  try {
    // The ferry is the wire: on a busy machine it must keep time before the endpoints do.
    setPriority(-5);
  } catch {
    // not permitted: run at normal priority
  }
  const ferry = new Ferry(new FdPacketPort(fds[0]), new FdPacketPort(fds[1]), options);
  const controlPath = values.control;
  rmSync(controlPath, { force: true });
  const server = await serveControl(controlPath, (request) => ferry.control(request));
  ferry.start();
  const s = ferry.settings;
  console.log(`ferry ${process.pid} up (seed ${s.seed})\n  A->B ${describeImpairment(s.forward)}\n  B->A ${describeImpairment(s.reverse)}`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  console.log(`ferry stopping: ${JSON.stringify(ferry.stats())}`);
  server.close();
  rmSync(controlPath, { force: true });
  ferry.close();
  return 0;
}

runIfMain(import.meta.url, 'ferry', main);
