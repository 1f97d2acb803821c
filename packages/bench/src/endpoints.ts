/** Fresh bind addresses for each transport, unique within the machine. */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TransportName } from './cases.js';

let counter = 0;

export function bindAddress(transport: TransportName): { address: string; cleanup(): void } {
  const name = `zmtp-bench-${process.pid}-${++counter}`;
  switch (transport) {
    case 'tcp':
      return { address: 'tcp://127.0.0.1:*', cleanup() {} };
    case 'inproc':
      return { address: `inproc://${name}`, cleanup() {} };
    case 'ipc': {
      const path = join(tmpdir(), `${name}.sock`);
      return { address: `ipc://${path}`, cleanup: () => rmSync(path, { force: true }) };
    }
  }
}
