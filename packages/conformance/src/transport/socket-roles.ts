import type { TransportCapabilities } from '@zmtp/core';

/** The socket types the transport suite names when it listens and dials. */
export interface SocketRoles {
  readonly listen: string;
  readonly dial: string;
}

/**
 * Pairs that talk to each other, the receiving side listening. The suite says
 * DEALER where it can; a transport that serves only some socket types (udp://
 * serves a binding DISH and a connecting RADIO) gets the first pair it serves.
 */
const PAIRS: readonly SocketRoles[] = [
  { listen: 'DEALER', dial: 'DEALER' },
  { listen: 'DISH', dial: 'RADIO' },
  { listen: 'PULL', dial: 'PUSH' },
  { listen: 'SUB', dial: 'PUB' },
  { listen: 'ROUTER', dial: 'DEALER' },
  { listen: 'REP', dial: 'REQ' },
  { listen: 'PAIR', dial: 'PAIR' },
];

/** The socket types to pass in `TransportOptions.socketType` for a transport with these capabilities. */
export function socketRolesFor(caps: TransportCapabilities): SocketRoles {
  const served = caps.socketTypes;
  if (!served) return PAIRS[0];
  const pair = PAIRS.find((roles) => served.includes(roles.listen) && served.includes(roles.dial));
  if (pair) return pair;
  const only = served[0] ?? 'DEALER';
  return { listen: only, dial: only };
}
