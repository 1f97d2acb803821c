/**
 * Core's own stream transports (tcp, ipc, memory) and its message-level inproc
 * transport through the transport suite, as a plugin author would run it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inproc, ipc, memory, tcp } from '@zmtp/core/node';
import { afterAll } from 'vitest';
import { transportSuite } from '../src/index.js';

const scratch = mkdtempSync(join(tmpdir(), 'zmtp-conformance-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const fresh = (): string => `${process.pid}-${randomBytes(4).toString('hex')}`;

transportSuite({
  name: 'tcp',
  capabilities: tcp().capabilities,
  addresses: { listen: () => 'tcp://127.0.0.1:*' },
  setup: () => ({ transport: tcp() }),
});

transportSuite({
  name: 'ipc',
  capabilities: ipc().capabilities,
  addresses: { listen: () => `ipc://${join(scratch, `${fresh()}.sock`)}` },
  setup: () => ({ transport: ipc() }),
});

if (process.platform === 'linux') {
  transportSuite({
    name: 'ipc (abstract namespace)',
    capabilities: ipc().capabilities,
    addresses: { listen: () => `ipc://@zmtp-conformance-${fresh()}` },
    setup: () => ({ transport: ipc() }),
  });
}

transportSuite({
  name: 'memory',
  capabilities: memory().capabilities,
  addresses: { listen: () => `memory://conformance-${fresh()}` },
  setup: () => ({ transport: memory() }),
});

transportSuite({
  name: 'inproc',
  capabilities: { ...inproc().capabilities, dialWaitsForListener: true },
  addresses: { listen: () => `inproc://conformance-${fresh()}` },
  setup: () => ({ transport: inproc() }),
});
