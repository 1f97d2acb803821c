/**
 * Network emulation for tests and benchmarks (this kernel has no netem):
 * - startUdpRelay: a UDP relay with delay, jitter, loss, duplication, reordering and a
 *   rate-limited bounded queue, seeded, per direction; for datagram transports' tests.
 * - linkUp / linkDown: two network namespaces joined by TUN devices through a user-space
 *   ferry with the same impairments, for kernel TCP baselines; validateLink checks it.
 * - runLinkBench: transports through the link, goodput side by side (`bench link`).
 * - ImpairedPath + ManualClock: the impairment engine on virtual time, for unit tests.
 */
export { startUdpRelay, type UdpRelay, type UdpRelayOptions, type UdpRelayStats } from './udp-relay.js';
export type { UdpAddress, UdpAddressLike } from './udp-address.js';
export { ImpairedPath, type ImpairedPathOptions, type PathCounters } from './impaired-path.js';
export { DuplexPath, type DuplexCounters } from './duplex-path.js';
export {
  normaliseImpairment,
  resolveDuplex,
  describeImpairment,
  type Impairment,
  type ImpairmentOptions,
  type DuplexImpairment,
  type DuplexImpairmentOptions,
} from './impairment.js';
export { realClock, type Clock, type Timer } from './clock.js';
export { ManualClock } from './manual-clock.js';
export { createRandom, type Random } from './prng.js';
export { parseRate, parseBytes, formatRate } from './units.js';
export { mathisRate, type MathisInput } from './mathis.js';
export {
  linkUp,
  linkDown,
  findLink,
  listLinks,
  linkStats,
  linkSet,
  inNamespace,
  runInNamespace,
  setLinkCongestionControl,
  congestionControlUnavailable,
  stateDirectory,
  LINK_ADDRESSES,
  type LinkInfo,
  type LinkOptions,
} from './link.js';
export type { FerryStats } from './ferry.js';
export { linkUnsupportedReason } from './link-support.js';
export { LinkUnsupportedError, LinkCommandError } from './link-errors.js';
export { probeLink, type ProbeOptions, type ProbeResult } from './link-probe.js';
export { validateLink, formatValidation, type ValidateOptions, type ValidationReport, type ValidationCheck } from './link-validate.js';
export {
  runLinkBench,
  measureTransport,
  formatLinkBench,
  type LinkBenchOptions,
  type LinkBenchResult,
  type TransportRun,
} from './link-bench.js';
export { LINK_TRANSPORTS, pickLinkTransports } from './link-transports.js';
export {
  GoodputWindow,
  type LinkBenchTransport,
  type LinkTransportPeer,
  type PeerReceiveOptions,
  type PeerSendOptions,
  type ReceiveResult,
} from './link-transport.js';
export { linkBenchMain, benchLinkCommand } from './link-bench-cli.js';
