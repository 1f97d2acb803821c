import { describe, expect, it } from 'vitest';
import { addressForScheme, splitEndpoint } from './endpoint.js';
import { InvalidArgumentError } from './errors.js';

describe('splitEndpoint', () => {
  it.each([
    ['tcp://127.0.0.1:5555', 'tcp', '127.0.0.1:5555'],
    ['tcp://*:*', 'tcp', '*:*'],
    ['ipc:///tmp/feed.sock', 'ipc', '/tmp/feed.sock'],
    ['ipc://@abstract', 'ipc', '@abstract'],
    ['inproc://name://with/colons', 'inproc', 'name://with/colons'],
    ['ws://host:80/path', 'ws', 'host:80/path'],
    ['epgm://eth0;239.1.2.3:5555', 'epgm', 'eth0;239.1.2.3:5555'],
    ['x-my.transport+1://a', 'x-my.transport+1', 'a'],
  ])('splits %s', (endpoint, scheme, address) => {
    expect(splitEndpoint(endpoint)).toEqual({ scheme, address });
  });

  it.each([
    ['127.0.0.1:5555', /"127\.0\.0\.1:5555".*scheme.*"tcp:\/\/127\.0\.0\.1:5555"/],
    ['', /"".*for example/],
    ['://host:5555', /":\/\/host:5555"/],
    ['tcp:/127.0.0.1:5555', /"tcp:\/127\.0\.0\.1:5555"/],
    ['1tcp://x', /"1tcp:\/\/x"/],
    ['tcp://', /"tcp:\/\/".*empty.*"tcp:\/\/127\.0\.0\.1:5555"/],
    ['inproc://', /"inproc:\/\/".*empty.*"inproc:\/\/workers"/],
  ])('rejects %j with EINVAL', (endpoint, message) => {
    let caught: unknown;
    try {
      splitEndpoint(endpoint);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidArgumentError);
    expect((caught as InvalidArgumentError).code).toBe('EINVAL');
    expect((caught as Error).message).toMatch(message);
  });

  it('rejects a non-string with EINVAL', () => {
    expect(() => splitEndpoint(5555 as unknown as string)).toThrow(InvalidArgumentError);
  });
});

describe('addressForScheme', () => {
  it('returns the address for the right scheme', () => {
    expect(addressForScheme('ipc:///tmp/x', 'ipc')).toBe('/tmp/x');
  });

  it('rejects another scheme, naming the transport', () => {
    expect(() => addressForScheme('tcp://1.2.3.4:5', 'ipc')).toThrow(/"tcp:\/\/1\.2\.3\.4:5".*ipc transport/);
  });
});
