import { InvalidArgumentError } from '@zmtp/core';
import { describe, expect, it } from 'vitest';
import { Ferry } from './ferry.js';
import { ManualClock } from './manual-clock.js';
import type { PacketPort, PortCounters } from './packet-port.js';

/** A packet port in memory: inject() plays a packet read from the device; written collects output. */
class MemoryPort implements PacketPort {
  written: string[] = [];
  #onPacket: ((packet: Uint8Array) => void) | undefined;
  closed = false;
  start(onPacket: (packet: Uint8Array) => void): void {
    this.#onPacket = onPacket;
  }
  inject(text: string): void {
    this.#onPacket?.(Buffer.from(text));
  }
  write(packet: Uint8Array): void {
    this.written.push(Buffer.from(packet).toString());
  }
  close(): void {
    this.closed = true;
  }
  counters(): PortCounters {
    return { read: 0, written: this.written.length, readErrors: 0, writeErrors: 0 };
  }
}

function setup(options = {}) {
  const clock = new ManualClock();
  const a = new MemoryPort();
  const b = new MemoryPort();
  const ferry = new Ferry(a, b, options, clock);
  ferry.start();
  return { clock, a, b, ferry };
}

describe('Ferry', () => {
  it('carries A to B and B to A, each through its own delay', () => {
    const { clock, a, b, ferry } = setup({ forward: { delay: 10 }, reverse: { delay: 30 } });
    a.inject('ping');
    b.inject('pong');
    clock.advance(10);
    expect(b.written).toEqual(['ping']);
    expect(a.written).toEqual([]);
    clock.advance(20);
    expect(a.written).toEqual(['pong']);
    const stats = ferry.stats();
    expect(stats.forward.delivered).toBe(1);
    expect(stats.reverse.delivered).toBe(1);
    expect(stats.ports.b.written).toBe(1);
  });

  it('answers control requests: stats, and set for later packets', () => {
    const { clock, a, b, ferry } = setup({ rtt: 20, seed: 3 });
    const settings = ferry.control({ op: 'set', change: { forward: { loss: 1 } } }) as { forward: { loss: number; delay: number } };
    expect(settings.forward).toMatchObject({ loss: 1, delay: 10 });
    a.inject('lost');
    clock.runAll();
    expect(b.written).toEqual([]);
    expect((ferry.control({ op: 'stats' }) as { forward: { lost: number } }).forward.lost).toBe(1);
    expect(() => ferry.control({ op: 'reboot' })).toThrow(InvalidArgumentError);
    expect(() => ferry.control({ op: 'set', change: { loss: 7 } })).toThrow(InvalidArgumentError);
  });

  it('closes both ports', () => {
    const { a, b, ferry } = setup();
    ferry.close();
    expect(a.closed && b.closed).toBe(true);
  });
});
