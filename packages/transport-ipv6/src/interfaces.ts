import { readdirSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';

/** One address of a network interface. Link-local IPv6 addresses carry their zone (`fe80::1%eth0`). */
export interface InterfaceAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/**
 * What the transport needs to know about the host's network interfaces. Tests and
 * unusual platforms can pass their own; {@link systemInterfaces} reads the real ones.
 */
export interface InterfaceTable {
  /** The name of the interface with this index (a numeric zone id), or undefined. */
  nameOfIndex(index: number): string | undefined;
  /** Whether an interface of this name exists (an alphabetic zone id). */
  has(name: string): boolean;
  /** The interface's addresses, IPv6 first, in the system's order; undefined for no such interface. */
  addresses(name: string): readonly InterfaceAddress[] | undefined;
}

/** Node reports the family as 'IPv4' / 'IPv6' (or 4 / 6 on some 18.x releases). */
function familyOf(family: unknown): 4 | 6 | undefined {
  if (family === 'IPv4' || family === 4) return 4;
  if (family === 'IPv6' || family === 6) return 6;
  return undefined;
}

/** Link-local unicast (fe80::/10) and link-local multicast (ff02::/16) need a zone. */
export function isLinkLocal(address: string): boolean {
  return /^fe[89ab][0-9a-f]:/i.test(address) || /^ff[0-9a-f]2:/i.test(address);
}

/**
 * Interface indexes from sysfs on Linux: it lists every interface, also those without
 * addresses, which `os.networkInterfaces()` leaves out. Elsewhere the indexes of
 * interfaces with a link-local address (their `scopeid`) have to do.
 */
function sysfsIndexes(): Map<string, number> {
  const indexes = new Map<string, number>();
  try {
    for (const name of readdirSync('/sys/class/net')) {
      const index = Number(readFileSync(`/sys/class/net/${name}/ifindex`, 'utf8').trim());
      if (Number.isInteger(index) && index > 0) indexes.set(name, index);
    }
  } catch {
    // No sysfs (not Linux, or a sandbox): fall back to os.networkInterfaces() below.
  }
  return indexes;
}

/** The host's interfaces, read afresh on each call (interfaces come and go). */
export const systemInterfaces: InterfaceTable = {
  nameOfIndex(index) {
    for (const [name, value] of allIndexes()) if (value === index) return name;
    return undefined;
  },
  has(name) {
    return allIndexes().has(name) || Object.prototype.hasOwnProperty.call(networkInterfaces(), name);
  },
  addresses(name) {
    const all = networkInterfaces();
    if (!Object.prototype.hasOwnProperty.call(all, name)) return undefined;
    const found: InterfaceAddress[] = [];
    for (const entry of all[name] ?? []) {
      const family = familyOf(entry.family);
      if (family === undefined) continue;
      const address = family === 6 && isLinkLocal(entry.address) ? `${entry.address}%${name}` : entry.address;
      found.push({ address, family });
    }
    return [...found.filter((a) => a.family === 6), ...found.filter((a) => a.family === 4)];
  },
};

function allIndexes(): Map<string, number> {
  const indexes = sysfsIndexes();
  for (const [name, entries] of Object.entries(networkInterfaces())) {
    const scoped = entries?.find((entry) => familyOf(entry.family) === 6 && entry.scopeid);
    if (scoped?.scopeid && !indexes.has(name)) indexes.set(name, scoped.scopeid);
  }
  return indexes;
}
