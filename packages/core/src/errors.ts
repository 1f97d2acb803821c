/**
 * Errors carry the `code` values zeromq.js uses (errno names), so code that checks
 * `err.code === 'EAGAIN'` keeps working after switching from the native binding.
 */
export type ErrorCode =
  | 'EINVAL'
  | 'EADDRINUSE'
  | 'EADDRNOTAVAIL'
  | 'EPROTONOSUPPORT'
  | 'EHOSTUNREACH'
  | 'ECONNREFUSED'
  | 'EAGAIN'
  | 'EFSM'
  | 'EBUSY'
  | 'ETERM'
  | 'ETIMEDOUT'
  | 'ENOTSUP'
  | 'ENOENT'
  | 'ENODEV'
  | 'EMSGSIZE'
  | 'ECANCELED';

const errnos: Record<ErrorCode, number> = {
  EINVAL: 22,
  EADDRINUSE: 98,
  EADDRNOTAVAIL: 99,
  EPROTONOSUPPORT: 93,
  EHOSTUNREACH: 113,
  ECONNREFUSED: 111,
  EAGAIN: 11,
  EFSM: 156384763,
  EBUSY: 16,
  ETERM: 156384765,
  ETIMEDOUT: 110,
  ENOTSUP: 95,
  ENOENT: 2,
  ENODEV: 19,
  EMSGSIZE: 90,
  ECANCELED: 125,
};

/** Base class of every error this library throws or rejects with. */
export class ZmqError extends Error {
  readonly code: ErrorCode;
  readonly errno: number;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.errno = errnos[code];
  }
}

/** A bad argument: the message says what is wrong and how to fix it. */
export class InvalidArgumentError extends ZmqError {
  constructor(message: string) {
    super('EINVAL', message);
  }
}

/** An endpoint scheme that no installed transport serves. */
export class ProtocolNotSupportedError extends ZmqError {
  constructor(message: string) {
    super('EPROTONOSUPPORT', message);
  }
}

/** The address is already bound by this or another process. */
export class AddressInUseError extends ZmqError {
  constructor(message: string) {
    super('EADDRINUSE', message);
  }
}

/** A send or receive timed out, or could not proceed now (`EAGAIN`). */
export class AgainError extends ZmqError {
  constructor(message: string) {
    super('EAGAIN', message);
  }
}

/** The operation is not valid in the socket's current state (`EFSM`). */
export class StateError extends ZmqError {
  constructor(message: string) {
    super('EFSM', message);
  }
}

/** The socket or context is closed (`ETERM`). */
export class TerminatedError extends ZmqError {
  constructor(message: string) {
    super('ETERM', message);
  }
}

/** A dial found nobody listening (`ECONNREFUSED`). */
export class ConnectionRefusedError extends ZmqError {
  constructor(message: string) {
    super('ECONNREFUSED', message);
  }
}

/**
 * Codes for protocol failures, as zeromq.js reports them on
 * `handshake:error:protocol` events.
 */
export type ProtocolErrorCode =
  | 'ERR_ZMTP_UNSPECIFIED'
  | 'ERR_ZMTP_UNEXPECTED_COMMAND'
  | 'ERR_ZMTP_INVALID_SEQUENCE'
  | 'ERR_ZMTP_KEY_EXCHANGE'
  | 'ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED'
  | 'ERR_ZMTP_MALFORMED_COMMAND_MESSAGE'
  | 'ERR_ZMTP_MALFORMED_COMMAND_HELLO'
  | 'ERR_ZMTP_MALFORMED_COMMAND_INITIATE'
  | 'ERR_ZMTP_MALFORMED_COMMAND_ERROR'
  | 'ERR_ZMTP_MALFORMED_COMMAND_READY'
  | 'ERR_ZMTP_MALFORMED_COMMAND_WELCOME'
  | 'ERR_ZMTP_INVALID_METADATA'
  | 'ERR_ZMTP_CRYPTOGRAPHIC'
  | 'ERR_ZMTP_MECHANISM_MISMATCH'
  | 'ERR_ZMTP_BAD_GREETING'
  | 'ERR_ZMTP_UNSUPPORTED_VERSION'
  | 'ERR_ZMTP_INCOMPATIBLE_SOCKET_TYPE'
  | 'ERR_ZMTP_FRAME_TOO_LARGE'
  | 'ERR_ZMTP_RESERVED_FLAGS'
  | 'ERR_ZMTP_MALFORMED_FRAME'
  | 'ERR_ZMTP_HANDSHAKE_TIMEOUT'
  | 'ERR_ZMTP_HEARTBEAT_TIMEOUT'
  | 'ERR_ZAP_UNSPECIFIED'
  | 'ERR_ZAP_MALFORMED_REPLY'
  | 'ERR_ZAP_BAD_REQUEST_ID'
  | 'ERR_ZAP_BAD_VERSION'
  | 'ERR_ZAP_INVALID_STATUS_CODE'
  | 'ERR_ZAP_INVALID_METADATA';

/** A peer broke the protocol; the connection was closed. Reported through events, never thrown. */
export class ProtocolError extends Error {
  readonly code: ProtocolErrorCode;
  constructor(code: ProtocolErrorCode, message: string) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
  }
}

/** A peer's credentials were rejected (the status code is `400` or `500`, as ZAP says). */
export class AuthenticationError extends Error {
  readonly code: 'EACCES' = 'EACCES';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'AuthenticationError';
    this.status = status;
  }
}
