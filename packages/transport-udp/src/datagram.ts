/** libzmq's UDP engine reads datagrams into a buffer of this size (MAX_UDP_MSG). */
export const MAX_DATAGRAM = 8192;

/** Largest group + body one datagram carries (one byte is the group length). */
export const MAX_MESSAGE = MAX_DATAGRAM - 1;

/** Why an inbound datagram was dropped. */
export type DatagramFault = 'empty' | 'truncated' | 'oversize';

/** libzmq's layout: group length (one byte), group, body. */
export function encodeDatagram(group: Uint8Array, body: Uint8Array): Uint8Array | undefined {
  if (group.length > 255 || group.length + body.length > MAX_MESSAGE) return undefined;
  const datagram = new Uint8Array(1 + group.length + body.length);
  datagram[0] = group.length;
  datagram.set(group, 1);
  datagram.set(body, 1 + group.length);
  return datagram;
}

/** Splits a datagram into group and body (views, no copy), or says why it is bad. */
export function decodeDatagram(datagram: Uint8Array): { group: Uint8Array; body: Uint8Array } | DatagramFault {
  if (datagram.length === 0) return 'empty';
  if (datagram.length > MAX_DATAGRAM) return 'oversize';
  const groupEnd = 1 + datagram[0];
  if (groupEnd > datagram.length) return 'truncated';
  return { group: datagram.subarray(1, groupEnd), body: datagram.subarray(groupEnd) };
}
