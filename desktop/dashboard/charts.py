"""Small trend charts drawn with QPainter (the installed PySide6-Essentials has no
QtCharts). A chart is a title and one or more series of (day, value); it draws lines
over a shared time axis, with the first and last day and the largest value marked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from desktop.qt import QColor, QPainter, QPainterPath, QPen, QPointF, QRectF, Qt, QWidget

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

    def paintEvent(self, _event: object) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        p.fillRect(self.rect(), pal.base())
        fm = p.fontMetrics()
        line_h = fm.height()
        p.setPen(pal.text().color())
        p.drawText(
            QRectF(6, 2, self.width() - 12, line_h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.title,
        )
        plot = QRectF(8, line_h * 2 + 6, self.width() - 16, self.height() - line_h * 4 - 10)
        days = [d for _n, pts in self.series for d, _v in pts]
        if not days or plot.width() < 20 or plot.height() < 20:
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.empty_text)
            p.end()
            return
        lo, hi = min(days), max(days)
        span = max((hi - lo).days, 1)
        top = max((v for _n, pts in self.series for _d, v in pts), default=0) or 1
        p.setPen(QPen(QColor("#c8c8c8"), 1))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        p.drawLine(plot.topLeft() + QPointF(0, 0), plot.topRight())
        for i, (name, pts) in enumerate(self.series):
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
            legend = QRectF(
                8 + i * (self.width() - 16) / max(len(self.series), 1),
                line_h + 2,
                (self.width() - 16) / max(len(self.series), 1),
                line_h,
            )
            p.drawText(
                legend, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "■ " + name
            )
        p.setPen(pal.text().color())
        # Time runs left to right in Urdu too: the axis labels are not mirrored.
        absolute = Qt.AlignmentFlag.AlignAbsolute
        p.drawText(
            QRectF(plot.left(), plot.top() - line_h - 1, plot.width(), line_h),
            Qt.AlignmentFlag.AlignRight | absolute,
            self.fmt(top),
        )
        below = QRectF(plot.left(), plot.bottom() + 2, plot.width(), line_h)
        p.drawText(below, Qt.AlignmentFlag.AlignLeft | absolute, lo.strftime("%d-%m-%Y"))
        p.drawText(below, Qt.AlignmentFlag.AlignRight | absolute, hi.strftime("%d-%m-%Y"))
        p.end()
