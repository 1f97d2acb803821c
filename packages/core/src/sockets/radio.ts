import { InvalidArgumentError, ZmqError } from '../errors.js';
import { splitEndpoint } from '../endpoint.js';
import { toMessage, type Message, type MessageLike } from '../message.js';
import type { Pipe } from '../pipe.js';
import { Socket } from '../socket-base.js';
import { GroupMembers, groupBytes, JOIN, LEAVE } from './groups.js';
import type { SocketOptions } from './push.js';

/** The second argument of `Radio.send`, as in zeromq.js. */
export interface RadioGroupOptions {
  group: Uint8Array | string;
}

/** Distinct groups a Radio tracks; joins beyond this are ignored so a peer cannot grow memory without bound. */
const maxGroups = 100_000;

/**
 * RADIO (draft): sends each single-part message to the Dish peers that joined its
 * group (exact match). A full peer misses the message, as with libzmq (never blocks).
 * On ZMTP the group travels as a first frame with MORE, the body as the second.
 */
export class Radio extends Socket {
  private readonly groups = new GroupMembers<Pipe>();
  /**
   * Pipes to Dishes that cannot send joins (transports with `capabilities.joins: false`,
   * such as udp://): they get every group and filter themselves (libzmq's `_udp_pipes`).
   */
  private readonly joinlessPipes = new Set<Pipe>();

  constructor(options?: SocketOptions<Radio>) {
    super('RADIO', options);
  }

  /** Sends `message` to the peers that joined `options.group`. */
  override send(message: MessageLike | readonly MessageLike[], options?: RadioGroupOptions): Promise<void> {
    try {
      if (options === null || typeof options !== 'object') {
        throw new InvalidArgumentError('Radio.send needs a group: radio.send(message, { group: "name" })');
      }
      const group = groupBytes(options.group, 'Radio.send');
      const parts = toMessage(message);
      if (parts.length !== 1) {
        throw new InvalidArgumentError(`Radio messages have exactly one part; got ${parts.length}`);
      }
      return super.send([group, parts[0]]);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  protected attachPipe(pipe: Pipe): void {
    const { scheme } = splitEndpoint(pipe.endpoint);
    if (this.context.transportFor(scheme).capabilities.joins === false) this.joinlessPipes.add(pipe);
  }

  protected override pipeConnected(pipe: Pipe): void {
    // A (re)connected Dish sends all its joins again.
    this.groups.remove(pipe);
  }

  protected detachPipe(pipe: Pipe): void {
    this.joinlessPipes.delete(pipe);
    this.groups.remove(pipe);
  }

  protected readActivated(pipe: Pipe): void {
    for (let message = pipe.read(); message; message = pipe.read()) {
      const frame = message[0];
      if (message.length !== 1 || frame.length === 0) continue; // not JOIN/LEAVE: ignored, as libzmq does
      const group = frame.subarray(1);
      if (frame[0] === JOIN && this.groups.size < maxGroups) this.groups.join(group, pipe);
      else if (frame[0] === LEAVE) this.groups.leave(group, pipe);
    }
  }

  protected writeActivated(): void {}

  protected trySend(message: Message): boolean {
    const members = this.groups.members(message[0]);
    if (members) for (const pipe of members) pipe.write(message); // a full Dish misses this one
    for (const pipe of this.joinlessPipes) pipe.write(message);
    return true;
  }

  protected tryReceive(): Message | undefined {
    throw new ZmqError('ENOTSUP', 'Radio sockets cannot receive; use a Dish');
  }
  protected hasIncoming(): boolean {
    return false;
  }
  protected canSend(): boolean {
    return true;
  }
}
