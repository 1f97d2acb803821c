/**
 * PUB/SUB fan-out: one publisher, N subscribers of every topic. The publisher does not drop
 * (noDrop; the raw baseline waits for every socket's drain), so the figure is what all
 * subscribers received: messages per second summed over them.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { clockMask, openSocket, payload, sendUntilStopped, stopOnSignal, type Workload } from './side.js';
import { ThroughputWindow } from './window.js';

export const pubSub: Workload = {
  binder: 'other',

  async measure(ctx) {
    const { endpoint } = await ctx.link.next('endpoint');
    const settings = { hwm: ctx.spec.hwm };
    const subs = await Promise.all(
      Array.from({ length: ctx.spec.subscribers }, () => ctx.backend.connect('sub', endpoint, settings)),
    );
    const mask = clockMask(ctx.spec.size);
    const window = new ThroughputWindow(ctx.warmupMs, ctx.durationMs);
    let total = 0;
    let bytes = 0;
    let ready = 0;
    let done = false;
    const figures = await new Promise<ReturnType<ThroughputWindow['figures']>>((resolve, reject) => {
      for (const sub of subs) {
        void (async () => {
          let joined = false;
          try {
            for await (const [message] of sub) {
              if (done) return;
              // Subscribers join late (the slow-joiner problem); timing starts once all hear.
              if (!joined) {
                joined = true;
                if (++ready === subs.length) ctx.link.send({ type: 'go' });
              }
              total++;
              bytes += message.length;
              if (ready === subs.length && (total & mask) === 0 && window.tick(performance.now(), total, bytes)) {
                done = true;
                resolve(window.figures());
                return;
              }
            }
          } catch (error) {
            if (!done) reject(error);
          }
        })();
      }
    });
    return { figures, sockets: subs };
  },

  async other(ctx) {
    const pub = await openSocket(ctx, 'pub', true);
    const state = stopOnSignal(ctx, pub);
    const message = payload(ctx.spec.size);
    let go = false;
    ctx.link.next('go').then(
      () => (go = true),
      () => undefined,
    );
    // Until every subscriber has heard something, publish slowly: messages sent before a
    // subscription arrives are lost, and the window must not start before all listen.
    try {
      while (!go && !state.stopped) {
        await pub.send(message);
        await sleep(5);
      }
    } catch (error) {
      if (!state.stopped) throw error;
    }
    await sendUntilStopped(() => pub.send(message), state, ctx);
    pub.close();
    return {};
  },
};
