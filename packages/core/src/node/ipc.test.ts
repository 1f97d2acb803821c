import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as zmq from 'zeromq';
import type { Connection } from '../contracts/connection.js';
import type { TransportOptions } from '../contracts/transport.js';
import { AddressInUseError, ConnectionRefusedError, InvalidArgumentError } from '../errors.js';
import { ipc, ipcTarget } from './ipc.js';

const options: TransportOptions = { socket: {}, socketType: 'DEALER' };
const never = new AbortController().signal;
const scratch = mkdtempSync(join(tmpdir(), 'zmtp-ipc-test-'));
const path = (name: string): string => join(scratch, `${name}-${randomBytes(3).toString('hex')}.sock`);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A Node process that listens on `socketPath` and waits to be killed. */
async function foreignListener(socketPath: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['-e', `require('net').createServer().listen(${JSON.stringify(socketPath)}, () => console.log('ready'))`],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  cleanup.push(
    () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`listener process exited with ${code}`)));
  });
  return child;
}

function firstBytes(connection: Connection, length: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  return new Promise((resolve, reject) => {
    connection.setHandler({
      data(chunk) {
        chunks.push(chunk);
        const all = Buffer.concat(chunks);
        if (all.length >= length) resolve(all.subarray(0, length));
      },
      drain() {},
      end() {},
      close: (error) => reject(error ?? new Error('closed early')),
    });
  });
}

describe('ipcTarget', () => {
  it.each([
    ['/tmp/feed.sock', 'linux', '/tmp/feed.sock', true],
    ['relative/feed.sock', 'linux', 'relative/feed.sock', true],
    ['@feed', 'linux', '\0feed', false],
    ['/tmp/feed.sock', 'darwin', '/tmp/feed.sock', true],
    ['feed', 'win32', '\\\\.\\pipe\\feed', false],
    ['/tmp/feed', 'win32', '\\\\.\\pipe\\/tmp/feed', false],
    ['C:\\zmq\\feed', 'win32', '\\\\.\\pipe\\C:/zmq/feed', false],
    ['\\\\.\\pipe\\given', 'win32', '\\\\.\\pipe\\given', false],
  ] as const)('maps %s on %s', (address, platform, expected, isFile) => {
    const target = ipcTarget(address, platform);
    expect(target).toEqual({ path: expected, endpoint: `ipc://${address}`, isFile });
  });

  it('rejects the abstract namespace outside Linux, an empty abstract name and over-long paths', () => {
    expect(() => ipcTarget('@feed', 'darwin')).toThrow(/only Linux/);
    expect(() => ipcTarget('@', 'linux')).toThrow(InvalidArgumentError);
    expect(() => ipcTarget(`/tmp/${'x'.repeat(103)}`, 'linux')).toThrow(/too long.*107 bytes/);
    expect(ipcTarget(`/tmp/${'x'.repeat(102)}`, 'linux').path).toHaveLength(107);
  });
});

describe('ipc transport', () => {
  it('replaces a stale socket file left by a process that died', async () => {
    const socketPath = path('stale');
    // A process that binds and exits without cleaning up leaves the file behind.
    execFileSync(process.execPath, [
      '-e',
      `require('net').createServer().listen(${JSON.stringify(socketPath)}, () => process.exit(0))`,
    ]);
    expect(lstatSync(socketPath).isSocket()).toBe(true);
    await expect(ipc().dial(`ipc://${socketPath}`, options, never)).rejects.toBeInstanceOf(ConnectionRefusedError);

    let accepted: Connection | undefined;
    const listener = await ipc().listen(`ipc://${socketPath}`, options, (connection) => {
      accepted = connection;
    });
    cleanup.push(() => listener.close());
    const client = await ipc().dial(`ipc://${socketPath}`, options, never);
    cleanup.push(() => client.destroy());
    await expect.poll(() => accepted).toBeDefined();
    accepted!.destroy();
  });

  it('refuses to take over a path where another process is listening', async () => {
    const socketPath = path('live');
    await foreignListener(socketPath);
    const error = await ipc()
      .listen(`ipc://${socketPath}`, options, () => {})
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(AddressInUseError);
    expect((error as Error).message).toContain(socketPath);
    expect(lstatSync(socketPath).isSocket()).toBe(true); // still theirs
  });

  it('refuses to replace a file that is not a socket, and leaves it alone', async () => {
    const filePath = path('plain');
    writeFileSync(filePath, 'precious');
    await expect(ipc().listen(`ipc://${filePath}`, options, () => {})).rejects.toThrow(/is not a socket/);
    expect(readFileSync(filePath, 'utf8')).toBe('precious');
  });

  it('removes the socket file on close', async () => {
    const socketPath = path('tidy');
    const listener = await ipc().listen(`ipc://${socketPath}`, options, () => {});
    expect(existsSync(socketPath)).toBe(true);
    await listener.close();
    expect(existsSync(socketPath)).toBe(false);
  });

  it('binds ipc://* to a fresh path in a private temporary directory, removed on close', async () => {
    const first = await ipc().listen('ipc://*', options, () => {});
    const second = await ipc().listen('ipc://*', options, () => {});
    expect(first.endpoint).not.toBe(second.endpoint);
    const socketPath = first.endpoint.slice('ipc://'.length);
    expect(dirname(dirname(socketPath))).toBe(tmpdir());
    expect(lstatSync(socketPath).isSocket()).toBe(true);
    await first.close();
    await second.close();
    expect(existsSync(dirname(socketPath))).toBe(false);
  });

  it('rejects a missing directory as refused, not as a crash', async () => {
    const error = await ipc()
      .dial(`ipc://${join(scratch, 'no', 'such', 'dir.sock')}`, options, never)
      .catch((reason: unknown) => reason);
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('carries bytes to and from libzmq (zeromq.js)', async () => {
    const nativePath = path('native');
    const native = new zmq.Dealer({ linger: 0 });
    cleanup.push(() => native.close());
    await native.bind(`ipc://${nativePath}`);
    const toNative = await ipc().dial(`ipc://${nativePath}`, options, never);
    cleanup.push(() => toNative.destroy());
    const greeting = await firstBytes(toNative, 10);
    expect([greeting[0], greeting[9]]).toEqual([0xff, 0x7f]);

    const accepted: Connection[] = [];
    const listener = await ipc().listen(`ipc://${path('ours')}`, options, (connection) => accepted.push(connection));
    cleanup.push(() => listener.close());
    const client = new zmq.Dealer({ linger: 0 });
    cleanup.push(() => client.close());
    client.connect(listener.endpoint);
    await expect.poll(() => accepted.length).toBe(1);
    cleanup.push(() => accepted[0].destroy());
    const fromNative = await firstBytes(accepted[0], 10);
    expect([fromNative[0], fromNative[9]]).toEqual([0xff, 0x7f]);
  });
});
