/**
 * Multicast over udp:// inside a network namespace made for the test (`unshare -rn`):
 * its own `lo` with multicast on and a route for 224.0.0.0/4, so nothing on the host
 * changes. Where namespaces are not permitted the test skips and says why; the unicast
 * tests still cover the engines.
 */
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const setup = 'ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo';

function unavailable(): string | undefined {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  try {
    execFileSync('unshare', ['-rn', 'sh', '-c', setup], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `cannot make a network namespace with multicast on lo: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`;
  }
}

const reason = unavailable();
if (reason) console.log(`skipping udp:// multicast tests: ${reason}`);

describe.skipIf(reason !== undefined)('Radio / Dish over udp:// multicast (in a network namespace)', () => {
  it('delivers over 239.0.0.1 on lo: ours to ours, libzmq to ours, ours to libzmq', async () => {
    const peer = fileURLToPath(new URL('./peers/multicast.ts', import.meta.url));
    const cwd = fileURLToPath(new URL('..', import.meta.url));
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        'unshare',
        ['-rn', 'sh', '-c', `${setup} && exec node --import tsx "${peer}"`],
        { cwd, timeout: 15_000 },
        (error, out, err) => (error ? reject(new Error(`multicast peer failed: ${error.message}\n${err}`)) : resolve(out)),
      );
    });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({
      oursToOurs: 'wx:probe',
      libzmqToOurs: 'wx:probe',
      oursToLibzmq: 'wx:probe',
    });
  });
});
