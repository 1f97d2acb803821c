import type { Mechanism, StreamTransport } from '@zmtp/core';
import type { MechanismCapabilities } from '../capabilities.js';
import type { AddressFactory } from '../subject.js';

/** What the mechanism subject's `setup()` returns for one check. */
export interface MechanismFixture {
  readonly mechanism: Mechanism;
  /**
   * Socket options of the server side: they select the mechanism and make that
   * side its server (with an `authenticator` where the mechanism asks one).
   */
  readonly server: Readonly<Record<string, unknown>>;
  /** Socket options of a client the server accepts. */
  readonly client: Readonly<Record<string, unknown>>;
  /** Socket options of a client the server must refuse; needed when `capabilities.credentials` is true. */
  readonly wrongClient?: Readonly<Record<string, unknown>>;
}

/** Where the socket-level checks run: a stream transport and its addresses. */
export interface Carrier {
  transport(): StreamTransport;
  readonly addresses: AddressFactory;
}

/** A security mechanism as the mechanism suite takes it. */
export interface MechanismSubject {
  /** Shown in test names and the report (`PLAIN`, `CURVE`). */
  readonly name: string;
  readonly capabilities: MechanismCapabilities;
  /** Runs before every check. */
  setup(): MechanismFixture | Promise<MechanismFixture>;
  /** Runs after every check. */
  teardown?(fixture: MechanismFixture): void | Promise<void>;
  /** Where the socket-level checks run; core's `memory://` reference transport by default. */
  readonly carrier?: Carrier;
  /** Time limit per check in ms (default 20 000). */
  readonly timeoutMs?: number;
}
