import { describe, expect, it } from 'vitest';
import { AbstractConnection } from './abstract-connection.js';
import type { ConnectionHandler } from './contracts/connection.js';

/** A connection whose primitives only record calls; the test plays the transport. */
class FakeConnection extends AbstractConnection {
  readonly localAddress = 'fake://local';
  readonly remoteAddress = 'fake://remote';
  readonly sent: Uint8Array[] = [];
  readonly calls: string[] = [];
  acceptWrites = true;
  sourceIsPaused = false;

  protected sendBytes(chunk: Uint8Array): boolean {
    this.sent.push(chunk);
    return this.acceptWrites;
  }
  protected sendEnd(): void {
    this.calls.push('sendEnd');
  }
  protected sendDestroy(error?: Error): void {
    this.calls.push(error ? `sendDestroy:${error.message}` : 'sendDestroy');
  }
  protected pauseSource(): void {
    this.sourceIsPaused = true;
    this.calls.push('pauseSource');
  }
  protected resumeSource(): void {
    this.sourceIsPaused = false;
    this.calls.push('resumeSource');
  }

  // The test drives the inbound side through these.
  data(text: string): void {
    this.pushData(new TextEncoder().encode(text));
  }
  drained(): void {
    this.pushDrain();
  }
  ended(): void {
    this.pushEnd();
  }
  closed(error?: Error): void {
    this.pushClose(error);
  }
  get held(): number {
    return this.bufferedInboundBytes;
  }
}

/** Records events as short strings: `data:abc`, `drain`, `end`, `close`, `close:message`. */
function recorder(): ConnectionHandler & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    data: (chunk) => log.push(`data:${new TextDecoder().decode(chunk)}`),
    drain: () => log.push('drain'),
    end: () => log.push('end'),
    close: (error) => log.push(error ? `close:${error.message}` : 'close'),
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('AbstractConnection', () => {
  it('buffers events that arrive before setHandler and delivers them in order afterwards', async () => {
    const connection = new FakeConnection();
    connection.data('a');
    connection.data('b');
    connection.ended();
    connection.closed();
    expect(connection.sourceIsPaused).toBe(true); // held data pauses the source
    const handler = recorder();
    connection.setHandler(handler);
    expect(handler.log).toEqual([]); // delivered on a microtask, not inside setHandler
    await tick();
    expect(handler.log).toEqual(['data:a', 'data:b', 'end', 'close']);
  });

  it('resumes the source once buffered data is delivered', async () => {
    const connection = new FakeConnection();
    connection.data('early');
    expect(connection.calls).toEqual(['pauseSource']);
    const handler = recorder();
    connection.setHandler(handler);
    await tick();
    expect(handler.log).toEqual(['data:early']);
    expect(connection.calls).toEqual(['pauseSource', 'resumeSource']);
    expect(connection.held).toBe(0);
  });

  it('delivers data synchronously once a handler is set and nothing is held', async () => {
    const connection = new FakeConnection();
    const handler = recorder();
    connection.setHandler(handler);
    connection.data('now');
    expect(handler.log).toEqual(['data:now']);
  });

  it('holds data while paused, even data pushed after pauseSource, and delivers it on resume', async () => {
    const connection = new FakeConnection();
    const handler = recorder();
    connection.setHandler(handler);
    connection.pause();
    expect(connection.sourceIsPaused).toBe(true);
    connection.data('in flight'); // a transport may still push a chunk it had read
    connection.ended();
    await tick();
    expect(handler.log).toEqual([]);
    expect(connection.held).toBe(9);
    connection.resume();
    await tick();
    expect(handler.log).toEqual(['data:in flight', 'end']);
  });

  it('stops delivering held data when the handler pauses in the middle', async () => {
    const connection = new FakeConnection();
    connection.data('1');
    connection.data('2');
    connection.data('3');
    const log: string[] = [];
    connection.setHandler({
      ...recorder(),
      data: (chunk) => {
        log.push(new TextDecoder().decode(chunk));
        if (log.length === 1) connection.pause();
      },
    });
    await tick();
    expect(log).toEqual(['1']);
    connection.resume();
    await tick();
    expect(log).toEqual(['1', '2', '3']);
  });

  it('delivers close exactly once, whatever closes it and how often', async () => {
    const connection = new FakeConnection();
    const handler = recorder();
    connection.setHandler(handler);
    connection.closed();
    connection.closed(new Error('late failure'));
    connection.destroy();
    connection.ended();
    connection.data('after close');
    await tick();
    expect(handler.log).toEqual(['close']);
    expect(connection.calls).not.toContain('sendDestroy');
  });

  it('reports a local destroy as close(error) on a microtask, once, and calls sendDestroy once', async () => {
    const connection = new FakeConnection();
    const handler = recorder();
    connection.setHandler(handler);
    connection.destroy(new Error('bye'));
    expect(handler.log).toEqual([]);
    connection.destroy();
    connection.closed();
    await tick();
    expect(handler.log).toEqual(['close:bye']);
    expect(connection.calls).toEqual(['sendDestroy:bye']);
  });

  it('drops undelivered data on a failure, but keeps it ahead of a clean close', async () => {
    const failing = new FakeConnection();
    failing.data('lost');
    failing.closed(new Error('reset'));
    const failLog = recorder();
    failing.setHandler(failLog);
    await tick();
    expect(failLog.log).toEqual(['close:reset']);

    const clean = new FakeConnection();
    const cleanLog = recorder();
    clean.setHandler(cleanLog);
    clean.pause();
    clean.data('kept');
    clean.closed();
    await tick();
    expect(cleanLog.log).toEqual([]);
    clean.resume();
    await tick();
    expect(cleanLog.log).toEqual(['data:kept', 'close']);
  });

  it('ignores writes after end and after close', async () => {
    const connection = new FakeConnection();
    connection.setHandler(recorder());
    expect(connection.write(new Uint8Array([1]))).toBe(true);
    connection.end();
    connection.end();
    expect(connection.calls).toEqual(['sendEnd']);
    expect(connection.write(new Uint8Array([2]))).toBe(false);
    expect(connection.writev([new Uint8Array([3])])).toBe(false);
    expect(connection.sent).toHaveLength(1);

    const other = new FakeConnection();
    other.setHandler(recorder());
    other.destroy();
    expect(other.write(new Uint8Array([1]))).toBe(false);
    other.end();
    expect(other.sent).toHaveLength(0);
    expect(other.calls).toEqual(['sendDestroy']);
  });

  it('forwards drain only after a write returned false', async () => {
    const connection = new FakeConnection();
    const handler = recorder();
    connection.setHandler(handler);
    connection.drained();
    expect(handler.log).toEqual([]);
    connection.acceptWrites = false;
    expect(connection.write(new Uint8Array([1]))).toBe(false);
    connection.drained();
    connection.drained();
    expect(handler.log).toEqual(['drain']);
  });

  it('writev sends every chunk through sendBytes by default and reports backpressure', () => {
    const connection = new FakeConnection();
    const handler = recorder();
    connection.setHandler(handler);
    connection.acceptWrites = false;
    expect(connection.writev([new Uint8Array([1]), new Uint8Array([2])])).toBe(false);
    expect(connection.sent.map((chunk) => chunk[0])).toEqual([1, 2]);
    connection.drained();
    expect(handler.log).toEqual(['drain']);
  });

  it('keeps a drain that comes before the handler for when the handler is set', async () => {
    const connection = new FakeConnection();
    connection.acceptWrites = false;
    connection.write(new Uint8Array([1]));
    connection.drained();
    const handler = recorder();
    connection.setHandler(handler);
    await tick();
    expect(handler.log).toEqual(['drain']);
  });

  it('hands chunks over without copying', () => {
    const connection = new FakeConnection();
    const seen: Uint8Array[] = [];
    connection.setHandler({ ...recorder(), data: (chunk) => seen.push(chunk) });
    const chunk = new Uint8Array([1, 2, 3]);
    (connection as unknown as { pushData(chunk: Uint8Array): void }).pushData(chunk);
    expect(seen[0]).toBe(chunk);
  });

  it('lets a handler destroy the connection from inside data without further data', async () => {
    const connection = new FakeConnection();
    connection.data('1');
    connection.data('2');
    const handler = recorder();
    connection.setHandler({
      ...handler,
      data: (chunk) => {
        handler.data(chunk);
        connection.destroy();
      },
    });
    await tick();
    expect(handler.log).toEqual(['data:1', 'close']);
  });

  it('releases the handler after close and never calls it again', async () => {
    const connection = new FakeConnection();
    const handler = recorder();
    connection.setHandler(handler);
    connection.closed();
    const late = recorder();
    connection.setHandler(late);
    await tick();
    expect(handler.log).toEqual(['close']);
    expect(late.log).toEqual([]);
  });
});
