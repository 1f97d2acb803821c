import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { LinkCommandError } from './link-errors.js';

/** Runs a short system command and returns its stdout; throws with its stderr. */
export function run(command: string, args: string[], input?: string): string {
  const result = spawnSync(command, args, { encoding: 'utf8', input, timeout: 30_000 });
  const line = [command, ...args].join(' ');
  if (result.error) throw new LinkCommandError(line, result.error.message, null);
  if (result.status !== 0) throw new LinkCommandError(line, result.stderr, result.status);
  return result.stdout;
}

/** Like run, but returns undefined instead of throwing. */
export function tryRun(command: string, args: string[]): string | undefined {
  try {
    return run(command, args);
  } catch {
    return undefined;
  }
}

/** `ip` with its arguments. */
export function ip(...args: string[]): string {
  return run('ip', args);
}

/** The Python that runs tun-open.py: Debian's first (stdlib only is needed, any 3.x works). */
export function pythonPath(): string | undefined {
  if (existsSync('/usr/bin/python3')) return '/usr/bin/python3';
  return tryRun('sh', ['-c', 'command -v python3'])?.trim() || undefined;
}

/** Whether a process id is alive and runs a command line containing `marker`. */
export function processRuns(pid: number, marker: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return false;
  }
}
