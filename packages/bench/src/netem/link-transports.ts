import { basename } from 'node:path';
import { InvalidArgumentError } from '@zmtp/core';
import type { LinkBenchTransport } from './link-transport.js';
import { here } from './ts-entry.js';

/** The transports `bench link` knows. New transports add a row here. */
export const LINK_TRANSPORTS: readonly LinkBenchTransport[] = [
  { id: 'tcp-cubic', label: 'kernel TCP (cubic)', peer: here('peers/kernel-tcp.ts'), congestionControl: 'cubic' },
  { id: 'tcp-bbr', label: 'kernel TCP (bbr)', peer: here('peers/kernel-tcp.ts'), congestionControl: 'bbr' },
  { id: 'zmtp-cubic', label: 'zmtp tcp:// (cubic)', peer: here('peers/zmtp-tcp.ts'), congestionControl: 'cubic' },
  { id: 'zmtp-bbr', label: 'zmtp tcp:// (bbr)', peer: here('peers/zmtp-tcp.ts'), congestionControl: 'bbr' },
];

/**
 * Picks transports by id. An entry containing '/' is a peer module's path (its file
 * name is the label), so a transport under development runs without being listed.
 */
export function pickLinkTransports(ids: string[]): LinkBenchTransport[] {
  return ids.map((id) => {
    if (id.includes('/')) return { id, label: basename(id).replace(/\.[cm]?[jt]s$/, ''), peer: id };
    const found = LINK_TRANSPORTS.find((t) => t.id === id);
    if (!found) {
      throw new InvalidArgumentError(`unknown transport '${id}'; choose from ${LINK_TRANSPORTS.map((t) => t.id).join(', ')} or give a peer module's path`);
    }
    return found;
  });
}
