import { type EncryptionPolicy, POLICIES } from '../options.js';

/**
 * The policy for one peer. A function setting that throws or answers something
 * else counts as 'required': a mistake there must not turn encryption off.
 */
export function policyFor(setting: unknown, peerAddress: string): EncryptionPolicy {
  if (typeof setting !== 'function') return POLICIES.includes(setting as EncryptionPolicy) ? (setting as EncryptionPolicy) : 'opportunistic';
  try {
    const chosen: unknown = setting(peerAddress);
    return POLICIES.includes(chosen as EncryptionPolicy) ? (chosen as EncryptionPolicy) : 'required';
  } catch {
    return 'required';
  }
}

/** True when the socket asks for PLAIN or CURVE, which win over the opportunistic mechanism. */
export function usesOtherSecurity(options: Readonly<Record<string, unknown>>): boolean {
  return (
    options.plainServer === true ||
    typeof options.plainUsername === 'string' ||
    options.curveServer === true ||
    typeof options.curveServerKey === 'string'
  );
}
