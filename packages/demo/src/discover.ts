import { readdir } from 'node:fs/promises';

/**
 * Scenario files in `dir`: one per package, named after it (`core.ts`, `transport-ipv6.ts`).
 * Core comes first, the rest alphabetically, so the output reads from the base upwards.
 */
export async function scenarioFiles(dir: URL): Promise<URL[]> {
  const names = (await readdir(dir)).filter((name) => /\.[cm]?[jt]s$/.test(name) && !/\.(test|spec)\./.test(name));
  const rank = (name: string) => (name.startsWith('core.') ? 0 : 1);
  names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return names.map((name) => new URL(name, dir));
}

/** Keeps the scenarios whose `package name` contains every filter word (case-insensitive). */
export function matchesFilters(label: string, filters: readonly string[]): boolean {
  const haystack = label.toLowerCase();
  return filters.every((word) => haystack.includes(word.toLowerCase()));
}
