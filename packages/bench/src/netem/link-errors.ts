import { ZmqError } from '@zmtp/core';

/** This machine (or this user) cannot create namespaces or TUN devices; `reason` says which. */
export class LinkUnsupportedError extends ZmqError {
  /** The CLIs exit with this status when the link cannot exist here. */
  readonly exitCode = 3;
  constructor(readonly reason: string) {
    super('ENOTSUP', `the emulated link cannot run here: ${reason}`);
  }
}

/** A system command the link needs failed. */
export class LinkCommandError extends Error {
  constructor(
    readonly command: string,
    readonly stderr: string,
    readonly status: number | null,
  ) {
    super(`'${command}' failed${status === null ? '' : ` (exit ${status})`}: ${stderr.trim() || 'no message'}`);
    this.name = 'LinkCommandError';
  }
}
