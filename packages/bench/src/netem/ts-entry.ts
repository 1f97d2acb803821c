import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The argv that runs one of this folder's TypeScript entry files in a new Node process
 * (inside a namespace, or after the TUN helper's exec): node with tsx's loader, which
 * is a dependency of this package, so no build step is needed.
 */
export function tsEntryArgv(file: string): string[] {
  const loader = createRequire(import.meta.url).resolve('tsx');
  return [process.execPath, '--import', pathToFileURL(loader).href, file];
}

/** Absolute path of a file beside this one. */
export function here(file: string): string {
  return fileURLToPath(new URL(file, import.meta.url));
}
