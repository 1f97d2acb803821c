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
  /** Extension datagrams (PROTOCOL.md) of a version we do not speak. */
  droppedBadVersion: number;
  /** Extension datagrams that are truncated or malformed, or of a kind this side never takes. */
  droppedMalformed: number;
  /** DATA for a session the Dish does not know for that source (stale, or forged). */
  droppedUnknownSession: number;
  /** DATA whose sequence number lies outside the Dish's window (stale, or forged). */
  droppedInvalidSequence: number;
  /** Datagrams at a Radio that are not a WELCOME or FEEDBACK of its session. */
  droppedStray: number;
  /** FEEDBACK whose congestion-control body was malformed. */
  badFeedback: number;
  /** Outbound messages that do not fit a datagram (or `maxMessageSize`), found the send queue full, or were queued when the extension was lost. */
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
    droppedBadVersion: 0,
    droppedMalformed: 0,
    droppedUnknownSession: 0,
    droppedInvalidSequence: 0,
    droppedStray: 0,
    badFeedback: 0,
    sendDropped: 0,
    errors: 0,
  };
}
