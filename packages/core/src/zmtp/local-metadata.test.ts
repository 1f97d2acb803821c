import { describe, expect, it } from 'vitest';
import { bytes } from './connection-pair.test-helper.js';
import { buildLocalMetadata } from './local-metadata.js';

const text = (value: Uint8Array | undefined) => (value === undefined ? undefined : new TextDecoder().decode(value));

describe('buildLocalMetadata', () => {
  it('sends Identity only for REQ, DEALER and ROUTER, empty without a routing id', () => {
    for (const type of ['REQ', 'DEALER', 'ROUTER']) {
      const metadata = buildLocalMetadata(type);
      expect([...metadata.keys()]).toEqual(['Socket-Type', 'Identity']);
      expect(metadata.get('Identity')?.length).toBe(0);
    }
    for (const type of ['PUB', 'SUB', 'PUSH', 'PULL', 'PAIR', 'REP', 'XPUB', 'XSUB']) {
      expect([...buildLocalMetadata(type, 'ignored').keys()]).toEqual(['Socket-Type']);
    }
  });

  it('carries the routing id as given', () => {
    expect(text(buildLocalMetadata('DEALER', 'worker-1').get('Identity'))).toBe('worker-1');
    expect(buildLocalMetadata('ROUTER', bytes([1, 2, 3])).get('Identity')).toEqual(bytes([1, 2, 3]));
  });

  it('adds X- application properties and leaves others out', () => {
    const metadata = buildLocalMetadata('PUSH', undefined, { 'X-Colour': 'blue', Other: 'no', 'X-Bin': bytes([0]) });
    expect([...metadata.keys()]).toEqual(['Socket-Type', 'X-Colour', 'X-Bin']);
    expect(text(metadata.get('X-Colour'))).toBe('blue');
    const fromMap = buildLocalMetadata('PULL', undefined, new Map([['X-A', bytes('1')]]));
    expect(text(fromMap.get('X-A'))).toBe('1');
  });

  it('refuses an X- property name with invalid characters and a routing id over 255 bytes', () => {
    expect(() => buildLocalMetadata('PUSH', undefined, { 'X-bad name': 'v' })).toThrow(/invalid name/);
    expect(() => buildLocalMetadata('DEALER', 'x'.repeat(256))).toThrow(/at most 255 bytes/);
  });
});
