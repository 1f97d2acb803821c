#!/usr/bin/env python3
"""Opens TUN devices for the netem ferry, which runs in Node and so has no ioctl().

Usage: tun-open.py NAME [NAME ...] -- COMMAND [ARG ...]

Creates each TUN device (IFF_TUN | IFF_NO_PI: raw IP packets, one per read), then
replaces itself with COMMAND, which inherits the descriptors; their numbers are in the
environment variable ZMTP_TUN_FDS, comma-separated, in the order of the names. A device
lives as long as a descriptor to it is open. Exit status 3: the kernel refused.
"""
import fcntl
import os
import struct
import sys

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000


def main(argv):
    if '--' not in argv:
        sys.stderr.write(__doc__)
        return 2
    split = argv.index('--')
    names, command = argv[:split], argv[split + 1:]
    if not names or not command:
        sys.stderr.write(__doc__)
        return 2
    fds = []
    for name in names:
        raw = name.encode()
        if not 0 < len(raw) < 16:
            sys.stderr.write('tun-open: device name %r must have 1 to 15 characters\n' % name)
            return 2
        try:
            fd = os.open('/dev/net/tun', os.O_RDWR)
            fcntl.ioctl(fd, TUNSETIFF, struct.pack('16sH', raw, IFF_TUN | IFF_NO_PI))
        except OSError as error:
            sys.stderr.write('tun-open: cannot create TUN device %s: %s (needs /dev/net/tun and CAP_NET_ADMIN)\n'
                             % (name, error.strerror or error))
            return 3
        os.set_inheritable(fd, True)
        fds.append(fd)
    os.environ['ZMTP_TUN_FDS'] = ','.join(str(fd) for fd in fds)
    try:
        os.execvp(command[0], command)
    except OSError as error:
        sys.stderr.write('tun-open: cannot run %s: %s\n' % (command[0], error.strerror))
        return 127


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
