/** REQ/REP latency: one request in flight, timed from before send() to after receive(). */
import { Samples, quantileSorted } from '../stats.js';
import { openSocket, payload, stopOnSignal, type Figures, type Workload } from './side.js';
import { ThroughputWindow } from './window.js';

export const reqRep: Workload = {
  binder: 'other',

  async measure(ctx) {
    const req = await openSocket(ctx, 'req', false);
    const message = payload(ctx.spec.size);
    const window = new ThroughputWindow(ctx.warmupMs, ctx.durationMs);
    const samples = new Samples();
    let trips = 0;
    for (;;) {
      const start = performance.now();
      await req.send(message);
      await req.receive();
      const end = performance.now();
      trips++;
      if (window.measuring) samples.push((end - start) * 1000);
      if (window.tick(end, trips, trips * message.length * 2)) break;
    }
    const sorted = samples.sorted();
    let sum = 0;
    for (const us of sorted) sum += us;
    const figures: Figures = window.figures();
    figures.latency = {
      p50Us: quantileSorted(sorted, 0.5),
      p90Us: quantileSorted(sorted, 0.9),
      p99Us: quantileSorted(sorted, 0.99),
      meanUs: sorted.length ? sum / sorted.length : Number.NaN,
      maxUs: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
    };
    return { figures, sockets: [req] };
  },

  async other(ctx) {
    const rep = await openSocket(ctx, 'rep', true);
    const state = stopOnSignal(ctx, rep);
    try {
      for await (const [request] of rep) await rep.send(request);
    } catch (error) {
      if (!state.stopped) throw error;
    }
    rep.close();
    return {};
  },
};
