"""Urdu text in reportlab PDFs: font registration and correctly shaped drawing.

Why this module exists: reportlab joins Arabic-script letters only when a
``Paragraph`` whose style has ``shaping=1`` is drawn with ``uharfbuzz`` installed.
``canvas.drawString`` leaves the letters unjoined and reversed, with or without its
``shaping=True`` flag (checked with reportlab 5.1: it shapes the whole line as one
left-to-right run). Even the Paragraph shapes one *word* at a time and lays the words
out left to right unless reportlab's optional ``rlbidi`` package is present, which we
do not ship. So :func:`visual_order` puts the words in right-to-left visual order
first, keeping runs of digits and Latin words in their own reading order, and
harfbuzz shapes each word (an Urdu word comes back in visual order, joined).

Shaping a line costs about 0.4 ms, which matters for a challan batch (DESIGN.md
budgets: > 300 challans/s). :class:`UrduPen` therefore shapes each distinct string
once per PDF, keeps it as a form XObject and reuses it wherever the string appears.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache

from reportlab.lib.colors import Color, black
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from domain.resources import font_path

URDU = "NotoNastaliqUrdu"
URDU_BOLD = "NotoNastaliqUrdu-Bold"

_lock = threading.Lock()
_draw_lock = threading.Lock()
_registered = False

# A strong right-to-left character: Arabic, Arabic Supplement, Arabic presentation forms.
_RTL = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


class UrduShapingUnavailable(RuntimeError):
    """uharfbuzz is missing, so Urdu would print as unjoined, reversed letters."""


def register_fonts() -> None:
    """Register Noto Nastaliq Urdu (regular and bold) with reportlab, once per process.

    Raises :class:`UrduShapingUnavailable` rather than printing broken Urdu when
    reportlab cannot shape (no ``uharfbuzz``).
    """
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in (
            (URDU, "NotoNastaliqUrdu-Regular.ttf"),
            (URDU_BOLD, "NotoNastaliqUrdu-Bold.ttf"),
        ):
            font = TTFont(name, str(font_path(filename)))
            if not font.shapable:
                raise UrduShapingUnavailable(
                    "Urdu cannot be printed: the uharfbuzz package is not installed"
                )
            pdfmetrics.registerFont(font)
        _registered = True


def is_rtl_word(word: str) -> bool:
    return _RTL.search(word) is not None


def visual_order(text: str) -> str:
    """Reorder the words of a right-to-left line for a left-to-right layout engine.

    Urdu words are reversed in order; a run of consecutive left-to-right words
    (digits, Latin) keeps its inner order, as the Unicode bidi algorithm would for
    such simple lines. Letters inside a word are left alone: harfbuzz orders them.
    """
    words = text.split()
    runs: list[list[str]] = []
    for word in words:
        if not is_rtl_word(word) and runs and not is_rtl_word(runs[-1][-1]):
            runs[-1].append(word)
        else:
            runs.append([word])
    return " ".join(" ".join(run) for run in reversed(runs))


def urdu_style(size: float, *, bold: bool = False, color: Color = black) -> ParagraphStyle:
    """A single-line Paragraph style that makes reportlab shape Urdu."""
    return ParagraphStyle(
        f"urdu-{size}-{bold}",
        fontName=URDU_BOLD if bold else URDU,
        fontSize=size,
        leading=size * 1.2,
        alignment=TA_LEFT,
        textColor=color,
        shaping=1,
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def shaped_paragraph(
    text: str, size: float, *, bold: bool = False, color: Color = black
) -> tuple[Paragraph, float]:
    """A one-line Paragraph of ``text`` in visual order, and its natural width in points.

    Shaped once per process and kept (most strings are labels that recur on every
    PDF); the Paragraph can be drawn on any canvas, but by one thread at a time
    (``Flowable.drawOn`` parks the canvas on the object): use :func:`draw_paragraph`.
    """
    return _shaped(text, float(size), bold, tuple(color.rgba()))


@lru_cache(maxsize=2048)
def _shaped(
    text: str, size: float, bold: bool, rgba: tuple[float, float, float, float]
) -> tuple[Paragraph, float]:
    register_fonts()
    color = Color(*rgba)
    para = Paragraph(_escape(visual_order(text)), urdu_style(size, bold=bold, color=color))
    probe = 10_000.0
    para.wrap(probe, size * 3)
    lines = para.blPara.lines
    width = probe - lines[0].extraSpace if lines else 0.0
    return para, width


def draw_urdu(
    canvas: Canvas,
    text: str,
    x: float,
    y: float,
    size: float,
    *,
    anchor: str = "right",
    bold: bool = False,
    color: Color = black,
) -> float:
    """Draw one shaped Urdu line with its baseline at ``y``; return its width.

    ``anchor`` says what ``x`` is: the line's ``right`` end (usual for Urdu), its
    ``left`` end, or its ``centre``.
    """
    para, width = shaped_paragraph(text, size, bold=bold, color=color)
    draw_paragraph(canvas, para, _left_edge(x, width, anchor), y, size)
    return width


def draw_paragraph(
    canvas: Canvas, para: Paragraph, left: float, baseline: float, size: float
) -> None:
    """Draw a cached one-line Paragraph with its baseline at ``baseline``."""
    with _draw_lock:
        # Paragraph.drawOn puts the first baseline at y + height - fontSize.
        para.drawOn(canvas, left, baseline - para.height + size)


def _left_edge(x: float, width: float, anchor: str) -> float:
    if anchor == "right":
        return x - width
    if anchor == "centre":
        return x - width / 2
    if anchor == "left":
        return x
    raise ValueError(f"anchor must be left, right or centre, not {anchor!r}")


@dataclass
class _Stamp:
    form: str
    width: float


@dataclass
class UrduPen:
    """Draws Urdu lines on one canvas, shaping each distinct line only once.

    The first time a (text, size, bold, colour) is asked for, it is shaped and kept as
    a form XObject; later uses only place that form. Forms belong to one PDF, so make
    a new pen for each canvas.
    """

    canvas: Canvas
    prefix: str = "ur"
    _stamps: dict[tuple[str, float, bool, tuple[float, ...]], _Stamp] = field(default_factory=dict)

    def width(self, text: str, size: float, *, bold: bool = False, color: Color = black) -> float:
        return self._stamp(text, size, bold, color).width

    def draw(
        self,
        text: str,
        x: float,
        y: float,
        size: float,
        *,
        anchor: str = "right",
        bold: bool = False,
        color: Color = black,
        reuse: bool = True,
    ) -> float:
        """Draw ``text`` with its baseline at ``y`` (see :func:`draw_urdu`); return its width.

        ``reuse=False`` draws the text in place instead of through a form: cheaper for a
        line that appears once in the PDF (a form is one more PDF object to write).
        """
        if not reuse:
            return draw_urdu(self.canvas, text, x, y, size, anchor=anchor, bold=bold, color=color)
        stamp = self._stamp(text, size, bold, color)
        canvas = self.canvas
        canvas.saveState()
        canvas.translate(_left_edge(x, stamp.width, anchor), y)
        canvas.doForm(stamp.form)
        canvas.restoreState()
        return stamp.width

    def _stamp(self, text: str, size: float, bold: bool, color: Color) -> _Stamp:
        key = (text, size, bold, tuple(color.rgba()))
        stamp = self._stamps.get(key)
        if stamp is None:
            para, width = shaped_paragraph(text, size, bold=bold, color=color)
            name = f"{self.prefix}{len(self._stamps)}"
            canvas = self.canvas
            # Nastaliq reaches far above and below the line: give the form a generous box
            # so nothing is clipped.
            canvas.beginForm(name, -size, -size * 1.5, width + size, size * 2.5)
            draw_paragraph(canvas, para, 0, 0, size)
            canvas.endForm()
            stamp = self._stamps[key] = _Stamp(name, width)
        return stamp
