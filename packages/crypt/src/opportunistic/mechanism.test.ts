import { nullMechanism } from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { MARK, PLAIN_PADDING, isMarked } from './mark.js';
import { opportunisticMechanism, zcryptMechanism } from './mechanism.js';
import { policyFor } from './policy.js';

const negotiate = (encryption: unknown) =>
  opportunisticMechanism.negotiate!({ options: { encryption }, peerAddress: 'tcp://10.0.0.7:5555' });

describe('greeting negotiation', () => {
  it('tells our mark from every padding libzmq sends (routing-id size + 1, up to 256)', () => {
    expect(isMarked(MARK)).toBe(true);
    for (const size of [1, 2, 255, 256]) {
      const padding = new Uint8Array(8);
      new DataView(padding.buffer).setBigUint64(0, BigInt(size));
      expect(isMarked(padding)).toBe(false);
    }
    expect(isMarked(Uint8Array.of(...MARK.subarray(0, 6), 0, 1))).toBe(false); // version 0 is no version
  });

  it('marks the greeting unless the policy is off, and picks ZCRYPT, NULL or a refusal', () => {
    const opportunistic = negotiate('opportunistic');
    expect([...opportunistic.padding]).toEqual([...MARK]);
    expect(opportunistic.choose(MARK)).toBe(zcryptMechanism);
    expect(opportunistic.choose(PLAIN_PADDING)).toBe(nullMechanism);

    const required = negotiate('required');
    expect(required.choose(MARK)).toBe(zcryptMechanism);
    expect(() => required.choose(PLAIN_PADDING)).toThrow(/tcp:\/\/10\.0\.0\.7:5555 cannot encrypt/);

    const off = negotiate('off');
    expect([...off.padding]).toEqual([...PLAIN_PADDING]);
    expect(off.choose(MARK)).toBe(nullMechanism);
  });

  it("treats a policy function that throws or answers nonsense as 'required'", () => {
    expect(policyFor((address: string) => (address.startsWith('tcp://10.') ? 'off' : 'required'), 'tcp://10.1.2.3:1')).toBe('off');
    expect(policyFor(() => 'maybe', 'x')).toBe('required');
    expect(
      policyFor(() => {
        throw new Error('bug');
      }, 'x'),
    ).toBe('required');
  });
});
