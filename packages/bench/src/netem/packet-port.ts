import { close, read, writeSync } from 'node:fs';

/** A device that carries whole packets: one read is one packet. */
export interface PacketPort {
  /** Starts handing every packet read to `onPacket`. */
  start(onPacket: (packet: Uint8Array) => void): void;
  write(packet: Uint8Array): void;
  close(): void;
  counters(): PortCounters;
}

export interface PortCounters {
  read: number;
  written: number;
  readErrors: number;
  writeErrors: number;
}

const MAX_PACKET = 65_536;

/**
 * A TUN device's descriptor as a PacketPort. Node cannot poll a character device, so
 * reads go through the libuv thread pool, one outstanding read per device (more would
 * complete out of order); writes are synchronous, as a TUN write only queues the
 * packet into the kernel's stack.
 */
export class FdPacketPort implements PacketPort {
  readonly #fd: number;
  readonly #buffer = Buffer.allocUnsafeSlow(MAX_PACKET);
  #closed = false;
  readonly #c: PortCounters = { read: 0, written: 0, readErrors: 0, writeErrors: 0 };

  constructor(fd: number) {
    this.#fd = fd;
  }

  start(onPacket: (packet: Uint8Array) => void): void {
    const next = (): void => {
      read(this.#fd, this.#buffer, 0, MAX_PACKET, null, (error, n) => {
        if (this.#closed) return;
        if (error) {
          // A device that errors persistently must not spin the loop.
          this.#c.readErrors++;
          setTimeout(next, 10);
          return;
        }
        if (n > 0) {
          this.#c.read++;
          onPacket(Buffer.from(this.#buffer.subarray(0, n)));
        }
        next();
      });
    };
    next();
  }

  write(packet: Uint8Array): void {
    if (this.#closed) return;
    try {
      writeSync(this.#fd, packet);
      this.#c.written++;
    } catch {
      this.#c.writeErrors++; // e.g. the device is down: the packet is lost, as on a wire
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    close(this.#fd, () => {});
  }

  counters(): PortCounters {
    return { ...this.#c };
  }
}
