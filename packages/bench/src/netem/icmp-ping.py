#!/usr/bin/env python3
"""ICMP echo ("ping") with kernel receive timestamps, for validating the netem link.

Usage: icmp-ping.py HOST COUNT INTERVAL_S TIMEOUT_S

Prints one JSON object: {"sent": n, "received": n, "rtts": [ms, ...]}. The peer's kernel
answers, and this kernel stamps each reply on arrival (SO_TIMESTAMPNS), so neither
side's process scheduling shows in the round trips. Needs CAP_NET_RAW (root).
"""
import json
import os
import select
import socket
import struct
import sys
import time

SO_TIMESTAMPNS = getattr(socket, 'SO_TIMESTAMPNS', 35)
ECHO_REQUEST, ECHO_REPLY = 8, 0


def checksum(data):
    if len(data) % 2:
        data += b'\0'
    total = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF


def echo_request(ident, seq):
    payload = b'zmtp-netem-ping'.ljust(56, b'\0')
    header = struct.pack('!BBHHH', ECHO_REQUEST, 0, 0, ident, seq)
    return struct.pack('!BBHHH', ECHO_REQUEST, 0, checksum(header + payload), ident, seq) + payload


def main(host, count, interval, timeout):
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    ident = os.getpid() & 0xFFFF
    sent_at, rtts = {}, []
    seq, next_send, deadline = 0, time.monotonic(), None
    while deadline is None or (time.monotonic() < deadline and sent_at):
        if seq < count and time.monotonic() >= next_send:
            sent_at[seq] = time.time_ns()
            sock.sendto(echo_request(ident, seq), (host, 0))
            seq += 1
            next_send += interval
            if seq == count:
                deadline = time.monotonic() + timeout
            continue
        wake = next_send if seq < count else deadline
        ready, _, _ = select.select([sock], [], [], max(0.0, wake - time.monotonic()))
        if not ready:
            continue
        data, ancillary, _, _ = sock.recvmsg(2048, 1024)
        stamp = time.time_ns()
        for level, kind, value in ancillary:
            if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
                sec, nsec = struct.unpack('qq', value[:16])
                stamp = sec * 1000000000 + nsec
        start = (data[0] & 0x0F) * 4  # a raw IPv4 socket hands over the IP header too
        kind, _, _, rid, rseq = struct.unpack('!BBHHH', data[start:start + 8])
        if kind == ECHO_REPLY and rid == ident and rseq in sent_at:
            rtts.append((stamp - sent_at.pop(rseq)) / 1e6)
    print(json.dumps({'sent': seq, 'received': len(rtts), 'rtts': rtts}))
    return 0


if __name__ == '__main__':
    if len(sys.argv) != 5:
        sys.stderr.write(__doc__)
        sys.exit(2)
    try:
        sys.exit(main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])))
    except PermissionError as error:
        sys.stderr.write('icmp-ping: raw ICMP sockets are not permitted here: %s\n' % error)
        sys.exit(3)
