/**
 * @zmtp/transport-udp: `udp://` for @zmtp/core's draft Radio and Dish, with the datagram
 * layout of libzmq's UDP engine (group length byte, group, body), and between two
 * zmtp-basket peers an extension with congestion control, newest-only delivery,
 * fragmentation and per-peer statistics (PROTOCOL.md).
 */
export { udp, type UdpPlugin } from './plugin.js';
export type { UdpOptions, DeliveryMode } from './options.js';
export type { CongestionMode } from './congestion/controller.js';
export type { UdpStatistics } from './statistics.js';
export type { UdpPeerStatistics } from './peer-statistics.js';
export { MAX_DATAGRAM, MAX_MESSAGE, encodeDatagram, decodeDatagram, type DatagramFault } from './datagram.js';
