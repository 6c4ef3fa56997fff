#!/usr/bin/env python3
"""Writes same-sized model files of three formats for bench/formats.sh (standard library only).

usage: gen_formats.py DIR SIZE_BYTES [VOCAB]
  DIR/safetensors/model.safetensors  one U8 tensor
  DIR/gguf/model.gguf                GGUF v3, one F32 tensor, general.architecture and general.alignment
  DIR/ckpt/model.ckpt                torch.save's zip layout: archive/data.pkl, archive/data/0, archive/version
  DIR/vocab/vocab.gguf               (when VOCAB is given) a small GGUF whose tokenizer.ggml.tokens holds VOCAB strings
Each big file is SIZE_BYTES give or take its header. The tensor bytes are a repeated random block:
hashing cost does not depend on the values.
"""
import json
import os
import struct
import sys
import zipfile

BLOCK = os.urandom(1 << 20)


def fill(out, n):
    while n > 0:
        k = min(n, len(BLOCK))
        out.write(BLOCK[:k])
        n -= k


def safetensors(path, size):
    data = size - 4096
    header = json.dumps({"t": {"dtype": "U8", "shape": [data], "data_offsets": [0, data]}}).encode()
    header += b" " * (-len(header) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(header)))
        out.write(header)
        fill(out, data)


def gguf_string(s):
    b = s.encode()
    return struct.pack("<Q", len(b)) + b


def gguf(path, size, vocab=0):
    kvs = [gguf_string("general.architecture") + struct.pack("<I", 8) + gguf_string("llama"),
           gguf_string("general.alignment") + struct.pack("<I", 4) + struct.pack("<I", 32)]
    if vocab:
        tokens = b"".join(gguf_string("tok%d" % i) for i in range(vocab))
        kvs.append(gguf_string("tokenizer.ggml.tokens") + struct.pack("<I", 9) + struct.pack("<IQ", 8, vocab) + tokens)
    elements = max(1, (size - 4096) // 4)
    tensor = gguf_string("t") + struct.pack("<I", 1) + struct.pack("<Q", elements) + struct.pack("<I", 0) + struct.pack("<Q", 0)
    head = b"GGUF" + struct.pack("<IQQ", 3, 1, len(kvs)) + b"".join(kvs) + tensor
    head += b"\0" * (-len(head) % 32)
    with open(path, "wb") as out:
        out.write(head)
        fill(out, elements * 4)


def binunicode(s):
    b = s.encode()
    return b"X" + struct.pack("<I", len(b)) + b


def data_pkl(elements):
    """A state dict {'t': FloatStorage tensor of `elements`} as torch.save pickles it (protocol 2)."""
    p = b"\x80\x02" + b"ccollections\nOrderedDict\n)R" + b"("
    p += binunicode("t") + b"ctorch._utils\n_rebuild_tensor_v2\n("
    p += b"(" + binunicode("storage") + b"ctorch\nFloatStorage\n" + binunicode("0") + binunicode("cpu")
    p += b"J" + struct.pack("<i", elements) + b"tQ"
    p += b"K\x00" + b"J" + struct.pack("<i", elements) + b"\x85" + b"K\x01\x85" + b"\x89"
    p += b"ccollections\nOrderedDict\n)R" + b"tR" + b"u."
    return p


def ckpt(path, size):
    elements = (size - 4096) // 4
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("archive/data.pkl", data_pkl(elements))
        with z.open("archive/data/0", "w", force_zip64=True) as out:
            fill(out, elements * 4)
        z.writestr("archive/version", "3\n")


def main():
    root, size = sys.argv[1], int(sys.argv[2])
    vocab = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    for sub, name, write in (("safetensors", "model.safetensors", safetensors), ("gguf", "model.gguf", gguf),
                             ("ckpt", "model.ckpt", ckpt)):
        os.makedirs(os.path.join(root, sub), exist_ok=True)
        target = os.path.join(root, sub, name)
        if not os.path.exists(target):
            write(target, size)
    if vocab:
        os.makedirs(os.path.join(root, "vocab"), exist_ok=True)
        target = os.path.join(root, "vocab", "vocab.gguf")
        if not os.path.exists(target):
            gguf(target, 1 << 20, vocab)


if __name__ == "__main__":
    main()
