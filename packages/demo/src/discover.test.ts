import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { matchesFilters, scenarioFiles } from './discover.js';

describe('scenarioFiles', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists core first, then other packages alphabetically, leaving out tests and other files', async () => {
    dir = await mkdtemp(join(tmpdir(), 'zmtp-demo-'));
    for (const name of ['transport-sctp.ts', 'core.ts', 'crypt.ts', 'core.test.ts', 'README.md', 'devices.mjs']) {
      await writeFile(join(dir, name), '');
    }
    const files = await scenarioFiles(pathToFileURL(`${dir}/`));
    expect(files.map((url) => url.pathname.split('/').pop())).toEqual([
      'core.ts',
      'crypt.ts',
      'devices.mjs',
      'transport-sctp.ts',
    ]);
  });
});

describe('matchesFilters', () => {
  it('needs every word, ignoring case', () => {
    expect(matchesFilters('core PUB/SUB  ours -> libzmq', ['pub', 'LIBZMQ'])).toBe(true);
    expect(matchesFilters('core PUB/SUB  ours -> libzmq', ['pub', 'router'])).toBe(false);
    expect(matchesFilters('anything', [])).toBe(true);
  });
});
