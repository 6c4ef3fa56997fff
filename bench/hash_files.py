#!/usr/bin/env python3
"""The reference loop: hash_files.py sha256|blake3 FILE... hashes each file with 8 MiB reads, one after
another (hashlib's, or the blake3 package's when installed). Prints total bytes and seconds."""
import hashlib, sys, time

algo, files = sys.argv[1], sys.argv[2:]
if algo == "blake3":
    import blake3
    new = blake3.blake3
else:
    new = getattr(hashlib, algo)
start = time.perf_counter()
total = 0
for path in files:
    h = new()
    with open(path, "rb") as f:
        while chunk := f.read(8 << 20):
            h.update(chunk)
            total += len(chunk)
    h.hexdigest()
print(total, time.perf_counter() - start)
