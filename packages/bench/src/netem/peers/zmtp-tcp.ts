import { Pull, Push } from '@zmtp/core';
import { GoodputWindow, type PeerReceiveOptions, type PeerSendOptions, type ReceiveResult } from '../link-transport.js';

/** @zmtp/core over tcp://: PUSH sends `size`-byte messages (default 64 KiB) to a PULL. */
export async function receive({ host, port, durationMs, warmupMs, onReady }: PeerReceiveOptions): Promise<ReceiveResult> {
  const window = new GoodputWindow(durationMs, warmupMs);
  const pull = new Pull({ linger: 0 });
  await pull.bind(`tcp://${host}:${port}`);
  onReady();
  void (async () => {
    try {
      for await (const parts of pull) {
        let bytes = 0;
        for (const part of parts) bytes += part.byteLength;
        window.add(bytes);
      }
    } catch {
      // closed at the end of the window
    }
  })();
  const result = await window.done;
  pull.close();
  return result;
}

export async function send({ host, port, options, signal }: PeerSendOptions): Promise<void> {
  const message = Buffer.alloc(Number(options.size ?? 65_536), 0x5a);
  const push = new Push({ linger: 0 });
  push.connect(`tcp://${host}:${port}`);
  signal.addEventListener('abort', () => push.close(), { once: true });
  try {
    while (!signal.aborted) await push.send(message);
  } catch {
    // closed on abort
  }
}
