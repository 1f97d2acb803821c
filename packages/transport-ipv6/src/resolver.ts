import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { InvalidArgumentError, ZmqError } from '@zmtp/core';
import { systemErrorCode } from '@zmtp/core/node';

/** One address a name resolves to. IPv6 link-local addresses may carry a zone (`fe80::1%eth0`). */
export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/**
 * Resolves a host name to addresses, most preferred first (as getaddrinfo sorts them,
 * RFC 6724). `family` 0 asks for both, 4 for A records only, 6 for AAAA only. Called
 * again for every connection attempt, so changed DNS records are followed.
 */
export type Resolver = (hostname: string, family: 0 | 4 | 6) => Promise<readonly ResolvedAddress[]> | readonly ResolvedAddress[];

/** The system resolver: `dns.lookup` (getaddrinfo, /etc/hosts included), every address. */
export const systemResolver: Resolver = async (hostname, family) => {
  const found = await lookup(hostname, { all: true, family });
  return found.map(({ address, family: f }) => ({ address, family: f === 6 ? 6 : 4 }));
};

/**
 * Runs the resolver and checks what it returns. A failed or empty resolution is
 * EHOSTUNREACH, as core reports it; a resolver that returns something other than
 * addresses is EINVAL, naming the bad entry.
 */
export async function resolveHost(
  resolver: Resolver,
  hostname: string,
  family: 0 | 4 | 6,
  endpoint: string,
): Promise<ResolvedAddress[]> {
  let found: readonly ResolvedAddress[];
  try {
    found = await resolver(hostname, family);
  } catch (error) {
    const code = systemErrorCode(error) ?? (error instanceof Error ? error.message : String(error));
    throw new ZmqError(
      'EHOSTUNREACH',
      `Cannot connect to "${endpoint}": the name "${hostname}" does not resolve${familyText(family)} (${code}); check the spelling or use a numeric address`,
      { cause: error },
    );
  }
  if (!Array.isArray(found)) {
    throw new InvalidArgumentError(`The resolver returned ${typeof found} for "${hostname}"; it must return an array of { address, family }`);
  }
  const addresses: ResolvedAddress[] = [];
  for (const entry of found as unknown[]) {
    const { address, family: entryFamily } = (entry ?? {}) as Partial<ResolvedAddress>;
    const actual = typeof address === 'string' ? isIP(address) : 0;
    if (actual === 0 || actual !== entryFamily) {
      throw new InvalidArgumentError(
        `The resolver returned ${JSON.stringify(entry)} for "${hostname}"; each entry must be { address, family } with a numeric address of that family (4 or 6)`,
      );
    }
    if (family === 0 || family === entryFamily) addresses.push({ address: address!, family: entryFamily });
  }
  if (addresses.length === 0) {
    throw new ZmqError(
      'EHOSTUNREACH',
      `Cannot connect to "${endpoint}": the name "${hostname}" has no address${familyText(family)}; check the spelling or use a numeric address`,
    );
  }
  return addresses;
}

function familyText(family: 0 | 4 | 6): string {
  return family === 4 ? ' to an IPv4 address (the ipv6 option is off)' : family === 6 ? ' to an IPv6 address (ipv6Only is on)' : '';
}
