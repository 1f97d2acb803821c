import { InvalidArgumentError } from './errors.js';

/** How one socket option is checked and what it starts as. */
export interface OptionSpec {
  readonly default: unknown;
  /** Returns what is wrong with a value, or undefined when it is fine. */
  check(value: unknown): string | undefined;
}

const integer =
  (min: number, max = 2 ** 31 - 1) =>
  (value: unknown): string | undefined =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? undefined
      : `an integer from ${min} to ${max}`;

const boolean = (value: unknown): string | undefined => (typeof value === 'boolean' ? undefined : 'true or false');
const stringOrNull = (value: unknown): string | undefined =>
  value === null || typeof value === 'string' ? undefined : 'a string or null';
const functionOrUndefined = (value: unknown): string | undefined =>
  value === undefined || typeof value === 'function' ? undefined : 'a function or undefined';

export const option = {
  int: (defaultValue: number, min = -1, max?: number): OptionSpec => ({ default: defaultValue, check: integer(min, max) }),
  bool: (defaultValue: boolean): OptionSpec => ({ default: defaultValue, check: boolean }),
  string: (defaultValue: string | null): OptionSpec => ({ default: defaultValue, check: stringOrNull }),
  fn: (): OptionSpec => ({ default: undefined, check: functionOrUndefined }),
  custom: (defaultValue: unknown, check: (value: unknown) => string | undefined): OptionSpec => ({
    default: defaultValue,
    check,
  }),
};

/** Options every socket has, with libzmq's defaults. */
export const commonOptions: Record<string, OptionSpec> = {
  sendHighWaterMark: option.int(1000, 0),
  receiveHighWaterMark: option.int(1000, 0),
  sendTimeout: option.int(-1),
  receiveTimeout: option.int(-1),
  linger: option.int(-1),
  immediate: option.bool(false),
  reconnectInterval: option.int(100),
  reconnectMaxInterval: option.int(0, 0),
  handshakeInterval: option.int(30_000, 0),
  heartbeatInterval: option.int(0, 0),
  heartbeatTimeToLive: option.int(0, 0, 6_553_599),
  heartbeatTimeout: option.int(-1),
  maxMessageSize: option.int(-1, -1, Number.MAX_SAFE_INTEGER),
  routingId: option.custom(null, (value) => {
    if (value === null) return undefined;
    if (typeof value !== 'string') return 'a string of 1 to 255 bytes not starting with a zero byte, or null';
    const length = new TextEncoder().encode(value).length;
    return length >= 1 && length <= 255 && value.charCodeAt(0) !== 0
      ? undefined
      : 'a string of 1 to 255 bytes not starting with a zero byte, or null';
  }),
  zapDomain: option.string(''),
  plainServer: option.bool(false),
  plainUsername: option.string(null),
  plainPassword: option.string(null),
  backlog: option.int(100, 0),
  ipv6: option.bool(false),
  tcpKeepalive: option.int(-1, -1, 1),
  tcpKeepaliveCount: option.int(-1),
  tcpKeepaliveIdle: option.int(-1),
  tcpKeepaliveInterval: option.int(-1),
  /** Ours: server-side credential check for PLAIN (and plugin mechanisms), in the spirit of ZAP. */
  authenticator: option.fn(),
  /** Ours: name of the scheduler for load balancing and fair queueing (`context.use()` adds more). */
  scheduler: option.custom('round-robin', (value) => (typeof value === 'string' ? undefined : 'a scheduler name')),
  /** Ours: application metadata sent in the handshake; names must start with `X-`. */
  metadata: option.custom(undefined, (value) => {
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || value === null) return 'an object of X- names to string values';
    for (const [name, v] of Object.entries(value)) {
      if (!/^X-[A-Za-z0-9\-_.+]{1,253}$/.test(name) || typeof v !== 'string') {
        return 'an object of X- names to string values';
      }
    }
    return undefined;
  }),
};

/** Options plugins add (curveServer, ...), shared by all sockets. */
export const pluginOptions: Record<string, OptionSpec> = {};

let pluginOptionAdded: ((name: string) => void) | undefined;

/** @internal Sockets give plugin options property accessors, as they do their own. */
export function onPluginOption(listener: (name: string) => void): void {
  pluginOptionAdded = listener;
  for (const name of Object.keys(pluginOptions)) listener(name);
}

/**
 * Lets a plugin declare socket options its mechanism or transport reads. Sockets
 * then take them as constructor fields and as properties (`socket.curveServer = true`).
 */
export function defineSocketOption(name: string, spec: OptionSpec): void {
  pluginOptions[name] = spec;
  pluginOptionAdded?.(name);
}

/** Validates and stores `value` as option `name`, throwing EINVAL with the fix. */
export function checkOption(socketType: string, name: string, spec: OptionSpec | undefined, value: unknown): void {
  if (!spec) {
    throw new InvalidArgumentError(`${socketType} sockets have no option "${name}"; check the spelling`);
  }
  const problem = spec.check(value);
  if (problem) {
    throw new InvalidArgumentError(`Option "${name}" must be ${problem}; got ${formatValue(value)}`);
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
