import type { Socket as NetSocket } from 'node:net';

/**
 * Applies the socket's keepalive options to a TCP socket, with the meaning core's tcp
 * transport gives them: `tcpKeepalive` -1 leaves the system default, 0 turns keepalive
 * off, 1 on, with `tcpKeepaliveIdle` seconds before the first probe (Node cannot set
 * the probe count or interval per socket).
 */
export function applyKeepalive(socket: NetSocket, options: Readonly<Record<string, unknown>>): void {
  const mode = options.tcpKeepalive;
  if (mode === 0 || mode === false) {
    socket.setKeepAlive(false);
  } else if (mode === 1 || mode === true) {
    const idle = options.tcpKeepaliveIdle;
    socket.setKeepAlive(true, typeof idle === 'number' && Number.isInteger(idle) && idle > 0 ? idle * 1000 : 0);
  }
}
