import type { Transport } from '@zmtp/core';
import type { TransportConformanceCapabilities } from './capabilities.js';
import { registerChecks, type Check } from './check.js';

/**
 * Where the suite may listen. Supplied by the transport's author, so the suite
 * never guesses addresses from a scheme.
 */
export interface AddressFactory {
  /**
   * A fresh address to listen on, different on every call: port 0 or `*`, a new
   * path or name. The suite reads the real address back from the listener
   * (`listener.endpoint`, `socket.lastEndpoint`) and dials that. Bind a concrete
   * host (`tcp://127.0.0.1:*`) rather than a wildcard one, so that the endpoint
   * read back is dialable.
   */
  listen(): string;
  /**
   * An address where nothing listens. Optional: by default the suite listens on a
   * fresh address, reads it back and closes the listener.
   */
  unreachable?(): string | Promise<string>;
  /**
   * Optional: malformed endpoints of the transport's scheme (no port, a port out of
   * range, ...) that neither bind nor connect may accept; each must be refused with
   * a typed EINVAL. The suite always adds the scheme with an empty address.
   */
  invalid?(): readonly string[];
}

/** What the subject's `setup()` returns for one check. */
export interface TransportFixture {
  /** The transport under test; listeners use it. */
  readonly transport: Transport;
  /** Another instance for dialing (for example one holding a client certificate); defaults to `transport`. */
  readonly dialer?: Transport;
  /** Socket options for every listen, dial and socket (options the transport reads from `options.socket`). */
  readonly socketOptions?: Readonly<Record<string, unknown>>;
}

/** A transport as the transport and socket suites take it. */
export interface TransportSubject {
  /** Shown in test names and the report (`tls`, `tcp`). */
  readonly name: string;
  /** What the transport can do; checks it cannot meet skip with the reason. */
  readonly capabilities: TransportConformanceCapabilities;
  readonly addresses: AddressFactory;
  /** Runs before every check: a fresh transport and whatever it needs. */
  setup(): TransportFixture | Promise<TransportFixture>;
  /** Runs after every check, passed or failed. */
  teardown?(fixture: TransportFixture): void | Promise<void>;
  /** Time limit per check in ms (default 20 000). */
  readonly timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 20_000;

/** A precondition for `registerChecks`: the reason to skip while an outside fixture is missing. */
export async function fixtureMissing(caps: TransportConformanceCapabilities): Promise<string | undefined> {
  const fixture = caps.fixture;
  if (!fixture || (await fixture.available())) return undefined;
  return `needs an outside fixture that is not available: ${fixture.description}`;
}

/** Fails fast when setup() returned a transport that contradicts the declared capabilities. */
export function checkFixture(subject: TransportSubject, fixture: TransportFixture): void {
  for (const [role, transport] of [['transport', fixture.transport], ['dialer', fixture.dialer]] as const) {
    if (!transport) continue;
    if (transport.spec !== 'zmtp/transport@1') {
      throw new Error(`${subject.name}: setup() returned a ${role} with spec "${String(transport.spec)}"; the suite checks zmtp/transport@1`);
    }
    if (transport.capabilities.kind !== subject.capabilities.kind) {
      throw new Error(
        `${subject.name}: setup() returned a ${role} whose capabilities.kind is "${transport.capabilities.kind}", ` +
          `but the subject declares "${subject.capabilities.kind}"; declare what the transport is`,
      );
    }
  }
}

/** Registers a transport-level suite: the subject's setup and teardown around every check, and its fixture check. */
export function registerTransportSubject<Scope extends { readonly fixture: TransportFixture; dispose(): Promise<void> }>(
  suite: 'transport' | 'socket',
  subject: TransportSubject,
  checks: readonly Check<TransportConformanceCapabilities, Scope>[],
  makeScope: (fixture: TransportFixture) => Scope,
): void {
  registerChecks({
    suite,
    subject: subject.name,
    capabilities: subject.capabilities,
    checks,
    timeoutMs: subject.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    precondition: () => fixtureMissing(subject.capabilities),
    open: async () => {
      const fixture = await subject.setup();
      checkFixture(subject, fixture);
      return makeScope(fixture);
    },
    close: async (scope) => {
      try {
        await scope.dispose();
      } finally {
        await subject.teardown?.(scope.fixture);
      }
    },
  });
}
