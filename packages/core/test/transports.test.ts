/**
 * What is specific to core's transports: their endpoint syntax and the errors it
 * gives. The generic transport checks run from @zmtp/conformance's own tests
 * (packages/conformance/test), since core must not depend on that package.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Connection } from '../src/contracts/connection.js';
import type { Listener, StreamTransport, TransportOptions } from '../src/contracts/transport.js';
import type { ErrorCode } from '../src/errors.js';
import { ZmqError } from '../src/errors.js';
import { ipc } from '../src/node/ipc.js';
import { tcp } from '../src/node/tcp.js';
import { memory } from '../src/transports/memory.js';

const scratch = mkdtempSync(join(tmpdir(), 'zmtp-transports-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let sequence = 0;
const fresh = (): string => `${process.pid}-${++sequence}-${randomBytes(3).toString('hex')}`;
const options: TransportOptions = { socket: {}, socketType: 'DEALER' };

/** One row of an endpoint table: the operation, the endpoint, and the error it must give. */
interface EndpointErrorCase {
  readonly op: 'listen' | 'dial';
  readonly endpoint: string;
  readonly code: ErrorCode;
  /** What the message must say (the bad part, the fix). */
  readonly message?: RegExp;
}

async function expectZmqError(attempt: () => unknown, code: ErrorCode, message?: RegExp): Promise<void> {
  const error = await new Promise((resolve) => resolve(attempt())).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error, `expected a rejection with ${code}`).toBeInstanceOf(ZmqError);
  expect((error as ZmqError).code).toBe(code);
  if (message) expect((error as ZmqError).message).toMatch(message);
}

/**
 * Every row must fail with its code (and message). Syntax errors (EINVAL,
 * EPROTONOSUPPORT) must also come synchronously from `checkEndpoint`, so that
 * `connect()` can throw at once as libzmq's does.
 */
async function checkEndpointErrors(transport: StreamTransport, cases: readonly EndpointErrorCase[]): Promise<void> {
  const opened: (Listener | Connection)[] = [];
  try {
    for (const row of cases) {
      const attempt = (): Promise<Listener | Connection> =>
        (row.op === 'listen'
          ? transport.listen(row.endpoint, options, (connection) => connection.destroy())
          : transport.dial(row.endpoint, options, new AbortController().signal)
        ).then((made) => {
          opened.push(made);
          return made;
        });
      try {
        await expectZmqError(attempt, row.code, row.message);
        if (transport.checkEndpoint && (row.code === 'EINVAL' || row.code === 'EPROTONOSUPPORT')) {
          await expectZmqError(() => transport.checkEndpoint!(row.endpoint, row.op), row.code, row.message);
        }
      } catch (error) {
        throw new Error(`${row.op} "${row.endpoint}": ${(error as Error).message}`);
      }
    }
  } finally {
    for (const made of opened) await ('close' in made ? made.close() : made.destroy());
  }
}

/** Every endpoint must pass `checkEndpoint` and be accepted by listen; `reported` matches what the listener reports. */
async function checkListenEndpoints(transport: StreamTransport, cases: readonly { endpoint: string; reported: RegExp }[]): Promise<void> {
  for (const row of cases) {
    transport.checkEndpoint?.(row.endpoint, 'listen');
    const listener = await transport.listen(row.endpoint, options, (connection) => connection.destroy());
    try {
      expect(listener.endpoint, row.endpoint).toMatch(row.reported);
    } finally {
      await listener.close();
    }
  }
}

const ipv6Hint = /@zmtp\/transport-ipv6.*context\.use\(ipv6\(\)\)/;

describe('tcp endpoints', () => {
  it('binds *, numeric addresses and interface names, and reports the real endpoint', () =>
    checkListenEndpoints(tcp(), [
      { endpoint: 'tcp://127.0.0.1:*', reported: /^tcp:\/\/127\.0\.0\.1:[1-9][0-9]*$/ },
      { endpoint: 'tcp://127.0.0.1:0', reported: /^tcp:\/\/127\.0\.0\.1:[1-9][0-9]*$/ },
      { endpoint: 'tcp://*:*', reported: /^tcp:\/\/0\.0\.0\.0:[1-9][0-9]*$/ },
      { endpoint: 'tcp://*:0', reported: /^tcp:\/\/0\.0\.0\.0:[1-9][0-9]*$/ },
      { endpoint: 'tcp://lo:*', reported: /^tcp:\/\/127\.0\.0\.1:[1-9][0-9]*$/ },
    ]));

  it('rejects bad endpoints with typed errors that say what to do', () =>
    checkEndpointErrors(tcp(), [
      { op: 'listen', endpoint: 'tcp://localhost:5555', code: 'ENODEV', message: /"localhost".*"\*".*interface/ },
      { op: 'listen', endpoint: 'tcp://no-such-nic0:*', code: 'ENODEV', message: /"no-such-nic0"/ },
      { op: 'listen', endpoint: 'tcp://[::1]:5555', code: 'EPROTONOSUPPORT', message: ipv6Hint },
      { op: 'listen', endpoint: 'tcp://::1:5555', code: 'EPROTONOSUPPORT', message: ipv6Hint },
      { op: 'listen', endpoint: 'tcp://[::]:*', code: 'EPROTONOSUPPORT', message: ipv6Hint },
      { op: 'dial', endpoint: 'tcp://[::1]:5555', code: 'EPROTONOSUPPORT', message: ipv6Hint },
      { op: 'dial', endpoint: 'tcp://[fe80::1%eth0]:5555', code: 'EPROTONOSUPPORT', message: ipv6Hint },
      { op: 'dial', endpoint: 'tcp://[::1]:0;127.0.0.1:5555', code: 'EPROTONOSUPPORT', message: ipv6Hint },
      { op: 'listen', endpoint: 'tcp://127.0.0.1:65536', code: 'EINVAL', message: /"65536"/ },
      { op: 'listen', endpoint: 'tcp://127.0.0.1:http', code: 'EINVAL', message: /"http"/ },
      { op: 'listen', endpoint: 'tcp://127.0.0.1', code: 'EINVAL', message: /no port/ },
      { op: 'listen', endpoint: 'tcp://300.1.2.3:5555', code: 'EINVAL', message: /"300\.1\.2\.3"/ },
      { op: 'listen', endpoint: 'tcp://:5555', code: 'EINVAL', message: /empty/ },
      { op: 'listen', endpoint: 'tcp://127.0.0.1:0;127.0.0.1:5555', code: 'EINVAL', message: /only for connect/ },
      { op: 'listen', endpoint: 'tcp://', code: 'EINVAL', message: /"tcp:\/\/"/ },
      { op: 'listen', endpoint: '127.0.0.1:5555', code: 'EINVAL', message: /scheme.*tcp:\/\/127\.0\.0\.1:5555/ },
      { op: 'listen', endpoint: 'ipc:///tmp/x', code: 'EINVAL', message: /tcp transport/ },
      { op: 'dial', endpoint: 'tcp://127.0.0.1:*', code: 'EINVAL', message: /"\*" is only for bind/ },
      { op: 'dial', endpoint: 'tcp://127.0.0.1', code: 'EINVAL', message: /no port/ },
      { op: 'dial', endpoint: 'tcp://127.0.0.1:0', code: 'EINVAL', message: /port 0/ },
      { op: 'dial', endpoint: 'tcp://*:5555', code: 'EINVAL', message: /"\*"/ },
      { op: 'dial', endpoint: 'tcp://1.2.3:5555', code: 'EINVAL', message: /"1\.2\.3"/ },
      { op: 'dial', endpoint: 'tcp://bad host:5555', code: 'EINVAL', message: /"bad host"/ },
      { op: 'dial', endpoint: 'tcp://lo;127.0.0.1:5555', code: 'EINVAL', message: /no port after "lo"/ },
      { op: 'dial', endpoint: 'tcp://;127.0.0.1:5555', code: 'EINVAL', message: /source address/ },
      { op: 'dial', endpoint: 'tcp://localhost:0;127.0.0.1:5555', code: 'ENODEV', message: /"localhost"/ },
      { op: 'dial', endpoint: 'tcp://nonexistent.invalid:5555', code: 'EHOSTUNREACH', message: /"nonexistent\.invalid"/ },
    ]));
});

describe('ipc endpoints', () => {
  it('binds paths, relative paths, abstract names and *, and reports them', () => {
    const relativePath = relative(process.cwd(), join(scratch, `rel-${fresh()}.sock`));
    const rows = [
      { endpoint: `ipc://${join(scratch, 'abs.sock')}`, reported: new RegExp(`^ipc://${scratch}/abs\\.sock$`) },
      { endpoint: `ipc://${relativePath}`, reported: new RegExp(`^ipc://${relativePath.replace(/\./g, '\\.')}$`) },
      { endpoint: 'ipc://*', reported: new RegExp(`^ipc://${tmpdir()}/zmtp-ipc-[^/]+/socket$`) },
    ];
    if (process.platform === 'linux') rows.push({ endpoint: 'ipc://@zmtp-abstract-name', reported: /^ipc:\/\/@zmtp-abstract-name$/ });
    return checkListenEndpoints(ipc(), rows);
  });

  it('rejects bad endpoints with typed errors', () =>
    checkEndpointErrors(ipc(), [
      { op: 'listen', endpoint: 'ipc://', code: 'EINVAL', message: /empty/ },
      { op: 'listen', endpoint: 'ipc://@', code: 'EINVAL', message: /empty abstract name/ },
      { op: 'listen', endpoint: `ipc:///tmp/${'x'.repeat(120)}`, code: 'EINVAL', message: /too long/ },
      { op: 'dial', endpoint: 'ipc://*', code: 'EINVAL', message: /only for bind/ },
      { op: 'dial', endpoint: `ipc://${join(scratch, 'missing', 'nothing.sock')}`, code: 'ECONNREFUSED' },
      { op: 'listen', endpoint: 'tcp://127.0.0.1:*', code: 'EINVAL', message: /ipc transport/ },
    ]));
});

describe('memory endpoints', () => {
  it('rejects bad endpoints with typed errors', () =>
    checkEndpointErrors(memory(), [
      { op: 'listen', endpoint: 'memory://', code: 'EINVAL', message: /empty/ },
      { op: 'dial', endpoint: 'memory://', code: 'EINVAL', message: /empty/ },
      { op: 'dial', endpoint: 'memory://unbound', code: 'ECONNREFUSED', message: /bind it first/ },
      { op: 'listen', endpoint: 'tcp://127.0.0.1:5555', code: 'EINVAL', message: /memory transport/ },
    ]));
});
