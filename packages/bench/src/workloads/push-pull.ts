/** PUSH/PULL throughput: one pusher sends as fast as `await send()` allows; the puller counts. */
import { clockMask, openSocket, payload, sendUntilStopped, stopOnSignal, type Workload } from './side.js';
import { ThroughputWindow } from './window.js';

export const pushPull: Workload = {
  binder: 'measure',

  async measure(ctx) {
    const pull = await openSocket(ctx, 'pull', true);
    const mask = clockMask(ctx.spec.size);
    const window = new ThroughputWindow(ctx.warmupMs, ctx.durationMs);
    let count = 0;
    let bytes = 0;
    for await (const [message] of pull) {
      count++;
      bytes += message.length;
      if ((count & mask) === 0 && window.tick(performance.now(), count, bytes)) break;
    }
    return { figures: window.figures(), sockets: [pull] };
  },

  async other(ctx) {
    const push = await openSocket(ctx, 'push', false);
    const state = stopOnSignal(ctx, push);
    const message = payload(ctx.spec.size);
    await sendUntilStopped(() => push.send(message), state, ctx);
    push.close();
    return {};
  },
};
