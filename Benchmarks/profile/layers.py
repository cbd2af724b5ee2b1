#!/usr/bin/env python3
"""Splits `perf script` samples (cpu-clock, with call chains) of one server process into the
layer that spent the time: each sample goes to the first frame, leaf upwards, that is code of a
layer (a Swift module of the server or of SwiftNIO, or a native filter/module library); time in
the Swift runtime, libc or the kernel is charged to the layer that called it, in a column of its
own. Usage: perf script -F ip,sym,dso | layers.py US_PER_REQUEST
"""
import re
import sys
from collections import Counter

RUNTIME_DSOS = ("libswiftCore", "libswift_Concurrency", "libswiftDispatch", "libdispatch", "libc.so",
                "libc-", "ld-linux", "libstdc++", "libm.so", "libgcc", "libFoundation", "libswiftSynchronization",
                "libBlocksRuntime", "[vdso]", "libpthread")
NIO_MODULES = ("NIOCore", "NIOPosix", "NIOHTTP1", "NIOHTTP2", "NIOHPACK", "NIOSSL", "NIOConcurrencyHelpers",
               "NIOExtras", "NIOEmbedded", "_NIO", "NIOTLS")

def swift_module(symbol):
    m = re.match(r"\$s(\d+)([A-Za-z_][A-Za-z0-9_]*)", symbol)
    if not m:
        return None
    length = int(m.group(1))
    return m.group(2)[:length]

def layer_of(symbol, dso):
    """The layer a user-space frame belongs to, or None for runtime/libc frames."""
    if dso.startswith("[kernel") or dso == "[unknown]":
        return None
    base = dso.rsplit("/", 1)[-1]
    if base.startswith(RUNTIME_DSOS):
        return None
    if base.endswith(".so") and base.startswith("lib"):
        return "native code (C/C++ .so)"
    module = swift_module(symbol)
    if module:
        if module.startswith(NIO_MODULES) or module.startswith("NIO"):
            return "SwiftNIO"
        if module in ("s",) or module.startswith("Swift") or module == "Synchronization":
            return None
        return module
    if symbol.startswith(("c_nio", "CNIO")):
        return "SwiftNIO"
    if symbol.startswith(("swift_", "$ss", "$sS")):
        return None
    if base in ("isapi-bridge", "BareNIOServer"):
        return "other (C and C++ in the binary)"
    return base   # another server's own code (nginx)

def kernel_kind(frames):
    names = [s for s, d in frames if d.startswith("[kernel")]
    joined = " ".join(names)
    if "ksys_write" in joined or "sock_write_iter" in joined or "writev" in joined or "sendfile" in joined:
        # On loopback the sender's write also runs the receiver's TCP input and wakes the
        # client's thread if it sleeps (an inter-processor interrupt in a VM).
        if "sock_def_readable" in joined or "try_to_wake_up" in joined or "ep_poll_callback" in joined:
            return "kernel: write, waking the client"
        return "kernel: write"
    if "ksys_read" in joined or "sock_read_iter" in joined:
        return "kernel: read"
    if "epoll" in joined:
        return "kernel: epoll"
    return "kernel: other"

def main():
    us_per_request = float(sys.argv[1]) if len(sys.argv) > 1 else 0.0
    table = Counter()
    total = 0
    frames = []

    def flush():
        nonlocal total
        if not frames:
            return
        total += 1
        leaf_symbol, leaf_dso = frames[0]
        owner = next((l for l in (layer_of(s, d) for s, d in frames) if l), "unattributed")
        if leaf_dso.startswith("[kernel"):
            column = kernel_kind(frames)
        elif layer_of(leaf_symbol, leaf_dso) is None:
            column = "runtime+libc"
        else:
            column = "own code"
        table[(owner, column)] += 1

    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line.strip():
            flush(); frames = []
            continue
        m = re.match(r"\s*[0-9a-f]+\s+(.*?)\s+\(([^)]*)\)\s*$", line)
        if m:
            symbol = re.sub(r"\+0x[0-9a-f]+$", "", m.group(1))
            frames.append((symbol, m.group(2)))
        elif frames:
            flush(); frames = []
    flush()
    if total == 0:
        sys.exit("no samples")
    columns = ["own code", "runtime+libc", "kernel: read", "kernel: write", "kernel: write, waking the client",
               "kernel: epoll", "kernel: other"]
    owners = sorted({o for o, _ in table}, key=lambda o: -sum(table[(o, c)] for c in columns))
    unit = "µs/req" if us_per_request else "%"
    scale = (lambda n: n / total * us_per_request) if us_per_request else (lambda n: n / total * 100)
    print(f"| layer ({unit}) | " + " | ".join(columns) + " | total |")
    print("|---|" + "---:|" * (len(columns) + 1))
    sums = Counter()
    for owner in owners:
        row = [table[(owner, c)] for c in columns]
        for c, n in zip(columns, row): sums[c] += n
        print(f"| {owner} | " + " | ".join(f"{scale(n):.2f}" for n in row) + f" | {scale(sum(row)):.2f} |")
    print("| **all** | " + " | ".join(f"{scale(sums[c]):.2f}" for c in columns) + f" | {scale(total):.2f} |")
    print(f"\n{total} samples")

main()
