import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { controlRequest, serveControl } from './control.js';

const dir = mkdtempSync(join(tmpdir(), 'netem-control-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('control channel', () => {
  it('answers requests, and reports handler errors as errors', async () => {
    const path = join(dir, 'a.sock');
    const server = await serveControl(path, (request) => {
      if ((request as { op: string }).op === 'fail') throw new Error('no such thing');
      return { echo: request };
    });
    try {
      await expect(controlRequest(path, { op: 'x' })).resolves.toEqual({ echo: { op: 'x' } });
      await expect(controlRequest(path, { op: 'fail' })).rejects.toThrow('no such thing');
    } finally {
      server.close();
    }
  });

  it('drops a client that sends an endless line instead of buffering it', async () => {
    const path = join(dir, 'b.sock');
    const server = await serveControl(path, () => 'ok');
    try {
      const socket = connect(path);
      await once(socket, 'connect');
      socket.on('error', () => {});
      const closed = once(socket, 'close');
      const junk = 'x'.repeat(16 * 1024);
      for (let i = 0; i < 8 && !socket.destroyed; i++) socket.write(junk);
      await closed;
      await expect(controlRequest(path, { op: 'still-there' })).resolves.toBe('ok');
    } finally {
      server.close();
    }
  });

  it('rejects when nobody listens', async () => {
    await expect(controlRequest(join(dir, 'none.sock'), {})).rejects.toThrow();
  });
});
