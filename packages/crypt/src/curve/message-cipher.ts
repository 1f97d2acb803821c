import { type FrameCipher, ProtocolError } from '@zmtp/core';
import { open, seal } from '../nacl-box.js';
import { SHORT_NONCE_SIZE, counterBytes, fullNonce, readCounter } from './nonce.js';
import { commandPrefix, startsWith } from '../bytes.js';

/** `07 'MESSAGE'`: the command every frame travels in after a CURVE handshake. */
const MESSAGE_NAME = commandPrefix('MESSAGE');
const HEADER_SIZE = MESSAGE_NAME.length + SHORT_NONCE_SIZE;
/** libzmq's lower bound: header, MAC and the flags byte. */
export const MESSAGE_MIN_SIZE = HEADER_SIZE + 16 + 1;

// Core hands us ZMTP frame flags; inside the box libzmq carries MORE as 0x01 and COMMAND as 0x02.
const ZMTP_MORE = 0x01;
const ZMTP_COMMAND = 0x04;
const BOX_MORE = 0x01;
const BOX_COMMAND = 0x02;

/**
 * CURVE's per-frame protection (RFC 26 MESSAGE, with libzmq's flags byte): each frame
 * is boxed with the connection key under a short nonce that strictly increases.
 * As libzmq, the receiver refuses a nonce not above the last one it accepted.
 */
export class CurveMessageCipher implements FrameCipher {
  /** libzmq sends MESSAGE as a final message frame and reads a command-flagged one as a command. */
  readonly carrier = 'message';

  constructor(
    private readonly key: Uint8Array,
    private readonly sendPrefix: string,
    private readonly receivePrefix: string,
    /** Our next short nonce (the client's first MESSAGE is 3, the server's 2). */
    private nextNonce: number,
    /** The last short nonce the peer used in the handshake. */
    private lastPeerNonce: number,
  ) {}

  encrypt(flags: number, body: Uint8Array): Uint8Array {
    const counter = counterBytes(this.nextNonce++);
    const plaintext = new Uint8Array(1 + body.length);
    plaintext[0] = (flags & ZMTP_MORE ? BOX_MORE : 0) | (flags & ZMTP_COMMAND ? BOX_COMMAND : 0);
    plaintext.set(body, 1);
    const box = seal(this.key, fullNonce(this.sendPrefix, counter), plaintext);
    const command = Buffer.allocUnsafe(HEADER_SIZE + box.length);
    command.set(MESSAGE_NAME, 0);
    command.set(counter, MESSAGE_NAME.length);
    command.set(box, HEADER_SIZE);
    return command;
  }

  decrypt(command: Uint8Array): { flags: number; body: Uint8Array } {
    if (!startsWith(command, MESSAGE_NAME)) {
      throw new ProtocolError(
        'ERR_ZMTP_UNEXPECTED_COMMAND',
        'Peer sent a command other than MESSAGE on a CURVE connection; the connection was closed.',
      );
    }
    if (command.length < MESSAGE_MIN_SIZE) {
      throw new ProtocolError(
        'ERR_ZMTP_MALFORMED_COMMAND_MESSAGE',
        `Peer sent a CURVE MESSAGE of ${command.length} bytes; at least ${MESSAGE_MIN_SIZE} are needed. ` +
          'The connection was closed.',
      );
    }
    const counter = readCounter(command, MESSAGE_NAME.length);
    if (counter <= this.lastPeerNonce) {
      throw new ProtocolError(
        'ERR_ZMTP_INVALID_SEQUENCE',
        `Peer sent a CURVE MESSAGE with nonce ${counter}, not above the last one (${this.lastPeerNonce}): ` +
          'a replayed or reordered message. The connection was closed.',
      );
    }
    const nonce = fullNonce(this.receivePrefix, command.subarray(MESSAGE_NAME.length, HEADER_SIZE));
    const plaintext = open(this.key, nonce, command.subarray(HEADER_SIZE));
    if (plaintext === undefined) {
      throw new ProtocolError(
        'ERR_ZMTP_CRYPTOGRAPHIC',
        'A CURVE MESSAGE failed authentication (altered in transit, or not sealed with this connection key); ' +
          'the connection was closed.',
      );
    }
    this.lastPeerNonce = counter;
    const boxFlags = plaintext[0];
    return {
      flags: (boxFlags & BOX_MORE ? ZMTP_MORE : 0) | (boxFlags & BOX_COMMAND ? ZMTP_COMMAND : 0),
      body: Buffer.from(plaintext.buffer, plaintext.byteOffset + 1, plaintext.length - 1),
    };
  }
}
