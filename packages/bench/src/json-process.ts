/**
 * One measurement per fresh Node process, so each starts with a clean heap and a JIT that
 * has seen only its own case: the parent passes the job as JSON in argv, the child prints
 * its result as JSON on stdout. The TypeScript loader is always on, so the child runs the
 * workspace's sources whether the parent runs from src/ or dist/.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Runs `script` with `job`; rejects with the child's error line, or after `timeoutMs` when given. */
export function runJsonProcess<T>(script: string, job: unknown, timeoutMs = 0): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', tsx, script, JSON.stringify(job)], { timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) reject(new Error((stderr.trim().split('\n').find((line) => /Error/.test(line)) ?? error.message).trim()));
      else if (!stdout.trim()) reject(new Error(`the worker printed no result${stderr.trim() ? `: ${stderr.trim()}` : ''}`));
      else resolve(JSON.parse(stdout) as T);
    });
  });
}

/** The child's side: runs `handle` on the job from argv, prints the result and exits (1 on failure). */
export function serveJsonProcess<J>(handle: (job: J) => Promise<unknown>): void {
  handle(JSON.parse(process.argv[2]) as J).then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
