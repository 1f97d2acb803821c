import type { FrameCipher, HandshakeStep, Mechanism, MechanismSession, Metadata } from '@zmtp/core';

/** How one side's handshake ended. */
export interface HandshakeSide {
  readonly done?: { readonly metadata: Metadata; readonly userId?: string };
  readonly failure?: Error;
  /** Set once done, for mechanisms that protect frames. */
  readonly cipher?: FrameCipher;
}

interface Running {
  readonly name: 'client' | 'server';
  readonly session: MechanismSession;
  inbox: Uint8Array[];
  done?: { metadata: Metadata; userId?: string };
  failure?: Error;
}

const ERROR_NAME = 'ERROR';

/** An ERROR command body, as an engine sends it when a step fails with `errorReason`. */
function errorCommand(reason: string): Uint8Array {
  const text = new TextEncoder().encode(reason);
  return Uint8Array.of(ERROR_NAME.length, ...new TextEncoder().encode(ERROR_NAME), text.length, ...text);
}

/** The reason of an ERROR command (either spelling libzmq uses), or undefined for any other command. */
function errorReason(command: Uint8Array): string | undefined {
  const decoder = new TextDecoder();
  if (command[0] === 5 && decoder.decode(command.subarray(1, 6)) === ERROR_NAME) return decoder.decode(command.subarray(7));
  // libzmq's PLAIN writes "\x05ERROR" as a C literal, which comes out as 0x5E 'RROR'.
  if (command[0] === 0x5e && decoder.decode(command.subarray(1, 5)) === 'RROR') return decoder.decode(command.subarray(6));
  return undefined;
}

/** What the suite tells each side's session. */
export interface DriverSide {
  readonly options: Readonly<Record<string, unknown>>;
  readonly metadata: Metadata;
}

/**
 * Runs a mechanism's handshake between two of its sessions with no engine and
 * no transport: each step's commands go to the other side, in order, until
 * both are done or one failed. An ERROR command stops the side receiving it,
 * as the engine does.
 */
export async function driveHandshake(
  mechanism: Mechanism,
  client: DriverSide,
  server: DriverSide,
): Promise<{ client: HandshakeSide; server: HandshakeSide }> {
  const open = (name: 'client' | 'server', side: DriverSide): Running => ({
    name,
    inbox: [],
    session: mechanism.createSession({
      options: side.options,
      localMetadata: side.metadata,
      peerAddress: `conformance://${name === 'client' ? 'server' : 'client'}`,
      zapDomain: typeof side.options.zapDomain === 'string' ? side.options.zapDomain : '',
      ...(typeof side.options.authenticator === 'function'
        ? { authenticate: side.options.authenticator as never }
        : {}),
    }),
  });
  const sides = [open('client', client), open('server', server)] as const;
  const other = (side: Running): Running => (side === sides[0] ? sides[1] : sides[0]);
  const finished = (side: Running): boolean => side.done !== undefined || side.failure !== undefined;

  const apply = (side: Running, step: HandshakeStep): void => {
    for (const command of step.send ?? []) other(side).inbox.push(command);
    if (step.fail) {
      side.failure = step.fail.error;
      if (step.fail.errorReason !== undefined) other(side).inbox.push(errorCommand(step.fail.errorReason));
    } else if (step.done) {
      side.done = { ...step.done };
    }
  };
  const guard = (side: Running, run: () => HandshakeStep | Promise<HandshakeStep>): Promise<void> =>
    Promise.resolve()
      .then(run)
      .then(
        (step) => apply(side, step),
        (error: unknown) => {
          side.failure = error instanceof Error ? error : new Error(String(error));
        },
      );

  for (const side of sides) await guard(side, () => side.session.start());
  for (let rounds = 0; rounds < 256; rounds++) {
    const side = sides.find((candidate) => candidate.inbox.length > 0 && !finished(candidate));
    if (!side) break;
    const command = side.inbox.shift()!;
    const reason = errorReason(command);
    if (reason !== undefined) {
      side.failure = new Error(`the peer sent ERROR "${reason}"`);
      continue;
    }
    await guard(side, () => side.session.receive(command));
  }
  const result = (side: Running): HandshakeSide => ({
    ...(side.done ? { done: side.done } : {}),
    ...(side.failure ? { failure: side.failure } : {}),
    ...(side.done && side.session.cipher ? { cipher: side.session.cipher } : {}),
  });
  return { client: result(sides[0]), server: result(sides[1]) };
}

/** Metadata from text pairs. */
export function metadataOf(entries: Record<string, string>): Metadata {
  return new Map(Object.entries(entries).map(([name, value]) => [name, new TextEncoder().encode(value)]));
}
