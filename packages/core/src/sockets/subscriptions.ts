import { routingKey } from './routing-id.js';

/**
 * Prefix subscriptions with counts (subscribing twice needs two cancels). Matching
 * looks up each prefix of the topic up to the longest subscription, so its cost
 * does not depend on how many subscriptions there are.
 */
export class Subscriptions<T = true> {
  private readonly byPrefix = new Map<string, Map<T, number>>();
  private longest = 0;

  /** Adds one subscription of `owner` to `prefix`; true when the prefix was new for everyone. */
  add(prefix: Uint8Array, owner: T): boolean {
    const key = routingKey(prefix);
    let owners = this.byPrefix.get(key);
    const isNew = !owners;
    if (!owners) this.byPrefix.set(key, (owners = new Map()));
    owners.set(owner, (owners.get(owner) ?? 0) + 1);
    if (prefix.length > this.longest) this.longest = prefix.length;
    return isNew;
  }

  /** Removes one subscription; true when nobody is subscribed to the prefix any more. */
  remove(prefix: Uint8Array, owner: T): boolean {
    const key = routingKey(prefix);
    const owners = this.byPrefix.get(key);
    const count = owners?.get(owner);
    if (!owners || count === undefined) return false;
    if (count > 1) owners.set(owner, count - 1);
    else owners.delete(owner);
    if (owners.size > 0) return false;
    this.byPrefix.delete(key);
    return true;
  }

  /** Removes every subscription of `owner`; returns the prefixes nobody holds any more. */
  removeOwner(owner: T): Uint8Array[] {
    const gone: Uint8Array[] = [];
    for (const [key, owners] of this.byPrefix) {
      if (!owners.delete(owner) || owners.size > 0) continue;
      this.byPrefix.delete(key);
      gone.push(fromKey(key));
    }
    return gone;
  }

  /** Every distinct prefix. */
  prefixes(): Uint8Array[] {
    return [...this.byPrefix.keys()].map(fromKey);
  }

  /** Calls `visit` once for each owner with a prefix of `topic`. */
  match(topic: Uint8Array, visit: (owner: T) => void): void {
    const seen = new Set<T>();
    let key = '';
    const limit = Math.min(topic.length, this.longest);
    for (let length = 0; ; length++) {
      const owners = this.byPrefix.get(key);
      if (owners) {
        for (const owner of owners.keys()) {
          if (!seen.has(owner)) {
            seen.add(owner);
            visit(owner);
          }
        }
      }
      if (length >= limit) break;
      key += String.fromCharCode(topic[length]);
    }
  }

  /** Whether any subscription is a prefix of `topic`. */
  matches(topic: Uint8Array): boolean {
    let key = '';
    const limit = Math.min(topic.length, this.longest);
    for (let length = 0; ; length++) {
      if (this.byPrefix.has(key)) return true;
      if (length >= limit) return false;
      key += String.fromCharCode(topic[length]);
    }
  }

  get size(): number {
    return this.byPrefix.size;
  }
}

function fromKey(key: string): Uint8Array {
  const bytes = new Uint8Array(key.length);
  for (let i = 0; i < key.length; i++) bytes[i] = key.charCodeAt(i);
  return bytes;
}
