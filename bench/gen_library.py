#!/usr/bin/env python3
"""Writes a library of valid .safetensors files for benchmarks: gen_library.py DIR COUNT BYTES_EACH"""
import json, os, struct, sys

def write(path, total, seed):
    meta = {"__metadata__": {"ss_output_name": os.path.basename(path), "seed": str(seed)}}
    # one U8 tensor fills the rest; the header length depends on the tensor size, so iterate once
    data = total
    for _ in range(3):
        header = dict(meta, weight={"dtype": "U8", "shape": [data], "data_offsets": [0, data]})
        raw = json.dumps(header, separators=(",", ":")).encode()
        data = total - 8 - len(raw)
    header = dict(meta, weight={"dtype": "U8", "shape": [data], "data_offsets": [0, data]})
    raw = json.dumps(header, separators=(",", ":")).encode()
    assert 8 + len(raw) + data == total, (path, total)
    block = os.urandom(min(data, 8 << 20)) if data else b""
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        left = data
        i = 0
        while left > 0:
            n = min(left, len(block))
            # vary content per block and file so no two files share bytes
            f.write(struct.pack("<QQ", seed, i) + block[16:n] if n >= 16 else block[:n])
            left -= n
            i += 1

def main():
    out, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.makedirs(out, exist_ok=True)
    for i in range(count):
        sub = os.path.join(out, "d%03d" % (i // 1000))
        os.makedirs(sub, exist_ok=True)
        write(os.path.join(sub, "model_%05d.safetensors" % i), size, i)

if __name__ == "__main__":
    main()
