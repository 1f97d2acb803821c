import type { Mechanism } from '@zmtp/core';
import { CurveClientSession } from './client.js';
import { CurveServerSession } from './server.js';

/**
 * ZMTP-CURVE (RFC 25 / RFC 26), as libzmq speaks it. A socket uses it when it is a
 * CURVE server (`curveServer: true`) or knows a server's key (`curveServerKey`).
 */
export const curveMechanism: Mechanism = {
  spec: 'zmtp/mechanism@1',
  name: 'CURVE',
  selects: (options) => options.curveServer === true || typeof options.curveServerKey === 'string',
  isServer: (options) => options.curveServer === true,
  createSession: (context) =>
    context.options.curveServer === true ? new CurveServerSession(context) : new CurveClientSession(context),
};
