import { describe, expect, it } from 'vitest';
import { ZMTP_SOCKET_TYPES, isCompatibleSocketType } from './socket-types.js';

/** RFC 37 / libzmq check_socket_type, pair by pair. */
const compatible: [string, string][] = [
  ['REQ', 'REP'], ['REQ', 'ROUTER'],
  ['REP', 'REQ'], ['REP', 'DEALER'],
  ['DEALER', 'REP'], ['DEALER', 'DEALER'], ['DEALER', 'ROUTER'],
  ['ROUTER', 'REQ'], ['ROUTER', 'DEALER'], ['ROUTER', 'ROUTER'],
  ['PUB', 'SUB'], ['PUB', 'XSUB'], ['XPUB', 'SUB'], ['XPUB', 'XSUB'],
  ['SUB', 'PUB'], ['SUB', 'XPUB'], ['XSUB', 'PUB'], ['XSUB', 'XPUB'],
  ['PUSH', 'PULL'], ['PULL', 'PUSH'], ['PAIR', 'PAIR'],
  ['CLIENT', 'SERVER'], ['SERVER', 'CLIENT'], ['RADIO', 'DISH'], ['DISH', 'RADIO'],
  ['SCATTER', 'GATHER'], ['GATHER', 'SCATTER'], ['PEER', 'PEER'], ['CHANNEL', 'CHANNEL'],
];

describe('socket type compatibility', () => {
  it('accepts exactly the pairs of the table', () => {
    const types = ZMTP_SOCKET_TYPES.filter((type) => type !== 'DGRAM');
    for (const local of types) {
      for (const peer of types) {
        const expected = compatible.some(([a, b]) => a === local && b === peer);
        expect(isCompatibleSocketType(local, peer), `${local} -> ${peer}`).toBe(expected);
      }
    }
  });

  it('matches names case-sensitively and knows no STREAM or unknown types', () => {
    expect(isCompatibleSocketType('PUSH', 'pull')).toBe(false);
    expect(isCompatibleSocketType('STREAM', 'STREAM')).toBe(false);
    expect(isCompatibleSocketType('toString', 'toString')).toBe(false);
  });
});
