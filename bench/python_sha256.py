#!/usr/bin/env python3
"""The original tool's hashing loop: hashlib.sha256 over 8 MiB reads, one file after another.
Prints total bytes and seconds."""
import hashlib, os, sys, time

files = []
for root, _, names in os.walk(sys.argv[1]):
    files += [os.path.join(root, n) for n in names if n.endswith(".safetensors")]
start = time.perf_counter()
total = 0
for path in sorted(files):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(8 << 20):
            h.update(chunk)
            total += len(chunk)
    h.hexdigest()
print(total, time.perf_counter() - start)
