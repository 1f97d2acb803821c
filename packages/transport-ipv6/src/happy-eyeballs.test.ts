// The racing algorithm alone, with simulated attempts and fake timers: every step of
// RFC 8305 section 5 is checked at an exact simulated time, so nothing here depends on
// how fast the machine is.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AttemptsFailedError, interleaveFamilies, raceAttempts } from './happy-eyeballs.js';

interface Candidate {
  readonly address: string;
  readonly family: 4 | 6;
}
const v6 = (address: string): Candidate => ({ address, family: 6 });
const v4 = (address: string): Candidate => ({ address, family: 4 });

describe('interleaveFamilies', () => {
  it('alternates families, starting with the family of the first address', () => {
    const list = [v6('a'), v6('b'), v6('c'), v4('1'), v4('2')];
    expect(interleaveFamilies(list).map((c) => c.address)).toEqual(['a', '1', 'b', '2', 'c']);
    expect(interleaveFamilies([v4('1'), v4('2'), v6('a')]).map((c) => c.address)).toEqual(['1', 'a', '2']);
    expect(interleaveFamilies([v4('1')]).map((c) => c.address)).toEqual(['1']);
    expect(interleaveFamilies([])).toEqual([]);
  });
});

/** An attempt the test settles by hand, recording when it started and whether it was aborted. */
interface Pending {
  readonly candidate: Candidate;
  readonly startedAt: number;
  aborted: boolean;
  succeed(): void;
  fail(code: string): void;
}

function harness(candidates: Candidate[], attemptDelay = 250) {
  const attempts: Pending[] = [];
  const discarded: string[] = [];
  const controller = new AbortController();
  const start = Date.now();
  const race = raceAttempts(
    candidates,
    (candidate, signal) =>
      new Promise<string>((resolve, reject) => {
        const pending: Pending = {
          candidate,
          startedAt: Date.now() - start,
          aborted: false,
          succeed: () => resolve(candidate.address),
          fail: (code) => reject(Object.assign(new Error(code), { code })),
        };
        signal.addEventListener('abort', () => {
          pending.aborted = true;
          reject(signal.reason);
        });
        attempts.push(pending);
      }),
    { attemptDelay, signal: controller.signal, discard: (late) => discarded.push(late) },
  );
  race.catch(() => undefined);
  return { attempts, discarded, race, controller };
}

describe('raceAttempts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts one attempt per Connection Attempt Delay while earlier ones stay open', async () => {
    const { attempts } = harness([v6('a'), v4('1'), v6('b')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(attempts.map((a) => a.startedAt)).toEqual([0]);
    await vi.advanceTimersByTimeAsync(249);
    expect(attempts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempts.map((a) => [a.candidate.address, a.startedAt])).toEqual([
      ['a', 0],
      ['1', 250],
    ]);
    await vi.advanceTimersByTimeAsync(250);
    expect(attempts.map((a) => a.startedAt)).toEqual([0, 250, 500]);
    expect(attempts.every((a) => !a.aborted)).toBe(true);
  });

  it('lets the first success win and aborts the attempts still running', async () => {
    const { attempts, race } = harness([v6('a'), v4('1'), v6('b')]);
    await vi.advanceTimersByTimeAsync(300);
    attempts[1].succeed(); // IPv4 answers while the IPv6 SYN is lost
    await expect(race).resolves.toBe('1');
    expect(attempts[0].aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(attempts).toHaveLength(2); // no third attempt after the win
  });

  it('starts the next attempt at once when one fails, without waiting for the delay', async () => {
    const { attempts, race } = harness([v6('a'), v4('1')]);
    await vi.advanceTimersByTimeAsync(10);
    attempts[0].fail('ECONNREFUSED');
    await vi.advanceTimersByTimeAsync(0);
    expect(attempts.map((a) => a.startedAt)).toEqual([0, 10]);
    attempts[1].succeed();
    await expect(race).resolves.toBe('1');
  });

  it('prefers the first address when it connects within the delay', async () => {
    const { attempts, race } = harness([v6('a'), v4('1')]);
    await vi.advanceTimersByTimeAsync(5);
    attempts[0].succeed();
    await expect(race).resolves.toBe('a');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(attempts).toHaveLength(1);
  });

  it('discards a success that arrives after another attempt won', async () => {
    const { attempts, race, discarded } = harness([v6('a'), v4('1')]);
    await vi.advanceTimersByTimeAsync(250);
    attempts[1].succeed();
    attempts[0].succeed(); // settled in the same turn, before the abort reached it
    await expect(race).resolves.toBe('1');
    await vi.advanceTimersByTimeAsync(0);
    expect(discarded).toEqual(['a']);
  });

  it('rejects with every failure, in order, when all attempts fail', async () => {
    const { attempts, race } = harness([v6('a'), v4('1')]);
    await vi.advanceTimersByTimeAsync(250);
    attempts[1].fail('ECONNREFUSED');
    attempts[0].fail('ETIMEDOUT');
    const error = await race.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AttemptsFailedError);
    const failures = (error as AttemptsFailedError<Candidate>).failures;
    expect(failures.map((f) => [f.candidate.address, (f.error as { code: string }).code])).toEqual([
      ['1', 'ECONNREFUSED'],
      ['a', 'ETIMEDOUT'],
    ]);
  });

  it('aborts every attempt when the caller aborts', async () => {
    const { attempts, race, controller } = harness([v6('a'), v4('1')]);
    await vi.advanceTimersByTimeAsync(300);
    controller.abort(new Error('socket closed'));
    await expect(race).rejects.toThrow('socket closed');
    expect(attempts.map((a) => a.aborted)).toEqual([true, true]);
  });

  it('rejects at once for no candidates, and counts a throwing attempt as failed', async () => {
    await expect(raceAttempts([], () => Promise.resolve(1), { attemptDelay: 250, signal: new AbortController().signal, discard: () => {} })).rejects.toBeInstanceOf(
      AttemptsFailedError,
    );
    let calls = 0;
    const race = raceAttempts(
      [v6('a'), v4('1')],
      (candidate) => {
        calls += 1;
        if (candidate.family === 6) throw new Error('no IPv6 here');
        return Promise.resolve(candidate.address);
      },
      { attemptDelay: 250, signal: new AbortController().signal, discard: () => {} },
    );
    await expect(race).resolves.toBe('1');
    expect(calls).toBe(2);
  });
});
