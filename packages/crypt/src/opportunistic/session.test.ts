import type { HandshakeStep, MechanismSession } from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { curveKeyPair } from '../keys.js';
import { publicKeyOf } from '../nacl-box.js';
import { z85Decode } from '../z85.js';
import { ZcryptSession } from './session.js';

const metadata = new Map([['Socket-Type', Buffer.from('DEALER')]]);

function session(options: Record<string, unknown> = {}): ZcryptSession {
  return new ZcryptSession({ options, localMetadata: metadata, peerAddress: 'memory://test', zapDomain: '' });
}

/** Runs two sessions against each other, command by command, as two engines would. */
async function handshake(a: MechanismSession, b: MechanismSession, tamper = (c: Uint8Array) => c) {
  const results: HandshakeStep[] = [];
  const queueToB = [...(a.start().send ?? [])];
  const queueToA = [...(b.start().send ?? [])];
  while (queueToA.length > 0 || queueToB.length > 0) {
    for (const [from, to, queue, back] of [
      [a, b, queueToB, queueToA],
      [b, a, queueToA, queueToB],
    ] as const) {
      const command = queue.shift();
      if (command === undefined) continue;
      const step = await to.receive(tamper(command));
      results.push(step);
      back.push(...(step.send ?? []));
      void from;
    }
  }
  return results;
}

describe('opportunistic handshake', () => {
  it('completes on both sides with the same session id and working ciphers', async () => {
    const a = session();
    const b = session();
    const steps = await handshake(a, b);
    const done = steps.filter((s) => s.done).map((s) => Buffer.from(s.done!.sessionId!).toString('hex'));
    expect(done).toHaveLength(2);
    expect(done[0]).toBe(done[1]);
    expect(Buffer.from(b.cipher!.decrypt(a.cipher!.encrypt(0, Buffer.from('x'))).body).toString()).toBe('x');
  });

  it('refuses its own HELLO reflected back', async () => {
    const a = session();
    const [hello] = a.start().send!;
    const step = await a.receive(hello);
    expect(step.fail?.error.message).toMatch(/reflected/);
  });

  it('refuses a peer that claims a long-term key it cannot prove', async () => {
    const honest = curveKeyPair();
    const victim = curveKeyPair();
    const a = session({ encryptionSecretKey: honest.secretKey });
    // The forger announces the victim's public key but only holds its own secret.
    const forged = { secretKey: z85Decode(honest.secretKey), publicKey: z85Decode(victim.publicKey) };
    expect(publicKeyOf(forged.secretKey)).not.toEqual(forged.publicKey);
    const start = a.start;
    a.start = () => {
      const step = start.call(a);
      (a as unknown as { longTerm: unknown }).longTerm = forged;
      return step;
    };
    const b = session();
    const steps = await handshake(a, b);
    const failure = steps.find((s) => s.fail);
    expect(failure?.fail?.error.message).toMatch(/could not prove it holds its secret/);
  });

  it('fails when a HELLO is altered (the transcripts differ)', async () => {
    let count = 0;
    const steps = await handshake(session(), session(), (command) => {
      if (++count !== 1) return command;
      const changed = Uint8Array.from(command);
      changed.set([2, 1], changed.length - 2); // the suite list, preferences swapped
      return changed;
    });
    expect(steps.some((s) => s.fail?.error.code === 'ERR_ZMTP_CRYPTOGRAPHIC')).toBe(true);
  });

  it('refuses malformed HELLOs, naming the problem', async () => {
    const hello = session().start().send![0];
    for (const [bytes, message] of [
      [hello.subarray(0, 20), /too short/],
      [Uint8Array.from([...hello.subarray(0, 6), 9, ...hello.subarray(7)]), /version 9/],
      [Uint8Array.from([...hello, 3]), /lists 3 suites in/],
      [Uint8Array.from([5, ...Buffer.from('READY'), 0]), /instead of HELLO/],
    ] as const) {
      const step = await session().receive(bytes);
      expect(step.fail?.error.message).toMatch(message);
    }
  });
});
