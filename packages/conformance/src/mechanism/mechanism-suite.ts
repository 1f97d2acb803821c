import type { MechanismCapabilities } from '../capabilities.js';
import { registerChecks, type Check } from '../check.js';
import { DEFAULT_TIMEOUT_MS } from '../subject.js';
import { tamperedFrame, replayedFrame, truncatedFrame } from './frame-protection-checks.js';
import { handshake, metadata, wrongCredentials } from './handshake-checks.js';
import { MechanismScope, memoryCarrier } from './mechanism-scope.js';
import type { MechanismSubject } from './mechanism-subject.js';

/** Every mechanism check, in the order they run. */
export const mechanismChecks: readonly Check<MechanismCapabilities, MechanismScope>[] = [
  handshake,
  wrongCredentials,
  metadata,
  tamperedFrame,
  replayedFrame,
  truncatedFrame,
];

async function openMechanismScope(subject: MechanismSubject): Promise<MechanismScope> {
  const fixture = await subject.setup();
  if (fixture.mechanism?.spec !== 'zmtp/mechanism@1') {
    throw new Error(`${subject.name}: setup() returned a mechanism with spec "${String(fixture.mechanism?.spec)}"; the suite checks zmtp/mechanism@1`);
  }
  return new MechanismScope(fixture, subject.capabilities, subject.carrier ?? memoryCarrier, subject.name);
}

async function closeMechanismScope(subject: MechanismSubject, scope: MechanismScope): Promise<void> {
  try {
    await scope.sockets.dispose();
  } finally {
    await subject.teardown?.(scope.fixture);
  }
}

/**
 * Registers the mechanism suite for `subject` with vitest: the handshake, refusal
 * of wrong credentials, metadata, and (for encrypting mechanisms) detection of
 * tampered, replayed and truncated frames by a man in the middle.
 */
export function mechanismSuite(subject: MechanismSubject): void {
  registerChecks({
    suite: 'mechanism',
    subject: subject.name,
    capabilities: subject.capabilities,
    checks: mechanismChecks,
    timeoutMs: subject.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    open: () => openMechanismScope(subject),
    close: (scope) => closeMechanismScope(subject, scope),
  });
}
