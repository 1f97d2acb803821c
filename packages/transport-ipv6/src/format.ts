/**
 * An address and port as libzmq prints them (`tcp_address_t::to_string`):
 * `tcp://127.0.0.1:5555`, or with brackets for IPv6, `tcp://[::1]:5555`,
 * `tcp://[::ffff:127.0.0.1]:5555`, `tcp://[fe80::1%eth0]:5555`. Node's
 * `address()` text already matches getnameinfo's (compressed, zone as a name).
 */
export function formatTcpEndpoint(address: string, port: number): string {
  return address.includes(':') ? `tcp://[${address}]:${port}` : `tcp://${address}:${port}`;
}
