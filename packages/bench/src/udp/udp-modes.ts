/**
 * Our udp:// plugin as the benchmark builds it, and the congestion and delivery modes it
 * will be measured in through the emulated link. This is the one place that knows how
 * modes reach the plugin: `udp({ congestion, delivery })` once the congestion engines
 * land (issue 7). Until then `udp()` takes no options, and only the plugin's default runs.
 */
import type { Plugin } from '@zmtp/core';
import { udp } from '@zmtp/transport-udp';

export const CONGESTION_MODES = ['none', 'ccid2', 'tfrc'] as const;
export const DELIVERY_MODES = ['arrival', 'newest-only'] as const;
export type CongestionMode = (typeof CONGESTION_MODES)[number];
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/** How our plugin is configured for a run; `undefined` fields keep the plugin's default. */
export interface UdpMode {
  readonly congestion?: CongestionMode;
  readonly delivery?: DeliveryMode;
}

/** `udp` seen as taking the mode: true of the engines to come, harmless for today's `udp()`, which ignores arguments. */
const udpWithMode: (mode?: UdpMode) => Plugin = udp;

/**
 * Whether this build of @zmtp/transport-udp takes modes: one that does refuses an
 * unknown mode with a typed error; today's ignores it.
 */
export function modesSupported(): boolean {
  try {
    udpWithMode({ congestion: 'no-such-mode' as CongestionMode });
    return false;
  } catch {
    return true;
  }
}

/** The plugin for `mode`; a mode this build cannot take is refused rather than measured under a false label. */
export function oursUdp(mode: UdpMode = {}): Plugin {
  if ((mode.congestion !== undefined || mode.delivery !== undefined) && !modesSupported()) {
    throw new Error(
      `this @zmtp/transport-udp takes no congestion or delivery option yet (issue 7); ` +
        `run without --congestion / --delivery to measure its default`,
    );
  }
  return udpWithMode(mode);
}

/** "default", "tfrc", "tfrc / newest-only": how a mode is shown in tables. */
export function modeLabel(mode: UdpMode): string {
  const parts = [mode.congestion, mode.delivery].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(' / ') : 'default';
}
