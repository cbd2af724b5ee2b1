#!/usr/bin/env python3
"""The hostile client of issue 22: pipeline N GETs of one file, read nothing for a while, and report
the server's resident memory; then check another client is served, read every response and
compare each body's SHA-256 with the file's.

    isapi-bridge serve --root DIR --port 18931 --threads 1 --no-request-log &
    Benchmarks/backpressure/unread-pipeline.py 18931 $! 50 DIR/big.bin   # DIR/small.txt must exist

Arguments: port, server pid, number of requests, path of the file (served as /<its name>).
"""
import hashlib
import os
import socket
import sys
import time

port, pid, count, path = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]


def resident_mib():
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) // 1024
    return 0


idle = resident_mib()
hostile = socket.create_connection(("127.0.0.1", port))
hostile.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
hostile.sendall(("GET /" + os.path.basename(path) + " HTTP/1.1\r\nHost: x\r\n\r\n").encode() * count)
time.sleep(3)
held = resident_mib()
descriptors = len(os.listdir(f"/proc/{pid}/fd"))

other = socket.create_connection(("127.0.0.1", port))
other.settimeout(5)
other.sendall(b"GET /small.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
answer = b""
while chunk := other.recv(65536):
    answer += chunk

with open(path, "rb") as file:
    expected = hashlib.sha256(file.read()).hexdigest()
size = os.path.getsize(path)
buffer, intact = b"", 0
hostile.settimeout(30)
for _ in range(count):
    while b"\r\n\r\n" not in buffer:
        buffer += hostile.recv(1 << 20)
    _, buffer = buffer.split(b"\r\n\r\n", 1)
    while len(buffer) < size:
        buffer += hostile.recv(1 << 20)
    body, buffer = buffer[:size], buffer[size:]
    intact += hashlib.sha256(body).hexdigest() == expected

print(f"server RSS: {idle} MiB idle, {held} MiB with {count} unread responses "
      f"({descriptors} open descriptors); other client: {answer.split(b' ')[1].decode()}; "
      f"intact: {intact}/{count}")
