#!/usr/bin/env python3
"""Benchmarks/blocking: CLIENTS keep-alive clients request GET /hello while one client loops on
GET /sleep (a filter or module blocks 200 ms there). Prints the others' latency percentiles.

    clients.py PORT DURATION CLIENTS [SLEEPERS [RATE]]   (SLEEPERS=0: no /sleep client, a cost run)

RATE > 0 (requests per second per /hello client): each client sends on a fixed schedule and a
request's latency counts from the moment it was due, so a stalled server shows as the time the
requests waited (no coordinated omission). RATE=0: each client sends the next request as soon as
the last answer came (a closed loop: saturation, where latency is clients / throughput).
"""
import asyncio
import sys
import time

PORT, DURATION, CLIENTS = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
SLEEPERS = int(sys.argv[4]) if len(sys.argv) > 4 else 1
RATE = float(sys.argv[5]) if len(sys.argv) > 5 else 0.0


async def request(reader, writer, path):
    writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    if length:
        await reader.readexactly(length)
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(head.split(b"\r\n", 1)[0].decode())


async def client(path, deadline, latencies, rate=0.0, phase=0.0):
    reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
    due = time.monotonic() + phase
    while time.monotonic() < deadline:
        if rate > 0:
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            begin = due
            due += 1.0 / rate
        else:
            begin = time.monotonic()
        await request(reader, writer, path)
        latencies.append(time.monotonic() - begin)
    writer.close()


async def main():
    deadline = time.monotonic() + DURATION
    others, sleeper = [], []
    await asyncio.gather(*(client("/sleep", deadline, sleeper) for _ in range(SLEEPERS)),
                         *(client(f"/hello?c={index}", deadline, others, RATE, index / CLIENTS / RATE if RATE > 0 else 0.0)
                           for index in range(CLIENTS)))
    others.sort()
    def pct(p):
        return others[min(len(others) - 1, int(len(others) * p))] * 1000
    print(f"requests={len(others)} per_s={len(others) / DURATION:.0f} sleeps={len(sleeper)} p50_ms={pct(0.50):.2f} p99_ms={pct(0.99):.2f} max_ms={others[-1] * 1000:.2f}")


asyncio.run(main())
