/**
 * The seeded UDP impairment relay of @zmtp/bench (its netem). Imported by path: the bench
 * package depends on this one for its udp:// benchmark, so a package dependency back would
 * be a cycle.
 */
export { startUdpRelay, type UdpRelay, type UdpRelayOptions } from '../../bench/src/netem/udp-relay.js';
