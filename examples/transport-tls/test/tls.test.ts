/** What the conformance suites do not cover: endpoint syntax, options, certificates. */
import { readFileSync } from 'node:fs';
import { Context, Pull, Push, ZmqError, type Connection, type TransportOptions } from '@zmtp/core';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTlsEndpoint, tls } from '../src/index.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const cert = fixture('cert.pem');
const key = fixture('key.pem');
const otherCert = fixture('other-cert.pem');
const otherKey = fixture('other-key.pem');
const options: TransportOptions = { socket: {}, socketType: 'DEALER' };

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function expectInvalid(run: () => unknown, message: RegExp): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ZmqError);
  expect((thrown as ZmqError).code).toBe('EINVAL');
  expect((thrown as ZmqError).message).toMatch(message);
}

describe('tls:// endpoints', () => {
  it('parses listen and dial endpoints as libzmq writes tcp:// ones', () => {
    expect(parseTlsEndpoint('tls://127.0.0.1:5555', 'listen')).toEqual({ host: '127.0.0.1', port: 5555 });
    expect(parseTlsEndpoint('tls://*:*', 'listen')).toEqual({ host: '0.0.0.0', port: 0 });
    expect(parseTlsEndpoint('tls://example.com:443', 'dial')).toEqual({ host: 'example.com', port: 443 });
  });

  it('refuses bad endpoints with EINVAL and says how to write them', () => {
    expectInvalid(() => parseTlsEndpoint('tcp://127.0.0.1:5555', 'dial'), /endpoints like "tls:\/\/127\.0\.0\.1:5555"/);
    expectInvalid(() => parseTlsEndpoint('tls://127.0.0.1', 'listen'), /no port/);
    expectInvalid(() => parseTlsEndpoint('tls://127.0.0.1:99999', 'listen'), /0 to 65535/);
    expectInvalid(() => parseTlsEndpoint('tls://[::1]:5555', 'dial'), /IPv4 only/);
    expectInvalid(() => parseTlsEndpoint('tls://localhost:*', 'listen'), /IPv4 address of this machine/);
    expectInvalid(() => parseTlsEndpoint('tls://*:5555', 'dial'), /only for listening/);
    expectInvalid(() => parseTlsEndpoint('tls://127.0.0.1:0', 'dial'), /real port/);
    expectInvalid(() => parseTlsEndpoint('tls://bad host:1', 'dial'), /neither an IPv4 address nor a host name/);
  });

  it('makes socket.connect() throw at once for a bad endpoint', () => {
    const context = new Context().use({ name: 'tls', transports: [tls({ ca: cert })] });
    const push = new Push({ context, linger: 0 });
    cleanups.push(() => push.close());
    expect(() => push.connect('tls://*:5555')).toThrow(/only for listening/);
  });
});

describe('tls() options', () => {
  it('refuses bad options with EINVAL', () => {
    expectInvalid(() => tls({ cert: 5 as never, key }), /cert.*PEM/);
    expectInvalid(() => tls({ cert }), /`cert` and `key` together/);
    expectInvalid(() => tls({ ca: [cert, 7 as never] }), /ca.*PEM/);
    expectInvalid(() => tls({ minVersion: 'SSLv3' as never }), /minVersion/);
    expectInvalid(() => tls({ handshakeTimeout: -1 }), /handshakeTimeout/);
  });

  it('refuses to listen without a certificate, saying which option to give', async () => {
    const attempt = tls({ ca: cert }).listen('tls://127.0.0.1:*', options, () => {});
    await expect(attempt).rejects.toMatchObject({ code: 'EINVAL', message: expect.stringMatching(/tls\(\{ cert, key \}\)/) });
  });
});

describe('certificates', () => {
  it('refuses a server whose certificate is not signed by a trusted CA, with a typed error', async () => {
    const accepted: Connection[] = [];
    const listener = await tls({ cert: otherCert, key: otherKey }).listen('tls://127.0.0.1:*', options, (c) => accepted.push(c));
    cleanups.push(() => listener.close());
    const attempt = tls({ ca: cert }).dial(listener.endpoint, options, new AbortController().signal);
    await expect(attempt).rejects.toMatchObject({ code: 'EHOSTUNREACH', message: expect.stringMatching(/TLS handshake failed.*tls\(\{ ca \}\)/) });
    expect(accepted).toHaveLength(0);
  });

  it('with requireClientCertificate, accepts only dialers holding a certificate from the CA', async () => {
    const accepted: Connection[] = [];
    const server = tls({ cert, key, ca: cert, requireClientCertificate: true });
    const listener = await server.listen('tls://127.0.0.1:*', options, (c) => accepted.push(c));
    cleanups.push(() => listener.close());
    cleanups.push(() => accepted.forEach((c) => c.destroy()));

    const good = await tls({ cert, key, ca: cert }).dial(listener.endpoint, options, new AbortController().signal);
    cleanups.push(() => good.destroy());
    await expect.poll(() => accepted.length).toBe(1);

    // TLS 1.3 finishes the dialer's handshake before the server checks the client: the server then hangs up.
    const anonymous = await tls({ ca: cert })
      .dial(listener.endpoint, options, new AbortController().signal)
      .catch((error: unknown) => error);
    if (!(anonymous instanceof Error)) {
      const closed = new Promise<void>((resolve) =>
        (anonymous as Connection).setHandler({ data() {}, drain() {}, end() {}, close: () => resolve() }),
      );
      await closed;
    }
    expect(accepted).toHaveLength(1);
  });
});

describe('sockets over tls://', () => {
  it('runs the README example: PUSH to PULL over TLS', async () => {
    const context = new Context().use({ name: 'tls', transports: [tls({ cert, key, ca: cert })] });
    const pull = new Pull({ context, linger: 0 });
    const push = new Push({ context, linger: 0 });
    cleanups.push(() => pull.close(), () => push.close());
    await pull.bind('tls://127.0.0.1:*');
    push.connect(pull.lastEndpoint!);
    await push.send(['hello', 'over TLS']);
    const parts = await pull.receive();
    expect(parts.map((part) => new TextDecoder().decode(part))).toEqual(['hello', 'over TLS']);
  });
});
