/** What the runner hands a scenario: a way to stop early and a place to put clean-up. */
export interface ScenarioContext {
  /** Aborted when the scenario ran out of time; long loops should check it. */
  readonly signal: AbortSignal;
  /**
   * Registers clean-up (closing sockets, mostly). It runs after the scenario settles or
   * times out, newest first, so a stuck `receive()` cannot leak a socket.
   */
  defer(cleanup: () => void | Promise<void>): void;
}

export interface Scenario {
  /** Shown in the result line, e.g. `PUSH/PULL  ours -> libzmq  (ours binds)`. */
  readonly name: string;
  /** The package whose feature it shows, without the scope: `core`, `transport-ipv6`. */
  readonly package: string;
  /** Resolves to a one-line description of what was checked; rejects when the check failed. */
  readonly run: (context: ScenarioContext) => Promise<string>;
}

/** Holds scenarios in registration order; names are unique within a package. */
export class ScenarioRegistry {
  readonly #scenarios: Scenario[] = [];

  register(scenario: Scenario): void {
    if (!scenario.name.trim() || !scenario.package.trim()) {
      throw new TypeError('A scenario needs a non-empty name and package.');
    }
    if (typeof scenario.run !== 'function') {
      throw new TypeError(`Scenario "${scenario.name}" has no run() function.`);
    }
    const taken = this.#scenarios.some((s) => s.package === scenario.package && s.name === scenario.name);
    if (taken) {
      throw new Error(
        `Scenario "${scenario.name}" is already registered for package "${scenario.package}": give it another name.`,
      );
    }
    this.#scenarios.push(scenario);
  }

  list(): readonly Scenario[] {
    return [...this.#scenarios];
  }
}

/** The registry that scenario files under `src/scenarios/` add to. */
export const defaultRegistry = new ScenarioRegistry();

export function registerScenario(scenario: Scenario): void {
  defaultRegistry.register(scenario);
}
