#!/usr/bin/env python3
"""Sends exactly N keep-alive GET requests over C connections (one in flight per connection) and checks every answer: status 200 and a complete Content-Length body.

A fixed request count (not a fixed duration) is what lets a profiler's total be divided into a
per-request figure. Usage: client.py HOST PORT PATH N [CONNECTIONS] [HOST_HEADER]
"""
import socket
import sys


def read_response(sock, pending):
    data = pending
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise SystemExit("connection closed before a response head")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ")[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise SystemExit("connection closed inside a body")
        rest += chunk
    return status, head, rest[:length], rest[length:]


def main():
    host, port, path, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    connections = int(sys.argv[5]) if len(sys.argv) > 5 else 16
    host_header = sys.argv[6] if len(sys.argv) > 6 else host
    request = f"GET {path} HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: chain-bench\r\n\r\n".encode()
    socks = [socket.create_connection((host, port)) for _ in range(connections)]
    for sock in socks:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    pending = [b""] * connections
    index = 0
    while index < count:
        # One request on each connection, then every answer: the server sees several requests per
        # wake-up, as under a load generator with many connections.
        batch = range(min(connections, count - index))
        for which in batch:
            socks[which].sendall(request)
        for which in batch:
            status, head, body, pending[which] = read_response(socks[which], pending[which])
            if status != 200:
                raise SystemExit(f"request {index}: status {status}\n{head.decode(errors='replace')}")
            index += 1
    for sock in socks:
        sock.close()
    print(f"{count} requests, last head:\n{head.decode(errors='replace')}\n\n{len(body)} body bytes")


if __name__ == "__main__":
    main()
