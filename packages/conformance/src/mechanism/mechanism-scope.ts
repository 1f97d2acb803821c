import { memory } from '@zmtp/core';
import type { MechanismCapabilities } from '../capabilities.js';
import { SocketScope } from '../socket/socket-scope.js';
import type { Carrier, MechanismFixture } from './mechanism-subject.js';

let serial = 0;

/** The default carrier: core's in-memory reference stream transport, which runs the full ZMTP engine. */
export const memoryCarrier: Carrier = {
  transport: memory,
  addresses: { listen: () => `memory://conformance-mechanism-${++serial}` },
};

/** One mechanism check's world: the fixture, and sockets over the carrier with the mechanism installed. */
export class MechanismScope {
  readonly sockets: SocketScope;

  constructor(
    readonly fixture: MechanismFixture,
    readonly capabilities: MechanismCapabilities,
    carrier: Carrier,
    subject: string,
  ) {
    const transport = carrier.transport();
    this.sockets = new SocketScope({ transport }, carrier.addresses, transport.capabilities, subject, {
      mechanisms: [fixture.mechanism],
    });
  }
}
