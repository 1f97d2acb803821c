import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { ipc } from '../src/node/ipc.js';
import { tcp } from '../src/node/tcp.js';
import { memory } from '../src/transports/memory.js';
import {
  checkEndpointErrors,
  checkListenEndpoints,
  describeTransportChecks,
  type TransportUnderTest,
} from './transport-checks.js';

const scratch = mkdtempSync(join(tmpdir(), 'zmtp-transports-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let sequence = 0;
const fresh = (): string => `${process.pid}-${++sequence}-${randomBytes(3).toString('hex')}`;

/** A TCP port that was free a moment ago (bound, then released). */
function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const tcpSubject: TransportUnderTest = {
  name: 'tcp',
  makeTransport: tcp,
  listenAddress: () => 'tcp://127.0.0.1:*',
  deadAddress: async () => `tcp://127.0.0.1:${await unusedPort()}`,
};

const ipcSubject: TransportUnderTest = {
  name: 'ipc',
  makeTransport: ipc,
  listenAddress: () => `ipc://${join(scratch, `s-${fresh()}.sock`)}`,
  deadAddress: () => `ipc://${join(scratch, `dead-${fresh()}.sock`)}`,
};

const ipcAbstractSubject: TransportUnderTest = {
  name: 'ipc (abstract namespace)',
  makeTransport: ipc,
  listenAddress: () => `ipc://@zmtp-test-${fresh()}`,
  deadAddress: () => `ipc://@zmtp-dead-${fresh()}`,
};

const memorySubject: TransportUnderTest = {
  name: 'memory',
  makeTransport: memory,
  listenAddress: () => `memory://test-${fresh()}`,
  deadAddress: () => `memory://nobody-${fresh()}`,
};

describeTransportChecks(tcpSubject);
describeTransportChecks(ipcSubject);
if (process.platform === 'linux') describeTransportChecks(ipcAbstractSubject);
describeTransportChecks(memorySubject);

const ipv6Hint = /@zmtp\/transport-ipv6.*context\.use\(ipv6\(\)\)/;

describe('tcp endpoints', () => {
  it('binds *, numeric addresses and interface names, and reports the real endpoint', () =>
    checkListenEndpoints(tcpSubject, [
      { endpoint: 'tcp://127.0.0.1:*', reported: /^tcp:\/\/127\.0\.0\.1:[1-9][0-9]*$/ },
      { endpoint: 'tcp://127.0.0.1:0', reported: /^tcp:\/\/127\.0\.0\.1:[1-9][0-9]*$/ },
      { endpoint: 'tcp://*:*', reported: /^tcp:\/\/0\.0\.0\.0:[1-9][0-9]*$/ },
      { endpoint: 'tcp://*:0', reported: /^tcp:\/\/0\.0\.0\.0:[1-9][0-9]*$/ },
      { endpoint: 'tcp://lo:*', reported: /^tcp:\/\/127\.0\.0\.1:[1-9][0-9]*$/ },
    ]));

  it('rejects bad endpoints with typed errors that say what to do', () =>
    checkEndpointErrors(tcpSubject, [
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
    return checkListenEndpoints(ipcSubject, rows);
  });

  it('rejects bad endpoints with typed errors', () =>
    checkEndpointErrors(ipcSubject, [
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
    checkEndpointErrors(memorySubject, [
      { op: 'listen', endpoint: 'memory://', code: 'EINVAL', message: /empty/ },
      { op: 'dial', endpoint: 'memory://', code: 'EINVAL', message: /empty/ },
      { op: 'dial', endpoint: 'memory://unbound', code: 'ECONNREFUSED', message: /bind it first/ },
      { op: 'listen', endpoint: 'tcp://127.0.0.1:5555', code: 'EINVAL', message: /memory transport/ },
    ]));
});
