/**
 * @zmtp/transport-udp: `udp://` for @zmtp/core's draft Radio and Dish, with the datagram
 * layout of libzmq's UDP engine (group length byte, group, body).
 */
export { udp, type UdpPlugin } from './plugin.js';
export type { UdpStatistics } from './statistics.js';
export { MAX_DATAGRAM, MAX_MESSAGE, encodeDatagram, decodeDatagram, type DatagramFault } from './datagram.js';
