import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { LinkCommandError } from './link-errors.js';
import { ip, pythonPath, tryRun } from './system.js';
import { here } from './ts-entry.js';

let cached: Promise<string | undefined> | undefined;

/**
 * Why an emulated link cannot be set up on this machine, or undefined when it can:
 * tries what the link does (a namespace, a TUN device) and removes what it made.
 */
export function linkUnsupportedReason(): Promise<string | undefined> {
  cached ??= Promise.resolve().then(probe);
  return cached;
}

function probe(): string | undefined {
  if (process.platform !== 'linux') return `network namespaces and TUN devices need Linux (this is ${process.platform})`;
  if (tryRun('ip', ['-V']) === undefined) return "the 'ip' command (iproute2) is not installed";
  if (!existsSync('/dev/net/tun')) return '/dev/net/tun does not exist (no TUN support in this kernel or container)';
  const python = pythonPath();
  if (!python) return 'python3 is needed to open TUN devices (Node has no ioctl) and none was found';
  const tag = `${process.pid % 100_000}`;
  const ns = `zmtp-probe-${tag}`;
  try {
    ip('netns', 'add', ns);
  } catch (error) {
    const why = error instanceof LinkCommandError ? error.stderr.trim() : String(error);
    return `creating a network namespace is not permitted (${why}); run as root or with CAP_SYS_ADMIN and CAP_NET_ADMIN`;
  }
  try {
    const tun = spawnSync(python, [here('tun-open.py'), `zprobe${tag}`, '--', 'true'], { encoding: 'utf8' });
    if (tun.status !== 0) return (tun.stderr || tun.error?.message || 'tun-open.py failed').trim();
  } finally {
    tryRun('ip', ['netns', 'del', ns]);
  }
  return undefined;
}
