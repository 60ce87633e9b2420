#!/usr/bin/env python3
"""Joins PNG frames of equal size and format into one animated PNG (APNG, as specified by
Mozilla and adopted in the W3C PNG specification, 3rd edition). Written here because Debian's
image tools (ImageMagick without its ffmpeg delegate) cannot write APNG; the frames' own
compressed data is reused, so nothing is decoded or re-encoded.

Usage: scripts/apng.py OUT.png DELAY_MS FRAME.png [FRAME.png ...]
"""
import struct
import sys
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chunks(path):
    data = open(path, "rb").read()
    if not data.startswith(SIGNATURE):
        sys.exit(f"{path}: not a PNG file (bad signature)")
    pos = len(SIGNATURE)
    while pos < len(data):
        if pos + 12 > len(data):
            sys.exit(f"{path}: truncated chunk at byte {pos}")
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if len(body) != length or zlib.crc32(kind + body) != crc:
            sys.exit(f"{path}: damaged chunk {kind!r} at byte {pos}")
        yield kind, body
        pos += 12 + length


def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__.strip().splitlines()[-1])
    out, delay, frames = argv[1], int(argv[2]), argv[3:]
    header = None
    images = []
    for path in frames:
        parts = list(chunks(path))
        ihdr = [b for k, b in parts if k == b"IHDR"]
        if len(ihdr) != 1:
            sys.exit(f"{path}: needs exactly one IHDR chunk")
        if header is None:
            header = ihdr[0]
        elif ihdr[0] != header:
            sys.exit(f"{path}: size or pixel format differs from {frames[0]}")
        images.append(b"".join(b for k, b in parts if k == b"IDAT"))
    width, height = struct.unpack(">II", header[:8])
    body = [SIGNATURE, chunk(b"IHDR", header),
            chunk(b"acTL", struct.pack(">II", len(images), 0))]  # 0: loop forever
    seq = 0
    for i, data in enumerate(images):
        # fcTL: sequence, size, offset, delay (ms / 1000), dispose none, blend source.
        body.append(chunk(b"fcTL", struct.pack(">IIIIIHHBB", seq, width, height, 0, 0,
                                               delay, 1000, 0, 0)))
        seq += 1
        if i == 0:
            body.append(chunk(b"IDAT", data))
        else:
            body.append(chunk(b"fdAT", struct.pack(">I", seq) + data))
            seq += 1
    body.append(chunk(b"IEND", b""))
    tmp = out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(b"".join(body))
    import os
    os.replace(tmp, out)  # atomic: no half-written file under the final name
    print(f"{out}: {len(images)} frames, {width} x {height}, {delay} ms each")


if __name__ == "__main__":
    main(sys.argv)
