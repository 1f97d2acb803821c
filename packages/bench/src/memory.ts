/** Resident-memory readings of the current process. */

/** Peak resident set size of this process so far, in KiB (getrusage's ru_maxrss). */
export function peakRssKiB(): number {
  return process.resourceUsage().maxRSS;
}

export function rssKiB(): number {
  return Math.round(process.memoryUsage.rss() / 1024);
}

/** Samples RSS on a timer until stopped; the timer does not keep the process alive. */
export function sampleRss(intervalMs: number): { stop(): number[] } {
  const samples = [rssKiB()];
  const timer = setInterval(() => samples.push(rssKiB()), intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      samples.push(rssKiB());
      return samples;
    },
  };
}
