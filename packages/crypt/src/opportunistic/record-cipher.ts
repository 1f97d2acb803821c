import { type FrameCipher, ProtocolError } from '@zmtp/core';
import { commandName, commandPrefix, readUint64, startsWith, writeUint64 } from '../bytes.js';
import { nextKey } from './key-schedule.js';
import { type Suite, type SuiteKey, TAG_SIZE } from './suites.js';

const SEQUENCE_SIZE = 8;
/** Data records: `07 'MESSAGE'`, the 8-byte sequence number, the sealed flags and frame, the tag. */
export const MESSAGE = commandPrefix('MESSAGE');

// Flags inside a record. ZMTP's own flags arrive as MORE 0x01 / COMMAND 0x04.
const RECORD_MORE = 0x01;
const RECORD_COMMAND = 0x02;
/** The sender switches to the next key after this record. */
const RECORD_KEY_UPDATE = 0x80;
const RECORD_KNOWN = RECORD_MORE | RECORD_COMMAND | RECORD_KEY_UPDATE;
const ZMTP_MORE = 0x01;
const ZMTP_COMMAND = 0x04;

/** One direction's key and position. */
interface Direction {
  readonly suite: Suite;
  key: SuiteKey;
  raw: Uint8Array;
  /** Sequence number of the next record, from 0 (READY). */
  sequence: number;
  /** Keys used so far minus one. */
  generation: number;
}

/**
 * AEAD records for the opportunistic mechanism. Every record carries its sequence
 * number in clear and authenticated, so a replayed, dropped or reordered record is
 * named as such; the AEAD nonce is that number, so under one key it never repeats.
 * After `rekeyBytes` of plaintext a sender marks a record KEY_UPDATE and both sides
 * move that direction to the next key.
 */
export class RecordCipher implements FrameCipher {
  private readonly out: Direction;
  private readonly in: Direction;
  private sentUnderKey = 0;
  private readonly iv = Buffer.alloc(12);

  constructor(
    private readonly suite: Suite,
    sendKey: Uint8Array,
    receiveKey: Uint8Array,
    private readonly rekeyBytes: number,
  ) {
    this.out = direction(suite, sendKey);
    this.in = direction(suite, receiveKey);
  }

  /** How many times each direction changed keys (for tests and diagnostics). */
  get keyUpdates(): { readonly sent: number; readonly received: number } {
    return { sent: this.out.generation, received: this.in.generation };
  }

  encrypt(flags: number, body: Uint8Array): Uint8Array {
    let recordFlags = (flags & ZMTP_MORE ? RECORD_MORE : 0) | (flags & ZMTP_COMMAND ? RECORD_COMMAND : 0);
    this.sentUnderKey += body.length + 1;
    const update = this.sentUnderKey >= this.rekeyBytes;
    if (update) recordFlags |= RECORD_KEY_UPDATE;
    const record = this.seal(MESSAGE, recordFlags, body);
    if (update) {
      advance(this.out);
      this.sentUnderKey = 0;
    }
    return record;
  }

  decrypt(carrier: Uint8Array): { flags: number; body: Uint8Array } {
    const { flags, body } = this.open(MESSAGE, carrier);
    if (flags & RECORD_KEY_UPDATE) advance(this.in);
    return { flags: (flags & RECORD_MORE ? ZMTP_MORE : 0) | (flags & RECORD_COMMAND ? ZMTP_COMMAND : 0), body };
  }

  /** Seals the next record of this direction: `prefix`, sequence, then flags and body under the key. */
  seal(prefix: Uint8Array, flags: number, body: Uint8Array): Uint8Array {
    const out = this.out;
    const headerSize = prefix.length + SEQUENCE_SIZE;
    const record = Buffer.allocUnsafe(headerSize + 1 + body.length + TAG_SIZE);
    record.set(prefix, 0);
    writeUint64(record, prefix.length, out.sequence);
    this.suite.seal(out.key, this.nonce(out.sequence), record.subarray(0, headerSize), flags, body, record, headerSize);
    out.sequence++;
    return record;
  }

  /** Opens the next record of the peer's direction; throws a ProtocolError that says what was wrong. */
  open(prefix: Uint8Array, record: Uint8Array): { flags: number; body: Uint8Array } {
    const expectedName = commandName(prefix);
    if (!startsWith(record, prefix)) {
      throw recordError(
        'ERR_ZMTP_UNEXPECTED_COMMAND',
        `the peer sent ${commandName(record)} where an encrypted ${expectedName} record was expected.`,
      );
    }
    const headerSize = prefix.length + SEQUENCE_SIZE;
    const minimum = headerSize + 1 + TAG_SIZE;
    if (record.length < minimum) {
      throw recordError(
        'ERR_ZMTP_MALFORMED_COMMAND_MESSAGE',
        `a ${expectedName} record of ${record.length} bytes is shorter than the ${minimum}-byte minimum: it was truncated.`,
      );
    }
    const into = this.in;
    const sequence = readUint64(record, prefix.length);
    if (sequence !== into.sequence) {
      const what =
        sequence < into.sequence
          ? 'a replayed record (or one moved back in the stream)'
          : 'records before it were dropped or reordered';
      throw recordError(
        'ERR_ZMTP_INVALID_SEQUENCE',
        `record number ${sequence} arrived where number ${into.sequence} was expected: ${what}.`,
      );
    }
    const plaintext = this.suite.open(into.key, this.nonce(sequence), record.subarray(0, headerSize), record.subarray(headerSize));
    if (plaintext === undefined) {
      throw recordError(
        'ERR_ZMTP_CRYPTOGRAPHIC',
        `record number ${sequence} failed authentication: it was altered or cut short in transit, ` +
          'or sealed with another key.',
      );
    }
    const flags = plaintext[0];
    if ((flags & ~RECORD_KNOWN) !== 0) {
      throw recordError('ERR_ZMTP_MALFORMED_COMMAND_MESSAGE', `record number ${sequence} has unknown flags 0x${flags.toString(16)}.`);
    }
    into.sequence++;
    return { flags, body: plaintext.subarray(1) };
  }

  private nonce(sequence: number): Buffer {
    writeUint64(this.iv, 4, sequence);
    return this.iv;
  }
}

function direction(suite: Suite, key: Uint8Array): Direction {
  return { suite, key: suite.prepare(key), raw: key, sequence: 0, generation: 0 };
}

function advance(direction: Direction): void {
  direction.raw = nextKey(direction.raw);
  direction.key = direction.suite.prepare(direction.raw);
  direction.generation++;
}

function recordError(code: ProtocolError['code'], detail: string): ProtocolError {
  return new ProtocolError(code, `Encrypted connection closed: ${detail}`);
}
