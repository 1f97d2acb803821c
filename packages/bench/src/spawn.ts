/**
 * Forks the benchmark worker. The TypeScript loader is always on: in this workspace
 * @zmtp/core resolves to its sources even when the bench itself runs from dist/.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const self = fileURLToPath(import.meta.url);
const workerPath = fileURLToPath(new URL(`./worker${extname(self)}`, import.meta.url));

/** Where `--cpu-prof` writes, and under which file name. */
export interface ProfileTarget {
  dir: string;
  name: string;
}

export function forkWorker(profile?: ProfileTarget): ChildProcess {
  const execArgv = ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
  if (profile) {
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${profile.dir}`, `--cpu-prof-name=${profile.name}.cpuprofile`);
  }
  return fork(workerPath, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}
