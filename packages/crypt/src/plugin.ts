import type { Plugin } from '@zmtp/core';
import { curveMechanism } from './curve/mechanism.js';
import { opportunisticMechanism } from './opportunistic/mechanism.js';
import { defineCryptOptions } from './options.js';

/**
 * The plugin: `context.use(crypt())`. It adds CURVE, and the opportunistic
 * mechanism that every socket of the context then uses unless told otherwise
 * (`encryption: 'off'`, or PLAIN / CURVE options).
 */
export function crypt(): Plugin {
  defineCryptOptions();
  // Later mechanisms win when both select: CURVE options beat the opportunistic default.
  return { spec: 'zmtp/plugin@1', name: '@zmtp/crypt', mechanisms: [opportunisticMechanism, curveMechanism] };
}
