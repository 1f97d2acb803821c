/** ZMTP 3.x frame flag bits (RFC 23 / RFC 37 §"Framing"). */
export const FLAG_MORE = 0x01;
/** The size field is 8 bytes (big-endian) instead of 1. */
export const FLAG_LONG = 0x02;
/** The frame carries a command, not message data. */
export const FLAG_COMMAND = 0x04;
/** Bits 7..3 are reserved and must be zero. */
export const FLAG_RESERVED = 0xf8;

/** Largest body that fits the one-byte size field. */
export const SHORT_FRAME_MAX = 255;
