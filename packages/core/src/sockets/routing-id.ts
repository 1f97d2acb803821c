/** Routing ids as map keys (latin1: one char per byte, so any bytes round-trip). */
export function routingKey(id: Uint8Array): string {
  let key = '';
  for (let i = 0; i < id.length; i++) key += String.fromCharCode(id[i]);
  return key;
}

/** Ids a ROUTER makes up for anonymous peers: a zero byte, then a 32-bit counter (libzmq). */
export class RoutingIdGenerator {
  private next = (Math.random() * 0xffffffff) >>> 0;

  generate(): Uint8Array {
    const id = new Uint8Array(5);
    new DataView(id.buffer).setUint32(1, this.next);
    this.next = (this.next + 1) >>> 0;
    return id;
  }
}
