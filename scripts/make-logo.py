"""Draws Comptoir's logo (a counter-top speech bubble) as PNG files, with no imaging library.

Run once when the logo changes: python scripts/make-logo.py
"""

import struct
import zlib
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"
BLUE, WHITE, CLEAR = (26, 115, 232, 255), (255, 255, 255, 255), (0, 0, 0, 0)


def pixel(x: float, y: float) -> tuple[int, int, int, int]:
    """The logo on a unit square: a rounded blue bubble with a tail and three white bars."""
    inside_box = 0.08 <= x <= 0.92 and 0.1 <= y <= 0.72
    corner = min(abs(x - 0.08), abs(x - 0.92)) < 0.12 and min(abs(y - 0.1), abs(y - 0.72)) < 0.12
    if corner:
        cx = 0.2 if x < 0.5 else 0.8
        cy = 0.22 if y < 0.4 else 0.6
        inside_box = (x - cx) ** 2 + (y - cy) ** 2 <= 0.12 ** 2 or (
            0.2 <= x <= 0.8 or 0.22 <= y <= 0.6)
    tail = 0.22 <= x <= 0.42 and 0.72 <= y <= 0.92 and (x - 0.22) <= (0.92 - y)
    if not (inside_box or tail):
        return CLEAR
    for top, right in ((0.26, 0.74), (0.38, 0.66), (0.50, 0.56)):
        if top <= y <= top + 0.06 and 0.24 <= x <= right:
            return WHITE
    return BLUE


def png(size: int) -> bytes:
    rows = b"".join(b"\x00" + b"".join(bytes(pixel((i + 0.5) / size, (j + 0.5) / size))
                                       for i in range(size)) for j in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(
        b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    STATIC.mkdir(parents=True, exist_ok=True)
    (STATIC / "logo.png").write_bytes(png(192))
    (STATIC / "favicon.png").write_bytes(png(32))
    print("wrote", STATIC / "logo.png", "and", STATIC / "favicon.png")
