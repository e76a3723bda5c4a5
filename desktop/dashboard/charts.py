"""Small trend charts drawn with QPainter (the installed PySide6-Essentials has no
QtCharts). A chart is a title and one or more series of (day, value); it draws lines
over a shared time axis, with the first and last day and the largest value marked.
Time runs left to right in Urdu too (the axes are not mirrored); the title and legend
follow the reading direction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from desktop.qt import (
    QColor,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPointF,
    QRectF,
    Qt,
    QWidget,
)

PALETTE = ("#1f6f8b", "#d9822b", "#2e8b57", "#8b3a62", "#6a5acd", "#b22222", "#708090")
Series = tuple[str, Sequence[tuple[date, float]]]


class TrendChart(QWidget):
    """Lines of value over time; `set_series([(name, [(day, value), ...]), ...])`."""

    def __init__(
        self,
        title: str = "",
        fmt: Callable[[float], str] = lambda v: f"{v:,.0f}",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.title = title
        self.fmt = fmt
        self.series: list[Series] = []
        self.empty_text = ""
        self.setMinimumSize(280, 170)

    def set_series(self, series: list[Series]) -> None:
        self.series = [(name, sorted(points)) for name, points in series if points]
        self.update()

    def _layout(self, fm: QFontMetricsF) -> dict[str, Any]:
        """Where every text goes, measured: the title on its own line, then the legend
        flowing from the reading side, then the plot with the value axis in a gutter on
        the left and the first and last day under it. Nothing shares a line with the
        legend, so a long (or Urdu, wider) legend cannot run into the axis labels;
        `text_boxes` returns the same rectangles for tests."""
        w, h = float(self.width()), float(self.height())
        pad, line_h = 6.0, fm.height() + 2
        rtl = self.isRightToLeft()
        out: dict[str, Any] = {"line_h": line_h}
        title = fm.elidedText(self.title, Qt.TextElideMode.ElideRight, w - 2 * pad)
        tw = fm.horizontalAdvance(title)
        out["title"] = (title, QRectF(w - pad - tw if rtl else pad, 2, tw, line_h))
        legend: list[tuple[str, QRectF, QRectF]] = []
        if self.series:
            gap, swatch = 14.0, line_h * 0.55
            share = (w - 2 * pad) / len(self.series) - gap - swatch - 4
            x = w - pad if rtl else pad
            for name, _pts in self.series:
                text = fm.elidedText(name, Qt.TextElideMode.ElideRight, max(share, 10))
                tw = fm.horizontalAdvance(text)
                span = swatch + 4 + tw
                left = x - span if rtl else x
                box_y = 2 + line_h + (line_h - swatch) / 2
                if rtl:
                    sw = QRectF(left + tw + 4, box_y, swatch, swatch)
                    tr_ = QRectF(left, 2 + line_h, tw, line_h)
                else:
                    sw = QRectF(left, box_y, swatch, swatch)
                    tr_ = QRectF(left + swatch + 4, 2 + line_h, tw, line_h)
                legend.append((text, sw, tr_))
                x = left - gap if rtl else left + span + gap
        out["legend"] = legend
        days = [d for _n, pts in self.series for d, _v in pts]
        top = max((v for _n, pts in self.series for _d, v in pts), default=0) or 1
        out["top"] = top
        top_text, zero = self.fmt(top), self.fmt(0)
        gutter = max(fm.horizontalAdvance(top_text), fm.horizontalAdvance(zero)) + 2 * pad
        plot_top = 2 + 2 * line_h + line_h / 2
        plot = QRectF(gutter, plot_top, w - gutter - pad, h - plot_top - line_h - 6)
        out["plot"] = plot
        if days:
            out["values"] = [
                (top_text, QRectF(pad, plot.top() - line_h / 2, gutter - 2 * pad, line_h)),
                (zero, QRectF(pad, plot.bottom() - line_h / 2, gutter - 2 * pad, line_h)),
            ]
            lo, hi = min(days), max(days)
            first, last = lo.strftime("%d-%m-%Y"), hi.strftime("%d-%m-%Y")
            fw, lw = fm.horizontalAdvance(first), fm.horizontalAdvance(last)
            below = plot.bottom() + 3
            out["days"] = [(first, QRectF(plot.left(), below, fw, line_h))]
            if hi != lo:
                out["days"].append((last, QRectF(plot.right() - lw, below, lw, line_h)))
            out["span"] = (lo, max((hi - lo).days, 1))
        return out

    def text_boxes(self) -> list[tuple[str, QRectF]]:
        """The rectangles the chart draws text in, by what they hold."""
        lay = self._layout(QFontMetricsF(self.font()))
        boxes = [("title", lay["title"][1])]
        boxes += [(f"legend {t}", r.united(sw)) for t, sw, r in lay["legend"]]
        boxes += [(f"value {t}", r) for t, r in lay.get("values", [])]
        boxes += [(f"day {t}", r) for t, r in lay.get("days", [])]
        return boxes

    def paintEvent(self, _event: object) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        p.fillRect(self.rect(), pal.base())
        lay = self._layout(QFontMetricsF(p.font()))
        plot: QRectF = lay["plot"]
        # Rectangles are laid out in absolute terms: no mirroring by the layout direction.
        absolute = Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
        p.setPen(pal.text().color())
        title, rect = lay["title"]
        p.drawText(rect, absolute | Qt.AlignmentFlag.AlignLeft, title)
        if "span" not in lay or plot.width() < 20 or plot.height() < 20:
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.empty_text)
            p.end()
            return
        lo, span = lay["span"]
        top = lay["top"]
        p.setPen(QPen(QColor("#c8c8c8"), 1))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        p.drawLine(plot.topLeft(), plot.topRight())
        for i, (_name, pts) in enumerate(self.series):
            color = QColor(PALETTE[i % len(PALETTE)])
            path = QPainterPath()
            for j, (d, v) in enumerate(pts):
                x = plot.left() + plot.width() * (d - lo).days / span
                y = plot.bottom() - plot.height() * (v / top)
                if j == 0:
                    path.moveTo(x, y)
                else:
                    path.lineTo(x, y)
            p.setPen(QPen(color, 1.6))
            p.drawPath(path)
            if len(pts) == 1:
                p.drawEllipse(
                    QPointF(plot.left(), plot.bottom() - plot.height() * pts[0][1] / top), 2, 2
                )
        for i, (text, swatch, rect) in enumerate(lay["legend"]):
            p.fillRect(swatch, QColor(PALETTE[i % len(PALETTE)]))
            p.setPen(pal.text().color())
            p.drawText(rect, absolute | Qt.AlignmentFlag.AlignLeft, text)
        p.setPen(pal.text().color())
        for text, rect in lay["values"]:
            p.drawText(rect, absolute | Qt.AlignmentFlag.AlignRight, text)
        for text, rect in lay["days"]:
            p.drawText(rect, absolute | Qt.AlignmentFlag.AlignLeft, text)
        p.end()
