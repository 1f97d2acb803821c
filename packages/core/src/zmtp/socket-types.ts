/**
 * Which peer socket types each socket type may talk to: RFC 37's table, the
 * same as libzmq's `mechanism_t::check_socket_type`, with the draft types.
 * STREAM is absent: it speaks raw bytes, never ZMTP.
 */
const validPeers: Readonly<Record<string, readonly string[]>> = {
  PAIR: ['PAIR'],
  PUB: ['SUB', 'XSUB'],
  XPUB: ['SUB', 'XSUB'],
  SUB: ['PUB', 'XPUB'],
  XSUB: ['PUB', 'XPUB'],
  REQ: ['REP', 'ROUTER'],
  REP: ['REQ', 'DEALER'],
  DEALER: ['REP', 'DEALER', 'ROUTER'],
  ROUTER: ['REQ', 'DEALER', 'ROUTER'],
  PUSH: ['PULL'],
  PULL: ['PUSH'],
  CLIENT: ['SERVER'],
  SERVER: ['CLIENT'],
  RADIO: ['DISH'],
  DISH: ['RADIO'],
  SCATTER: ['GATHER'],
  GATHER: ['SCATTER'],
  PEER: ['PEER'],
  CHANNEL: ['CHANNEL'],
  DGRAM: ['DGRAM'],
};

/** Socket types that speak ZMTP, as announced in `Socket-Type`. */
export const ZMTP_SOCKET_TYPES: readonly string[] = Object.keys(validPeers);

/** The peer types `socketType` accepts (empty for an unknown type). */
export function compatiblePeerTypes(socketType: string): readonly string[] {
  return Object.hasOwn(validPeers, socketType) ? validPeers[socketType] : [];
}

/** True when a `local` socket may talk to a `peer` socket. Names match exactly, as in libzmq. */
export function isCompatibleSocketType(local: string, peer: string): boolean {
  return compatiblePeerTypes(local).includes(peer);
}
