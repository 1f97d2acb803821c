import { InvalidArgumentError } from '../errors.js';
import { allocBytes, bytesFromString, wrapBytes } from '../platform.js';
import { routingKey } from './routing-id.js';

/** Longest group name libzmq accepts (ZMQ_GROUP_MAX_LENGTH). */
export const GROUP_MAX_LENGTH = 255;

/** Control messages between a Dish and a Radio pipe: `0x01 group` joins, `0x00 group` leaves (JOIN / LEAVE on the wire). */
export const JOIN = 1;
export const LEAVE = 0;

/** A group name as bytes, checked against libzmq's limits (at most 255 bytes, no NUL: libzmq keeps groups as C strings). */
export function groupBytes(group: unknown, where: string): Uint8Array {
  let bytes: Uint8Array;
  if (typeof group === 'string') bytes = bytesFromString(group);
  else if (group instanceof Uint8Array) bytes = wrapBytes(group);
  else throw new InvalidArgumentError(`${where}: a group must be a string or a Buffer; got ${typeof group}`);
  if (bytes.length > GROUP_MAX_LENGTH) {
    throw new InvalidArgumentError(`${where}: group is ${bytes.length} bytes; groups are at most ${GROUP_MAX_LENGTH} bytes`);
  }
  if (bytes.includes(0)) throw new InvalidArgumentError(`${where}: a group must not contain a NUL byte (libzmq cuts it there)`);
  return bytes;
}

/** The `0x01 group` / `0x00 group` frame a Dish queues for its peers. */
export function groupCommandFrame(kind: number, group: Uint8Array): Uint8Array {
  const frame = allocBytes(group.length + 1);
  frame[0] = kind;
  frame.set(group, 1);
  return frame;
}

/** Which members (Radio: pipes) joined which group; exact match, no prefixes. */
export class GroupMembers<T> {
  private readonly byGroup = new Map<string, Set<T>>();

  join(group: Uint8Array, member: T): void {
    const key = routingKey(group);
    let members = this.byGroup.get(key);
    if (!members) this.byGroup.set(key, (members = new Set()));
    members.add(member);
  }

  leave(group: Uint8Array, member: T): void {
    const key = routingKey(group);
    const members = this.byGroup.get(key);
    if (!members?.delete(member)) return;
    if (members.size === 0) this.byGroup.delete(key);
  }

  /** Forgets every group of `member` (it left, or reconnected and will join again). */
  remove(member: T): void {
    for (const [key, members] of this.byGroup) {
      if (members.delete(member) && members.size === 0) this.byGroup.delete(key);
    }
  }

  members(group: Uint8Array): ReadonlySet<T> | undefined {
    return this.byGroup.get(routingKey(group));
  }

  /** Bounded by the caller: a Radio drops joins past this many groups. */
  get size(): number {
    return this.byGroup.size;
  }
}
