"""A horizontal bar chart as PNG bytes, in pure Python (zlib and struct only).

Small on purpose: one chart type, labels drawn with a 5x7 pixel font kept in
font5x7.txt. Every bar has its count written beside it, so the chart reads
without colour; the document also gives the same figures as a table.
"""

from __future__ import annotations

import struct
import zlib
from functools import cache
from importlib import resources

SCALE = 3  # pixels per font pixel
GLYPH_W, GLYPH_H = 5 * SCALE, 7 * SCALE
ADVANCE = GLYPH_W + SCALE
WHITE = (255, 255, 255)
INK = (31, 31, 31)
RULE = (118, 118, 118)


@cache
def font() -> dict[str, list[str]]:
    text = resources.files("cpstrat.outputs").joinpath("font5x7.txt").read_text("utf-8")
    glyphs = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            char, *rows = line.split()
            glyphs[char] = rows
    return glyphs


def text_width(text: str) -> int:
    return len(text) * ADVANCE - SCALE if text else 0


def bar_chart(bars: list[tuple[str, int, tuple[int, int, int]]], bar_length: int = 520) -> bytes:
    """PNG of one horizontal bar per (label, value, rgb), the value written after each bar."""
    label_w = max((text_width(label.upper()) for label, _, _ in bars), default=0)
    top = max((v for _, v, _ in bars), default=0) or 1
    value_w = text_width(str(top))
    pad, row_h, bar_h = 12, GLYPH_H + 18, GLYPH_H + 6
    width = pad + label_w + pad + bar_length + pad + value_w + pad
    height = pad * 2 + row_h * len(bars)
    canvas = Canvas(width, height)
    x0 = pad + label_w + pad
    for i, (label, value, colour) in enumerate(bars):
        y = pad + i * row_h
        canvas.text(pad + label_w - text_width(label.upper()), y + (row_h - GLYPH_H) // 2, label.upper(), INK)
        length = round(bar_length * value / top)
        canvas.rect(x0, y + (row_h - bar_h) // 2, length, bar_h, colour)
        canvas.text(x0 + length + pad // 2, y + (row_h - GLYPH_H) // 2, str(value), INK)
    canvas.rect(x0 - 2, pad - 4, 2, height - 2 * pad + 8, RULE)  # the axis the bars start from
    return canvas.png()


class Canvas:
    def __init__(self, width: int, height: int):
        self.width, self.height = width, height
        self.rows = [bytearray(bytes(WHITE) * width) for _ in range(height)]

    def rect(self, x: int, y: int, w: int, h: int, rgb) -> None:
        if w <= 0 or h <= 0:
            return
        fill = bytes(rgb) * w
        for row in self.rows[max(y, 0): y + h]:
            row[x * 3: (x + w) * 3] = fill

    def text(self, x: int, y: int, text: str, rgb) -> None:
        glyphs = font()
        for char in text:
            rows = glyphs.get(char)
            if rows:
                for gy, bits in enumerate(rows):
                    for gx, bit in enumerate(bits):
                        if bit == "1":
                            self.rect(x + gx * SCALE, y + gy * SCALE, SCALE, SCALE, rgb)
            x += ADVANCE

    def png(self) -> bytes:
        raw = b"".join(b"\x00" + bytes(row) for row in self.rows)

        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        # pHYs at 144 dpi so Word sizes it sensibly even before the width is set
        phys = struct.pack(">IIB", 5669, 5669, 1)
        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"pHYs", phys)
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
