/**
 * CCID2's record of which sequence numbers arrived, and its wire form.
 *
 * Wire form (DCCP's Ack Vector, RFC 4340 11.4, in our own framing):
 *   4 bytes  greatest sequence number covered (big-endian)
 *   1 byte per run, newest first: state in the top 2 bits (0 received, 3 not received),
 *            run length minus one in the low 6 bits (so 1..64 sequence numbers per byte).
 * An empty body means nothing has been received yet.
 *
 * DCCP keeps the vector until the sender acknowledges the acknowledgement. We bound it
 * instead: it covers at most the last `coverage` sequence numbers (default 1024), so one
 * FEEDBACK stays below ~1.1 kB however packets were lost. With an ack every 2 packets a
 * packet is reported many times over before it falls off the end.
 */
import { seqAdd, seqDiff } from '../wire/serial.js';

export const ACK_VECTOR_DEFAULT_COVERAGE = 1024;
/** Largest coverage a decoder accepts; more would be a malformed (or hostile) body. */
export const ACK_VECTOR_MAX_COVERAGE = 4096;

export const STATE_RECEIVED = 0;
export const STATE_NOT_RECEIVED = 3;
const MAX_RUN = 64;
const HEAD_BYTES = 4;

/** What `record` made of a sequence number. */
export type AckRecord = 'new' | 'duplicate' | 'too-old';

export class AckVector {
  /** received[seq & mask] is 1 when seq, within coverage of the greatest, arrived. */
  private readonly received: Uint8Array;
  private readonly mask: number;
  private greatestSeq: number | undefined;
  /** How many sequence numbers up to the greatest the vector describes (grows to coverage). */
  private span = 0;

  /** `coverage`: a power of two from 64 to ACK_VECTOR_MAX_COVERAGE. */
  constructor(readonly coverage: number = ACK_VECTOR_DEFAULT_COVERAGE) {
    if (!Number.isInteger(Math.log2(coverage)) || coverage < 64 || coverage > ACK_VECTOR_MAX_COVERAGE) {
      throw new RangeError(
        `AckVector coverage must be a power of two from 64 to ${ACK_VECTOR_MAX_COVERAGE}; got ${coverage}`,
      );
    }
    this.received = new Uint8Array(coverage);
    this.mask = coverage - 1;
  }

  get greatest(): number | undefined {
    return this.greatestSeq;
  }

  record(seq: number): AckRecord {
    seq >>>= 0;
    if (this.greatestSeq === undefined) {
      this.greatestSeq = seq;
      this.span = 1;
      this.received[seq & this.mask] = 1;
      return 'new';
    }
    const ahead = seqDiff(seq, this.greatestSeq);
    if (ahead > 0) {
      // Slots between the old greatest and seq now describe sequence numbers not (yet) seen.
      const clear = Math.min(ahead - 1, this.coverage);
      for (let i = 1; i <= clear; i++) this.received[seqAdd(this.greatestSeq, i) & this.mask] = 0;
      this.received[seq & this.mask] = 1;
      this.greatestSeq = seq;
      this.span = Math.min(this.coverage, this.span + ahead);
      return 'new';
    }
    if (-ahead >= this.span) return 'too-old';
    const slot = seq & this.mask;
    if (this.received[slot] === 1) return 'duplicate';
    this.received[slot] = 1;
    return 'new';
  }

  /** The vector as FEEDBACK body bytes (empty before anything was recorded). */
  encode(): Uint8Array {
    if (this.greatestSeq === undefined) return new Uint8Array(0);
    const runs = new Uint8Array(HEAD_BYTES + this.span); // at most one byte per sequence number
    const view = new DataView(runs.buffer);
    view.setUint32(0, this.greatestSeq);
    let length = HEAD_BYTES;
    let offset = 0; // sequence numbers below the greatest already described
    while (offset < this.span) {
      const state = this.received[(this.greatestSeq - offset) & this.mask];
      let run = 1;
      while (
        run < MAX_RUN &&
        offset + run < this.span &&
        this.received[(this.greatestSeq - offset - run) & this.mask] === state
      ) {
        run++;
      }
      runs[length++] = ((state === 1 ? STATE_RECEIVED : STATE_NOT_RECEIVED) << 6) | (run - 1);
      offset += run;
    }
    return runs.subarray(0, length);
  }
}

/** A checked, not copied, view of an encoded ack vector. */
export interface AckVectorView {
  /** Greatest sequence number covered. */
  readonly greatest: number;
  /** The run bytes, newest first. */
  readonly runs: Uint8Array;
}

/** Checks an ack vector body. Undefined when malformed: too short, a state other than 0 or 3, or too long. */
export function decodeAckVector(body: Uint8Array): AckVectorView | undefined {
  if (body.length < HEAD_BYTES + 1) return undefined;
  let covered = 0;
  for (let i = HEAD_BYTES; i < body.length; i++) {
    const state = body[i] >> 6;
    if (state !== STATE_RECEIVED && state !== STATE_NOT_RECEIVED) return undefined;
    covered += (body[i] & 0x3f) + 1;
    if (covered > ACK_VECTOR_MAX_COVERAGE) return undefined;
  }
  const greatest = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(0);
  return { greatest, runs: body.subarray(HEAD_BYTES) };
}

/**
 * Calls `received(first, count)` for each run of received sequence numbers in the vector
 * (first is the lowest of the run), newest run first.
 */
export function forEachReceivedRun(view: AckVectorView, received: (first: number, count: number) => void): void {
  let top = view.greatest; // highest sequence number of the current run
  for (const byte of view.runs) {
    const count = (byte & 0x3f) + 1;
    if (byte >> 6 === STATE_RECEIVED) received(seqAdd(top, 1 - count), count);
    top = seqAdd(top, -count);
  }
}
