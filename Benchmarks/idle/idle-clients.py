#!/usr/bin/env python3
"""Opens N keep-alive connections to a server, sends one request on each and reads its response,
then holds them all idle and reports the server's resident memory (VmRSS of PID) at each step:

    idle-clients.py PORT PID N [PATH] [HOST]

Prints one "name value" line per figure; run.sh turns them into the table. The server's RSS is read
from /proc, so the server must run on this machine. Memory glibc keeps in its free lists after close
still counts as resident; the figure after close is what a user would see in `ps`."""
import os, resource, socket, sys, time

port, pid, n = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
path = sys.argv[4] if len(sys.argv) > 4 else "/"
host = sys.argv[5] if len(sys.argv) > 5 else "127.0.0.1"
request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if hard != resource.RLIM_INFINITY and hard < n + 100:
    sys.exit(f"the open-file limit ({hard}) is below {n + 100}: raise it (ulimit -n) or lower N")
resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, n + 100), hard))


def rss_kib():
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise SystemExit(f"no VmRSS for pid {pid}")


def exchange(sock):
    """Sends the request and reads one whole response (Content-Length framed)."""
    sock.sendall(request)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise SystemExit("the server closed a connection before answering")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise SystemExit("the server closed a connection mid-body")
        body += chunk
    if not head.startswith(b"HTTP/1.1 200"):
        raise SystemExit(f"unexpected answer: {head[:80]!r}")


def settle():
    """Lets the server finish what the last step started (timers, closes) before RSS is read."""
    time.sleep(2)


# Warm up: the same request on a few connections, so code pages, pools and caches are resident
# before the baseline is read.
for _ in range(3):
    warm = [socket.create_connection(("127.0.0.1", port)) for _ in range(50)]
    for sock in warm:
        exchange(sock)
    for sock in warm:
        sock.close()
settle()
before = rss_kib()

sockets = []
for _ in range(n):
    sock = socket.create_connection(("127.0.0.1", port))
    exchange(sock)
    sockets.append(sock)
settle()
idle = rss_kib()

# Still served: one more request on the first and last connections.
exchange(sockets[0])
exchange(sockets[-1])

for sock in sockets:
    sock.close()
sockets.clear()
settle()
after = rss_kib()

print(f"connections {n}")
print(f"rss_before_kib {before}")
print(f"rss_idle_kib {idle}")
print(f"rss_after_close_kib {after}")
print(f"kib_per_connection {(idle - before) / n:.2f}")
print(f"kib_kept_after_close {after - before}")
