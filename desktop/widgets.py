"""Small widgets shared by the workspaces: a field with its error under it, a page
for workspaces that come in later issues, the coloured sync-state dot."""

from __future__ import annotations

from functools import lru_cache

from desktop.formatting import SYNC_COLOURS
from desktop.qt import (
    QColor,
    QIcon,
    QLabel,
    QPainter,
    QPixmap,
    QResizeEvent,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
)

ERROR_STYLE = "color: #b71c1c;"


class ErrorLabel(QLabel):
    """Red text that takes no room while empty."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.hide()

    def show_error(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))
        self._fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        """Ask for the height the wrapped text needs at the width it was given: a
        layout sizes a label by its one-line hint, which clipped a two-line error
        (an Urdu message wraps more than its English)."""
        needed = self.heightForWidth(self.width()) if self.text() else 0
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)


class FieldBox(QWidget):
    """An editor with its validation message directly underneath (field-by-field
    validation: the operator sees what is wrong where it is wrong)."""

    def __init__(self, editor: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.editor = editor
        self.error = ErrorLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        layout.addWidget(self.error)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def set_error(self, text: str) -> None:
        self.error.show_error(text)


@lru_cache(maxsize=16)
def dot_icon(colour: str, size: int = 12) -> QIcon:
    """A filled circle: the sync state beside each row (pending, synced, ...)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


def sync_icon(state: str) -> QIcon:
    return dot_icon(SYNC_COLOURS.get(state, "#9e9e9e"))
