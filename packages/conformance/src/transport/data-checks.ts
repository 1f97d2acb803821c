import { expect } from 'vitest';
import { needsByteStream, type TransportConformanceCapabilities } from '../capabilities.js';
import type { Check } from '../check.js';
import { decode, encode, firstDifference, pattern } from '../support/bytes.js';
import { ConnectionProbe } from '../support/connection-probe.js';
import { pause, within } from '../support/waits.js';
import type { TransportScope } from './transport-scope.js';

type TransportCheck = Check<TransportConformanceCapabilities, TransportScope>;

const MiB = 1024 * 1024;

export const pingAck: TransportCheck = {
  name: 'ping-ack',
  title: 'five ping/ack round trips on one connection',
  skip: needsByteStream,
  async run(scope) {
    const { client, server } = await scope.pair();
    const clientProbe = new ConnectionProbe(client);
    const serverProbe = new ConnectionProbe(server);
    for (let round = 0; round < 5; round++) {
      client.write(encode(`ping${round}`));
      expect(decode(await within(serverProbe.read(5), `ping ${round}`))).toBe(`ping${round}`);
      server.write(encode(`ack${round}`));
      expect(decode(await within(clientProbe.read(4), `ack ${round}`))).toBe(`ack${round}`);
    }
  },
};

export const largePayloads: TransportCheck = {
  name: 'large-payloads',
  title: '1 MiB each way at the same time arrives intact (one write one way, writev of 64 KiB pieces the other)',
  skip: needsByteStream,
  async run(scope) {
    const { client, server } = await scope.pair();
    const clientProbe = new ConnectionProbe(client);
    const serverProbe = new ConnectionProbe(server);
    const up = pattern(MiB, 1);
    const down = pattern(MiB, 2);
    client.write(up);
    const pieces: Uint8Array[] = [];
    for (let offset = 0; offset < MiB; offset += 64 * 1024) pieces.push(down.subarray(offset, offset + 64 * 1024));
    if (server.writev) server.writev(pieces);
    else for (const piece of pieces) server.write(piece);
    const [atServer, atClient] = await within(
      Promise.all([serverProbe.read(MiB), clientProbe.read(MiB)]),
      '1 MiB at each end',
      15_000,
    );
    expect(firstDifference(atServer, up), 'first differing byte of the upload').toBe(-1);
    expect(firstDifference(atClient, down), 'first differing byte of the download').toBe(-1);
  },
};

export const manySmallWrites: TransportCheck = {
  name: 'many-small-writes',
  title: '2 000 small writes arrive complete and in order',
  skip: needsByteStream,
  async run(scope) {
    const count = 2000;
    const { client, server } = await scope.pair();
    const serverProbe = new ConnectionProbe(server);
    for (let i = 0; i < count; i++) {
      const chunk = new Uint8Array(4);
      new DataView(chunk.buffer).setUint32(0, i);
      client.write(chunk);
    }
    const all = await within(serverProbe.read(count * 4), `${count} writes of 4 bytes`);
    const view = new DataView(all.buffer, all.byteOffset, all.byteLength);
    const misplaced: number[] = [];
    for (let i = 0; i < count && misplaced.length < 10; i++) if (view.getUint32(i * 4) !== i) misplaced.push(i);
    expect(misplaced, 'writes that arrived out of place').toEqual([]);
  },
};

/** A transport that never says "wait" would buffer without limit; give up well before memory runs out. */
const BACKPRESSURE_LIMIT = 128 * MiB;

export const backpressure: TransportCheck = {
  name: 'backpressure',
  title: 'a paused receiver makes write() return false; nothing arrives while paused; all of it and one drain follow resume',
  skip: needsByteStream,
  async run(scope) {
    const { client, server } = await scope.pair();
    const receiver = new ConnectionProbe(server);
    const sender = new ConnectionProbe(client);
    server.pause();
    const chunk = pattern(64 * 1024, 3);
    let written = 0;
    let accepted = true;
    while (accepted) {
      // Let the transport move bytes between writes, so the limit found is the paused receiver's.
      await new Promise((resolve) => setTimeout(resolve, 0));
      accepted = client.write(chunk);
      written += chunk.length;
      if (written > BACKPRESSURE_LIMIT) {
        throw new Error(`write() never returned false: ${written} bytes were accepted for a paused receiver`);
      }
    }
    await pause(30);
    expect(receiver.received, 'bytes delivered to a paused receiver').toBe(0);
    server.resume();
    await within(
      receiver.until(() => receiver.received === written, `all ${written} bytes after resume`),
      `all ${written} bytes after resume`,
      15_000,
    );
    await within(sender.until(() => sender.drains > 0, 'drain'), 'drain at the sender');
    expect(sender.drains, 'drain events for one write that returned false').toBe(1);
    const bytes = receiver.bytes();
    for (let offset = 0; offset < written; offset += chunk.length) {
      if (firstDifference(bytes.subarray(offset, offset + chunk.length), chunk) !== -1) {
        throw new Error(`the bytes at offset ${offset} differ from what was written`);
      }
    }
  },
};
