/** Counters of one `udp()` plugin instance (all its endpoints), read live. */
export interface UdpStatistics {
  /** Datagrams handed to the kernel. */
  datagramsSent: number;
  /** Datagrams read from the kernel, good or bad. */
  datagramsReceived: number;
  /** Messages passed to a Dish. */
  messagesDelivered: number;
  /** Inbound datagrams with no bytes. */
  droppedEmpty: number;
  /** Inbound datagrams whose length byte runs past their end. */
  droppedTruncated: number;
  /** Inbound datagrams larger than libzmq's 8192-byte limit. */
  droppedOversize: number;
  /** Inbound messages of groups the Dish has not joined. */
  droppedNotJoined: number;
  /** Inbound messages dropped while the Dish's queue was full. */
  droppedFull: number;
  /** Outbound messages that do not fit a datagram, or that found the send queue full. */
  sendDropped: number;
  /** Socket errors reported by the operating system (send failures included). */
  errors: number;
}

export function newStatistics(): UdpStatistics {
  return {
    datagramsSent: 0,
    datagramsReceived: 0,
    messagesDelivered: 0,
    droppedEmpty: 0,
    droppedTruncated: 0,
    droppedOversize: 0,
    droppedNotJoined: 0,
    droppedFull: 0,
    sendDropped: 0,
    errors: 0,
  };
}
