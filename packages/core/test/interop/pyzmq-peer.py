"""A libzmq peer for interop tests, driven over stdin/stdout with JSON lines.

Runs on Debian's libzmq through python3-zmq (start it with /usr/bin/python3), so the
tests meet a second libzmq build besides the one inside the zeromq npm package.

Usage: pyzmq-peer.py TYPE (bind|connect) ENDPOINT [--identity HEX] [--linger MS]

Frames travel as hex strings so binary and empty frames survive JSON.
Requests (one JSON object per line on stdin), each answered by one line on stdout:
  {"op": "send", "frames": [hex, ...]}             -> {"event": "sent"}
  {"op": "recv", "timeout": ms, "meta": [name]}    -> {"event": "recv", "frames": [...], "meta": {name: str}}
                                                      or {"event": "timeout"}
  {"op": "subscribe" | "unsubscribe", "topic": hex} -> {"event": "ok"}
  {"op": "close"}                                   -> {"event": "closed"}, then exit
On start it prints {"event": "ready", "endpoint": <last endpoint>, "libzmq": <version>}.
Any failure prints {"event": "error", "message": ...}.
"""

import json
import sys

import zmq

SOCKET_TYPES = {
    name: getattr(zmq, name)
    for name in ("PAIR", "PUB", "SUB", "XPUB", "XSUB", "REQ", "REP", "DEALER", "ROUTER", "PUSH", "PULL")
}


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def parse_args(argv):
    if len(argv) < 4 or argv[1] not in SOCKET_TYPES or argv[2] not in ("bind", "connect"):
        raise SystemExit("usage: pyzmq-peer.py TYPE (bind|connect) ENDPOINT [--identity HEX] [--linger MS]")
    opts = {"type": argv[1], "mode": argv[2], "endpoint": argv[3], "identity": None, "linger": 0}
    rest = argv[4:]
    while rest:
        flag, value, rest = rest[0], rest[1], rest[2:]
        if flag == "--identity":
            opts["identity"] = bytes.fromhex(value)
        elif flag == "--linger":
            opts["linger"] = int(value)
        else:
            raise SystemExit("unknown option " + flag)
    return opts


def receive(sock, timeout_ms, meta_names):
    if not sock.poll(timeout_ms, zmq.POLLIN):
        return {"event": "timeout"}
    frames = sock.recv_multipart(copy=False)
    meta = {}
    for name in meta_names:
        # Metadata comes from the peer's READY; read it from the last (payload) frame,
        # because a ROUTER's routing-id frame is built locally.
        try:
            meta[name] = frames[-1].get(name)
        except zmq.ZMQError:
            meta[name] = None
    return {"event": "recv", "frames": [f.bytes.hex() for f in frames], "meta": meta}


def main():
    opts = parse_args(sys.argv)
    ctx = zmq.Context()
    sock = ctx.socket(SOCKET_TYPES[opts["type"]])
    sock.setsockopt(zmq.LINGER, opts["linger"])
    if opts["identity"] is not None:
        sock.setsockopt(zmq.IDENTITY, opts["identity"])
    if opts["mode"] == "bind":
        sock.bind(opts["endpoint"])
    else:
        sock.connect(opts["endpoint"])
    reply({
        "event": "ready",
        "endpoint": sock.getsockopt(zmq.LAST_ENDPOINT).decode(),
        "libzmq": zmq.zmq_version(),
    })
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            req = json.loads(line)
            op = req.get("op")
            try:
                if op == "send":
                    sock.send_multipart([bytes.fromhex(f) for f in req["frames"]])
                    reply({"event": "sent"})
                elif op == "recv":
                    reply(receive(sock, int(req.get("timeout", 5000)), req.get("meta", [])))
                elif op == "subscribe":
                    sock.setsockopt(zmq.SUBSCRIBE, bytes.fromhex(req["topic"]))
                    reply({"event": "ok"})
                elif op == "unsubscribe":
                    sock.setsockopt(zmq.UNSUBSCRIBE, bytes.fromhex(req["topic"]))
                    reply({"event": "ok"})
                elif op == "close":
                    break
                else:
                    reply({"event": "error", "message": "unknown op " + repr(op)})
            except zmq.ZMQError as err:
                reply({"event": "error", "message": str(err)})
    finally:
        sock.close(0)
        ctx.term()
        reply({"event": "closed"})


if __name__ == "__main__":
    main()
