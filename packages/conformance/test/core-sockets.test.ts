/** ZeroMQ socket patterns over core's tcp, ipc, memory and inproc transports, through the socket suite. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inproc, ipc, memory, tcp } from '@zmtp/core/node';
import { afterAll } from 'vitest';
import { socketSuite } from '../src/index.js';

const scratch = mkdtempSync(join(tmpdir(), 'zmtp-conformance-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const fresh = (): string => `${process.pid}-${randomBytes(4).toString('hex')}`;

socketSuite({
  name: 'tcp',
  capabilities: tcp().capabilities,
  addresses: { listen: () => 'tcp://127.0.0.1:*' },
  setup: () => ({ transport: tcp() }),
});

socketSuite({
  name: 'ipc',
  capabilities: ipc().capabilities,
  addresses: { listen: () => `ipc://${join(scratch, `${fresh()}.sock`)}` },
  setup: () => ({ transport: ipc() }),
});

socketSuite({
  name: 'memory',
  capabilities: memory().capabilities,
  addresses: { listen: () => `memory://conformance-${fresh()}` },
  setup: () => ({ transport: memory() }),
});

socketSuite({
  name: 'inproc',
  capabilities: { ...inproc().capabilities, dialWaitsForListener: true },
  addresses: { listen: () => `inproc://conformance-${fresh()}` },
  setup: () => ({ transport: inproc() }),
});
