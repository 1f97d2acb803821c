// Host names with both AAAA and A records, through an injected resolver: which address
// wins, fall-back to the other family, and re-resolution at every reconnect. The case of
// an unreachable (black-holed) IPv6 address is in netns.test.ts, which builds one.
import { describe, expect, it } from 'vitest';
import type { ResolvedAddress, Resolver } from '@zmtp/transport-ipv6';
import { context, hasIpv6Loopback, nextEvent, ours, portOf, text, within } from './support.js';

/** A resolver with a record set the test can change, counting its calls. */
function fakeDns(records: Record<string, ResolvedAddress[]>) {
  const calls: Array<[string, number]> = [];
  const resolver: Resolver = (hostname, family) => {
    calls.push([hostname, family]);
    const found = records[hostname];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return found;
  };
  return { records, calls, resolver };
}

const loopback6: ResolvedAddress = { address: '::1', family: 6 };
const loopback4: ResolvedAddress = { address: '127.0.0.1', family: 4 };

describe('Happy Eyeballs over loopback', async () => {
  const ipv6Loopback = await hasIpv6Loopback();
  if (!ipv6Loopback) console.log('happy-eyeballs.test: skipped, this host has no ::1 (IPv6 disabled)');

  it.skipIf(!ipv6Loopback)('when both families work, IPv6 (listed first) wins', async () => {
    const pull = ours('Pull', { ipv6: true });
    await pull.bind('tcp://*:*');
    const dns = fakeDns({ 'both.test': [loopback6, loopback4] });
    const push = ours('Push', { ipv6: true, context: context({ resolver: dns.resolver }) });
    const accepted = nextEvent(pull, 'accept');
    push.connect(`tcp://both.test:${portOf(pull.lastEndpoint)}`);
    await push.send('hello');
    expect(text(await within(pull.receive(), 'the message'))).toEqual(['hello']);
    expect((await accepted).address).toMatch(/^tcp:\/\/\[::1\]:/);
    expect(dns.calls).toEqual([['both.test', 0]]);
  });

  it.skipIf(!ipv6Loopback)('the resolver order decides the first family: A first means IPv4 first', async () => {
    const pull = ours('Pull', { ipv6: true });
    await pull.bind('tcp://*:*');
    const dns = fakeDns({ 'v4first.test': [loopback4, loopback6] });
    const push = ours('Push', { ipv6: true, context: context({ resolver: dns.resolver }) });
    const accepted = nextEvent(pull, 'accept');
    push.connect(`tcp://v4first.test:${portOf(pull.lastEndpoint)}`);
    expect((await accepted).address).toMatch(/^tcp:\/\/\[::ffff:127\.0\.0\.1\]:/);
  });

  it.skipIf(!ipv6Loopback)('an IPv6 address that refuses falls back to IPv4 at once', async () => {
    const pull = ours('Pull'); // IPv4 only: nothing listens on [::1] at this port
    await pull.bind('tcp://127.0.0.1:*');
    const dns = fakeDns({ 'half.test': [loopback6, loopback4] });
    const push = ours('Push', { ipv6: true, context: context({ resolver: dns.resolver }) });
    push.connect(`tcp://half.test:${portOf(pull.lastEndpoint)}`);
    await push.send('via ipv4');
    expect(text(await within(pull.receive(), 'the message'))).toEqual(['via ipv4']);
  });

  it.skipIf(!ipv6Loopback)('ipv6Only asks for AAAA records only; ipv6 off for A records only', async () => {
    const dns = fakeDns({ 'name.test': [loopback6, loopback4] });
    const pull6 = ours('Pull', { ipv6: true });
    await pull6.bind('tcp://[::1]:*');
    const push6 = ours('Push', { ipv6Only: true, context: context({ resolver: dns.resolver }) });
    push6.connect(`tcp://name.test:${portOf(pull6.lastEndpoint)}`);
    await push6.send('six');
    expect(text(await within(pull6.receive(), 'the IPv6 message'))).toEqual(['six']);

    const pull4 = ours('Pull');
    await pull4.bind('tcp://127.0.0.1:*');
    const push4 = ours('Push', { context: context({ resolver: dns.resolver }) });
    push4.connect(`tcp://name.test:${portOf(pull4.lastEndpoint)}`);
    await push4.send('four');
    expect(text(await within(pull4.receive(), 'the IPv4 message'))).toEqual(['four']);
    expect(dns.calls).toEqual([
      ['name.test', 6],
      ['name.test', 4],
    ]);
  });

  it.skipIf(!ipv6Loopback)('resolves again at every reconnect, so a changed record is followed', async () => {
    // Two servers on the same port: one on [::1], one on 127.0.0.1.
    const first = ours('Pull', { ipv6: true });
    await first.bind('tcp://[::1]:*');
    const port = portOf(first.lastEndpoint);
    const second = ours('Pull');
    await second.bind(`tcp://127.0.0.1:${port}`);

    const dns = fakeDns({ 'moving.test': [loopback6] });
    const push = ours('Push', { ipv6: true, reconnectInterval: 20, context: context({ resolver: dns.resolver }) });
    push.connect(`tcp://moving.test:${port}`);
    await push.send('to the first');
    expect(text(await within(first.receive(), 'the first message'))).toEqual(['to the first']);

    // The record changes, then the first server goes away: the reconnect must follow DNS.
    dns.records['moving.test'] = [loopback4];
    const reconnected = nextEvent(push, 'connect');
    first.close();
    await reconnected;
    await push.send('to the second');
    expect(text(await within(second.receive(), 'the second message'))).toEqual(['to the second']);
    expect(dns.calls.length).toBeGreaterThanOrEqual(2);
  });

  it('a name that does not resolve keeps retrying, asking the resolver each time', async () => {
    const dns = fakeDns({});
    const push = ours('Push', { ipv6: true, reconnectInterval: 10, context: context({ resolver: dns.resolver }) });
    push.connect('tcp://nowhere.test:5555');
    await nextEvent(push, 'connect:retry');
    await nextEvent(push, 'connect:retry');
    expect(dns.calls.length).toBeGreaterThanOrEqual(2);
    expect(dns.calls[0]).toEqual(['nowhere.test', 0]);
  });
});
