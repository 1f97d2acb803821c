// Binding with the ipv6 option off and on, compared with libzmq binding the same
// endpoint in the same process: the same success or error code, and `lastEndpoint`
// in the same format (ports differ).
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { native, ours, withoutPort } from './support.js';

/** The host's first link-local address with its zone, if it has one (eth0 in most containers). */
function linkLocal(): string | undefined {
  for (const [name, entries] of Object.entries(networkInterfaces())) {
    const found = entries?.find((e) => e.family === 'IPv6' && /^fe80:/i.test(e.address));
    if (found) return `${found.address}%${name}`;
  }
  return undefined;
}

const cases: Array<[endpoint: string, ipv6: boolean]> = [
  ['tcp://*:*', false],
  ['tcp://*:*', true],
  ['tcp://127.0.0.1:*', false],
  ['tcp://127.0.0.1:*', true],
  ['tcp://[::1]:*', false],
  ['tcp://[::1]:*', true],
  ['tcp://::1:*', true],
  ['tcp://[::]:*', true],
  ['tcp://[0:0:0:0:0:0:0:1]:*', true],
  ['tcp://[::ffff:127.0.0.1]:*', false],
  ['tcp://[::ffff:127.0.0.1]:*', true],
  ['tcp://[::1%lo]:*', true],
  ['tcp://[::1%1]:*', true],
  ['tcp://lo:*', false],
  ['tcp://lo:*', true],
];
const local = linkLocal();
if (local) {
  const [address, zone] = local.split('%');
  cases.push([`tcp://[${local}]:*`, true]);
  cases.push([`tcp://[${address}%${networkInterfaces()[zone] ? indexOf(zone) : zone}]:*`, true]);
} else {
  console.log('bind.test: no link-local address on this host; the netns test covers zones');
}

function indexOf(name: string): string {
  const entry = networkInterfaces()[name]?.find((e) => e.family === 'IPv6' && e.scopeid);
  return String(entry?.scopeid ?? name);
}

async function bindResult(socket: { bind(a: string): Promise<void>; lastEndpoint: string | null }, endpoint: string) {
  try {
    await socket.bind(endpoint);
    return { endpoint: withoutPort(socket.lastEndpoint) };
  } catch (error) {
    return { error: (error as { code?: string }).code };
  }
}

describe('bind as libzmq binds', () => {
  it.each(cases)('%s with ipv6 %s', async (endpoint, ipv6) => {
    const expected = await bindResult(native('Pull', { ipv6 }), endpoint);
    const actual = await bindResult(ours('Pull', { ipv6 }), endpoint);
    expect(actual).toEqual(expected);
  });

  it('gives the real endpoint in libzmq format for the cases the notes list', async () => {
    // From shared/notes/transports.md section 6, measured against libzmq 4.3.5.
    const table: Array<[string, boolean, RegExp]> = [
      ['tcp://*:*', false, /^tcp:\/\/0\.0\.0\.0:\d+$/],
      ['tcp://*:*', true, /^tcp:\/\/\[::\]:\d+$/],
      ['tcp://[::1]:*', true, /^tcp:\/\/\[::1\]:\d+$/],
      ['tcp://::1:*', true, /^tcp:\/\/\[::1\]:\d+$/],
      ['tcp://127.0.0.1:*', true, /^tcp:\/\/\[::ffff:127\.0\.0\.1\]:\d+$/],
    ];
    for (const [endpoint, ipv6, format] of table) {
      const socket = ours('Pull', { ipv6 });
      await socket.bind(endpoint);
      expect(socket.lastEndpoint, endpoint).toMatch(format);
    }
    await expect(ours('Pull').bind('tcp://[::1]:*')).rejects.toMatchObject({
      code: 'ENODEV',
      message: expect.stringContaining('set the socket option ipv6: true'),
    });
  });

  it('unbinds by the endpoint given or the real one', async () => {
    const socket = ours('Pull', { ipv6: true });
    await socket.bind('tcp://[::1]:*');
    const real = socket.lastEndpoint!;
    await socket.unbind(real);
    await socket.bind('tcp://*:*');
    await socket.unbind('tcp://*:*');
  });
});
