import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../errors.js';
import { encodeCommand, parseCommand } from './command.js';
import {
  decodeError,
  decodeMetadataCommand,
  decodePing,
  encodeCancel,
  encodeError,
  encodePing,
  encodePong,
  encodeReady,
  encodeSubscribe,
  errorCommandReason,
  peerRejection,
} from './commands.js';
import { bytes, concat, hex } from './connection-pair.test-helper.js';
import { FrameEncoder } from './frame-encoder.js';
import { buildLocalMetadata } from './local-metadata.js';
import { decodeMetadata, encodeMetadata } from './metadata.js';

/** The command as a whole frame on the wire. */
function frame(body: Uint8Array): Uint8Array {
  const out: Uint8Array[] = [];
  const encoder = new FrameEncoder((chunks) => out.push(...chunks));
  encoder.writeCommand(body);
  encoder.flush();
  return concat(out);
}

function thrown(run: () => unknown): ProtocolError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    return error as ProtocolError;
  }
  throw new Error('expected a ProtocolError');
}

describe('READY golden vectors (libzmq tests/testutil.hpp)', () => {
  it('DEALER with an empty Identity, 43 bytes', () => {
    const wire = frame(encodeReady(buildLocalMetadata('DEALER')));
    const golden = bytes([0x04, 0x29, 0x05], 'READY', [0x0b], 'Socket-Type', [0, 0, 0, 6], 'DEALER', [0x08], 'Identity', [0, 0, 0, 0]);
    expect(wire.length).toBe(43);
    expect(hex(wire)).toBe(hex(golden));
  });

  it('XPUB, without Identity', () => {
    const wire = frame(encodeReady(buildLocalMetadata('XPUB')));
    expect(hex(wire)).toBe(hex(bytes([0x04, 0x1a, 0x05], 'READY', [0x0b], 'Socket-Type', [0, 0, 0, 4], 'XPUB')));
  });

  it('SUB, without Identity', () => {
    const wire = frame(encodeReady(buildLocalMetadata('SUB')));
    expect(hex(wire)).toBe(hex(bytes([0x04, 0x19, 0x05], 'READY', [0x0b], 'Socket-Type', [0, 0, 0, 3], 'SUB')));
  });

  it('decodes the DEALER vector back, names as sent', () => {
    const { name, data } = parseCommand(encodeReady(buildLocalMetadata('DEALER', bytes('id'))));
    expect(name).toBe('READY');
    const metadata = decodeMetadataCommand(name, data);
    expect([...metadata.keys()]).toEqual(['Socket-Type', 'Identity']);
    expect(new TextDecoder().decode(metadata.get('Identity'))).toBe('id');
  });
});

describe('heartbeat commands (notes §1.6)', () => {
  it('PING with TTL 2000 ms and no context is 04 07 04 PING 00 14', () => {
    expect(hex(frame(encodePing(20)))).toBe(hex(bytes([0x04, 0x07, 0x04], 'PING', [0x00, 0x14])));
  });

  it('PONG echoing context ctx is 04 08 04 PONG ctx', () => {
    const ping = decodePing(parseCommand(encodePing(0, bytes('ctx'))).data);
    expect(ping).toEqual({ ttl: 0, context: bytes('ctx') });
    expect(hex(frame(encodePong(ping.context)))).toBe(hex(bytes([0x04, 0x08, 0x04], 'PONG', 'ctx')));
  });

  it('clamps the TTL to 16 bits and the context to 16 bytes', () => {
    const ping = decodePing(parseCommand(encodePing(1e9, new Uint8Array(40))).data);
    expect(ping.ttl).toBe(0xffff);
    expect(ping.context.length).toBe(16);
    expect(decodePing(Uint8Array.of(0, 1, ...new Array(20).fill(9))).context.length).toBe(16);
  });

  it.each([0, 1])('refuses a PING with %i data bytes (shorter than 04 PING ttl)', (size) => {
    const error = thrown(() => decodePing(new Uint8Array(size)));
    expect(error.code).toBe('ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED');
    expect(error.message).toMatch(/PING without its 2-byte TTL/);
  });
});

describe('subscriptions (notes §1.7)', () => {
  it('SUBSCRIBE "AB" is 04 0c 09 SUBSCRIBE AB; CANCEL "AB" is 04 09 06 CANCEL AB', () => {
    expect(hex(frame(encodeSubscribe(bytes('AB'))))).toBe(hex(bytes([0x04, 0x0c, 0x09], 'SUBSCRIBE', 'AB')));
    expect(hex(frame(encodeCancel(bytes('AB'))))).toBe(hex(bytes([0x04, 0x09, 0x06], 'CANCEL', 'AB')));
  });
});

describe('ERROR', () => {
  it('round-trips a reason and cuts reasons above 255 bytes', () => {
    expect(hex(encodeError('400'))).toBe(hex(bytes([5], 'ERROR', [3], '400')));
    expect(decodeError(parseCommand(encodeError('400')).data)).toBe('400');
    expect(decodeError(parseCommand(encodeError('x'.repeat(300))).data)).toHaveLength(255);
  });

  it('refuses a reason length longer than the command', () => {
    expect(thrown(() => decodeError(Uint8Array.of(5, 0x34))).code).toBe('ERR_ZMTP_MALFORMED_COMMAND_ERROR');
    expect(thrown(() => decodeError(new Uint8Array(0))).code).toBe('ERR_ZMTP_MALFORMED_COMMAND_ERROR');
  });

  it('finds the reason of a standard ERROR and of libzmq PLAIN\'s malformed 5e RROR form', () => {
    expect(errorCommandReason(encodeError('400'))).toBe('400');
    expect(errorCommandReason(bytes([0x5e], 'RROR', [3], '400'))).toBe('400');
    expect(errorCommandReason(encodeReady(new Map()))).toBeUndefined();
    expect(errorCommandReason(bytes([5], 'ERRO'))).toBeUndefined();
    expect(() => errorCommandReason(bytes([0x5e], 'RROR', [9], '400'))).toThrow(
      expect.objectContaining({ code: 'ERR_ZMTP_MALFORMED_COMMAND_ERROR' }),
    );
  });

  it('turns a peer ERROR into an AuthenticationError with its status', () => {
    expect(peerRejection('400', 'PLAIN').status).toBe(400);
    expect(peerRejection('500', 'PLAIN').status).toBe(500);
    expect(peerRejection('go away', 'NULL').status).toBe(400);
  });
});

describe('command parsing', () => {
  it('splits name and data', () => {
    expect(parseCommand(encodeCommand('HELLO', bytes('xy')))).toEqual({ name: 'HELLO', data: bytes('xy') });
  });

  it.each([
    ['empty', []],
    ['zero name length', [0]],
    ['name longer than the body', [6, 0x50, 0x49]],
  ])('refuses a command with %s', (_, body) => {
    expect(thrown(() => parseCommand(Uint8Array.from(body))).code).toBe('ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED');
  });
});

describe('metadata', () => {
  it('round-trips properties in order, names as given', () => {
    const metadata = new Map([
      ['Socket-Type', bytes('ROUTER')],
      ['X-Hello.World+1_', bytes('value')],
      ['Empty', new Uint8Array(0)],
    ]);
    const decoded = decodeMetadata(encodeMetadata(metadata));
    expect([...decoded.entries()]).toEqual([...metadata.entries()]);
  });

  it.each([
    ['a value longer than the command', [1, 0x41, 0, 0, 0, 5, 0x61]],
    ['a cut-off value length', [1, 0x41, 0, 0]],
    ['an empty name', [0, 0, 0, 0, 0]],
    ['a name with a space', [2, 0x41, 0x20, 0, 0, 0, 0]],
    ['a value length above 2^31-1', [1, 0x41, 0x80, 0, 0, 0]],
  ])('refuses %s', (_, data) => {
    const error = thrown(() => decodeMetadata(Uint8Array.from(data)));
    expect(error.code).toBe('ERR_ZMTP_INVALID_METADATA');
  });

  it('refuses to encode an invalid local property name', () => {
    expect(() => encodeMetadata(new Map([['bad name', new Uint8Array(0)]]))).toThrow(/invalid/);
  });
});
