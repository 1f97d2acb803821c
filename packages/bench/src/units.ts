/** Parsing and printing of sizes, rates and durations for flags, tables and charts. */
/** 64 → "64 B", 1024 → "1 KiB", 65536 → "64 KiB", 1048576 → "1 MiB". */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 2 && bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} B`;
}

/** Three significant digits with a k/M/G suffix: 1234567 → "1.23M". */
export function formatCount(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${trim(value / 1e9)}G`;
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  if (abs >= 1e3) return `${trim(value / 1e3)}k`;
  return trim(value);
}

/** Bytes per second in decimal units, as link speeds are quoted: "812 MB/s", "2.41 GB/s". */
export function formatByteRate(bytesPerSecond: number): string {
  if (bytesPerSecond >= 1e9) return `${trim(bytesPerSecond / 1e9)} GB/s`;
  if (bytesPerSecond >= 1e6) return `${trim(bytesPerSecond / 1e6)} MB/s`;
  return `${trim(bytesPerSecond / 1e3)} kB/s`;
}

/** Microseconds: "87.3 µs", "1.21 ms". */
export function formatMicros(us: number): string {
  return us >= 1000 ? `${trim(us / 1000)} ms` : `${trim(us)} µs`;
}

/** Seconds as "45 s" or "3m05s", for progress lines. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** A ratio as "2.35x". */
export function formatRatio(ratio: number): string {
  return `${ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}x`;
}

function trim(value: number): string {
  const abs = Math.abs(value);
  return value.toFixed(abs >= 100 ? 0 : abs >= 10 ? 1 : 2);
}
