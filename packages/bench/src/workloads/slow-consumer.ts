/**
 * A slow consumer: the puller takes one message per millisecond while the pusher sends
 * freshly allocated messages as fast as it may. With high-water marks the pusher blocks
 * once both pipes are full, so each side's memory levels off near HWM × size; without
 * them it would grow for as long as the run lasts. Both sides sample their RSS.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { rssKiB, sampleRss } from '../memory.js';
import { openSocket, sendUntilStopped, stopOnSignal, type Workload } from './side.js';
import { ThroughputWindow } from './window.js';

const sampleEveryMs = 50;
/** The producer stops sending above this RSS, so a run without a high-water mark cannot take the machine. */
const producerCapBytes = 1.5 * 1024 ** 3;

export const slowConsumer: Workload = {
  binder: 'measure',

  async measure(ctx) {
    const pull = await openSocket(ctx, 'pull', true);
    const idleRssKiB = rssKiB();
    const sampler = sampleRss(sampleEveryMs);
    const window = new ThroughputWindow(ctx.warmupMs, ctx.durationMs);
    let count = 0;
    let bytes = 0;
    for await (const [message] of pull) {
      count++;
      bytes += message.length;
      if (window.tick(performance.now(), count, bytes)) break;
      await sleep(1);
    }
    return { figures: { ...window.figures(), memory: { idleRssKiB, rssSamplesKiB: sampler.stop() } }, sockets: [pull] };
  },

  async other(ctx) {
    const push = await openSocket(ctx, 'push', false);
    const idleRssKiB = rssKiB();
    const sampler = sampleRss(sampleEveryMs);
    const state = stopOnSignal(ctx, push);
    const size = ctx.spec.size;
    let sent = 0;
    let capped = false;
    // A new buffer per message, as an application producing data makes: queued messages
    // then cost memory, which is what the high-water mark has to bound.
    const send = () => {
      if (capped || ((++sent & 63) === 0 && (capped = process.memoryUsage.rss() > producerCapBytes))) return sleep(10);
      return push.send(Buffer.alloc(size, 0x5a));
    };
    await sendUntilStopped(send, state, ctx);
    push.close();
    return { idleRssKiB, rssSamplesKiB: sampler.stop(), capped };
  },
};
