import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/**
 * Prints a failure in one line (a stack only for unexpected errors) and returns the exit
 * status: the error's own `exitCode` (3: no link possible here), 2 for bad arguments, else 1.
 */
export function reportFailure(name: string, error: unknown): number {
  const e = error as Error & { code?: string; exitCode?: number };
  console.error(`${name}: ${e?.message ?? String(error)}`);
  // Typed errors explain themselves; anything else is a bug worth its stack.
  if (!e?.code && e?.name !== 'LinkCommandError') console.error(e?.stack);
  if (typeof e?.exitCode === 'number') return e.exitCode;
  return e?.code === 'EINVAL' || e?.code?.startsWith('ERR_PARSE_ARGS') === true ? 2 : 1;
}

/** Runs a CLI's main and turns a failure into an exit status instead of a rejection. */
export function command(name: string, main: (argv: string[]) => Promise<number>): (argv: string[]) => Promise<number> {
  return (argv) => main(argv).catch((error: unknown) => reportFailure(name, error));
}

/** Runs `main` when this module is the program (not when a test imports it). */
export function runIfMain(moduleUrl: string, name: string, main: (argv: string[]) => Promise<number>): void {
  const entry = process.argv[1];
  if (!entry) return;
  let entryUrl: string;
  try {
    entryUrl = pathToFileURL(realpathSync(entry)).href;
  } catch {
    return;
  }
  if (entryUrl !== moduleUrl) return;
  void command(name, main)(process.argv.slice(2)).then((code) => process.exit(code));
}
