"""The machine-readable PSID on a challan: a QR code and a Code128 barcode.

Both are computed once per voucher and drawn as a single filled path, because the
reportlab widgets draw one rectangle at a time (with a full graphics state each) and
pick the QR mask by rebuilding the whole symbol eight times (~2.4 ms a voucher,
most of the challan budget). Here reportlab's encoder still does the data coding and
Reed-Solomon; the eight mask candidates are scored on rows held as integers, which
takes a fraction of that.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qrencoder import (
    QR8bitByte,
    QRCode,
    QRErrorCorrectLevel,
    QRNumber,
    QRUtil,
)
from reportlab.pdfgen.canvas import Canvas

_RUN_OF_FIVE = re.compile(r"0{5,}|1{5,}")
_FINDER_LIKE = re.compile(r"(?=10111010000|00001011101)")


@dataclass(frozen=True)
class QrMatrix:
    """A QR symbol: ``rows[r]`` has bit ``size - 1 - c`` set when module (r, c) is dark."""

    size: int
    rows: tuple[int, ...]
    mask: int

    def is_dark(self, row: int, col: int) -> bool:
        return bool(self.rows[row] >> (self.size - 1 - col) & 1)


@lru_cache(maxsize=8)
def _mask_rows(size: int, mask: int) -> tuple[int, ...]:
    """Bit rows of where QR mask pattern ``mask`` flips a module."""
    flips = QRUtil.getMask(mask)
    return tuple(sum(1 << (size - 1 - c) for c in range(size) if flips(r, c)) for r in range(size))


def _row_ints(modules: list[list[bool]]) -> list[int]:
    return [int("".join(["1" if m else "0" for m in row]), 2) for row in modules]


@lru_cache(maxsize=8)
def _format_positions(size: int) -> tuple[tuple[int, int], ...]:
    """(row, col) of the 31 modules that carry format information (level and mask)."""
    near = [(r, 8) for r in range(9)] + [(8, c) for c in range(9)]
    far = [(r, 8) for r in range(size - 8, size)] + [(8, c) for c in range(size - 8, size)]
    return tuple(dict.fromkeys(near + far))


def penalty(rows: list[int] | tuple[int, ...], size: int) -> int:
    """ISO/IEC 18004 mask penalty (rules N1-N4) of a finished symbol; lower is better.

    Rule 3 treats the area around the symbol as light, as the quiet zone is.
    """
    lines = [format(r, f"0{size}b") for r in rows]
    lines += ["".join(column) for column in zip(*lines)]
    # One regex pass over all rows and columns; "2" keeps patterns from crossing lines.
    runs = _RUN_OF_FIVE.findall("2".join(lines))
    score = sum(map(len, runs)) - 2 * len(runs)  # 3 for five in a row, 1 more for each extra
    score += 40 * len(_FINDER_LIKE.findall("0000" + "000020000".join(lines) + "0000"))
    inner = (1 << (size - 1)) - 1
    for upper, lower in itertools.pairwise(rows):
        same_vertically = ~(upper ^ lower)
        same_across = ~(upper ^ (upper >> 1))
        score += 3 * (same_vertically & (same_vertically >> 1) & same_across & inner).bit_count()
    dark = sum(r.bit_count() for r in rows)
    total = size * size
    score += 10 * (abs(dark * 20 - total * 10) // total)
    return score


def qr_matrix(text: str, level: int = QRErrorCorrectLevel.M) -> QrMatrix:
    """The QR symbol for ``text`` (numeric mode for digits), with the best-scoring mask."""
    code = QRCode(None, level)
    code.addData(QRNumber(text) if text.isdigit() else QR8bitByte(text))
    code.version = code.calculate_version()
    code.makeImpl(False, 0)
    size = code.getModuleCount()
    data_rows = [0] * size
    for col, row in code.dataPosIterator():
        data_rows[row] |= 1 << (size - 1 - col)
    format_positions = _format_positions(size)
    format_rows = [0] * size
    for row, col in format_positions:
        format_rows[row] |= 1 << (size - 1 - col)
    base = [r & ~f for r, f in zip(_row_ints(code.modules), format_rows)]
    mask0 = _mask_rows(size, 0)
    modules = code.modules
    best: QrMatrix | None = None
    best_score = 0
    for mask in range(8):
        code.setupTypeInfo(False, mask)  # rewrites only the format-information modules
        rows = base[:]
        for row, col in format_positions:
            if modules[row][col]:
                rows[row] |= 1 << (size - 1 - col)
        flips = _mask_rows(size, mask)
        masked = tuple(r ^ ((m0 ^ mk) & d) for r, m0, mk, d in zip(rows, mask0, flips, data_rows))
        score = penalty(masked, size)
        if best is None or score < best_score:
            best, best_score = QrMatrix(size, masked, mask), score
    assert best is not None
    return best


def draw_qr(canvas: Canvas, matrix: QrMatrix, x: float, y: float, module: float) -> None:
    """Fill the dark modules of ``matrix`` with ``(x, y)`` its lower-left corner, as one path.

    Horizontal runs of dark modules become one rectangle each. No quiet zone is drawn:
    leave four modules of white around it.
    """
    size = matrix.size
    path = canvas.beginPath()
    for r, bits in enumerate(matrix.rows):
        top = y + (size - 1 - r) * module
        line = format(bits, f"0{size}b")
        for run in re.finditer("1+", line):
            path.rect(x + run.start() * module, top, (run.end() - run.start()) * module, module)
    canvas.drawPath(path, stroke=0, fill=1)


@dataclass(frozen=True)
class Bars:
    """A Code128 symbol as (offset, width) of each bar, in modules, and its total width."""

    bars: tuple[tuple[int, int], ...]
    modules: int


def code128_bars(text: str) -> Bars:
    """Code128 bars for ``text``; reportlab picks code set C for runs of digits."""
    symbol = Code128(text, humanReadable=0, quiet=0)
    symbol.validate()
    symbol.encode()
    symbol.decompose()
    bars: list[tuple[int, int]] = []
    at = 0
    for ch in symbol.decomposed:
        if "A" <= ch <= "Z":
            width = ord(ch) - ord("A") + 1
            bars.append((at, width))
        else:
            width = ord(ch) - ord("a") + 1
        at += width
    return Bars(tuple(bars), at)


def draw_code128(
    canvas: Canvas, bars: Bars, x: float, y: float, module: float, height: float
) -> None:
    """Fill the bars with ``(x, y)`` the lower-left of the first bar, as one path.

    Leave a quiet zone of at least ten modules on each side.
    """
    path = canvas.beginPath()
    for offset, width in bars.bars:
        path.rect(x + offset * module, y, width * module, height)
    canvas.drawPath(path, stroke=0, fill=1)
