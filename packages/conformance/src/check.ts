import { afterAll, describe, it, type TaskMeta } from 'vitest';
import { describeCapabilities } from './capabilities.js';

export type SuiteName = 'transport' | 'socket' | 'mechanism' | 'scheduler';

/** The key under which each check's description is stored in the vitest task's `meta`. */
export const META_KEY = 'zmtpConformance';

/** What every conformance test carries in `meta`, for reporters (JSON, ours, anyone's). */
export interface CheckMeta {
  readonly suite: SuiteName;
  /** The subject's name (`tcp`, `tls`, `PLAIN`, ...). */
  readonly subject: string;
  /** Stable id: `<suite>.<check>` (`transport.backpressure`). */
  readonly check: string;
  readonly title: string;
  readonly capabilities: Record<string, unknown>;
  /** Set when the check was skipped: why. */
  skipReason?: string;
  /** Anything the check wants the report to say beside the result. */
  notes?: string[];
}

/**
 * Thrown by a subject's `setup()` (or a check) that finds, at run time, that
 * something it needs is missing; the test is skipped with `reason`.
 */
export class SkipCheck extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'SkipCheck';
  }
}

/** One check of a suite. */
export interface Check<Caps, Context> {
  /** The part of the id after the suite name: `listen-accept`. */
  readonly name: string;
  readonly title: string;
  /** Why the check cannot apply to a subject with these capabilities, or undefined. */
  skip?(caps: Caps): string | undefined;
  run(context: Context, note: (text: string) => void): Promise<void>;
}

/** What a suite hands to `registerChecks`. */
export interface SuiteRegistration<Caps, Context> {
  readonly suite: SuiteName;
  readonly subject: string;
  readonly capabilities: Caps;
  readonly checks: readonly Check<Caps, Context>[];
  /** Per-check time limit. */
  readonly timeoutMs: number;
  /** Checked before every test: a reason to skip it (an outside fixture is missing), or undefined. */
  precondition?(): Promise<string | undefined>;
  /** Builds a fresh context for one check (the subject's setup runs here). */
  open(): Promise<Context>;
  /** Tears it down (the subject's teardown runs here), whatever the check did. */
  close(context: Context): Promise<void>;
  /** Runs once after the suite's last check. */
  finish?(): void;
}

/**
 * Registers one vitest test per check, in a `describe` named after the subject.
 * A skipped check is never silent: its reason goes to the test's note (vitest
 * prints it), to `meta` (reporters), and to one line per subject on the console.
 */
export function registerChecks<Caps extends object, Context>(registration: SuiteRegistration<Caps, Context>): void {
  const { suite, subject, capabilities, checks, timeoutMs } = registration;
  const described = describeCapabilities(capabilities);
  describe(`${subject}: ${suite} conformance`, () => {
    const skipped: string[] = [];
    for (const check of checks) {
      const meta: CheckMeta = { suite, subject, check: `${suite}.${check.name}`, title: check.title, capabilities: described };
      // TaskMeta is vitest's open interface for reporters; we add one key without a global augmentation.
      const options = { timeout: timeoutMs, meta: { [META_KEY]: meta } as Partial<TaskMeta> };
      it(`${meta.check}: ${check.title}`, options, async (ctx) => {
        const record: CheckMeta = { ...meta };
        (ctx.task.meta as Record<string, unknown>)[META_KEY] = record;
        const note = (text: string): void => {
          record.notes = [...(record.notes ?? []), text];
        };
        const skip = (reason: string): never => {
          record.skipReason = reason;
          skipped.push(`${meta.check}: ${reason}`);
          return ctx.skip(reason);
        };
        const reason = check.skip?.(capabilities) ?? (await registration.precondition?.());
        if (reason !== undefined) skip(reason);
        let context: Context;
        try {
          context = await registration.open();
        } catch (error) {
          // The subject's setup may find, at run time, that something it needs is missing.
          if (error instanceof SkipCheck) skip(error.reason);
          throw error;
        }
        let skipRequest: SkipCheck | undefined;
        try {
          await check.run(context, note);
        } catch (error) {
          if (!(error instanceof SkipCheck)) throw error;
          skipRequest = error;
        } finally {
          await registration.close(context);
        }
        if (skipRequest) skip(skipRequest.reason);
      });
    }
    afterAll(() => {
      registration.finish?.();
      if (skipped.length === 0) return;
      const lines = skipped.map((line) => `  - ${line}`).join('\n');
      console.info(`[@zmtp/conformance] ${subject} (${suite}): ${skipped.length} check(s) skipped:\n${lines}`);
    });
  });
}
