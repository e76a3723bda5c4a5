"""The table view every workspace list uses, with the desk's keyboard conventions.

- Enter (or Return) on a row emits `row_entered(id)`: the workspace opens the record
  or runs its next step. A double click does the same.
- Tab leaves the list for the next control instead of walking its cells (walking
  cells silently selected another row at the end of a line: a keyboard trap).
- Row heights are fixed (the view never measures 500,000 rows), and columns are as
  wide as their content in the language shown: `fit_columns` measures the header,
  the column's samples and the rows on screen, gives each column what it needs and
  what is left to the `stretch` column (the name), so "Muhammad Imran Khan" or
  "Dera Ismail Khan" is not cut, and the sync column takes no more than it needs.
"""

from __future__ import annotations

from typing import Any, cast

from desktop.i18n import tr
from desktop.qt import (
    QAbstractItemModel,
    QAbstractItemView,
    QApplication,
    QFont,
    QFontMetrics,
    QHeaderView,
    QIcon,
    QItemSelectionModel,
    QKeyEvent,
    QModelIndex,
    QPalette,
    QPersistentModelIndex,
    QResizeEvent,
    QSize,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QTableView,
    QWidget,
    Signal,
)
from desktop.record_table import DISPLAY, ID_ROLE, LOADING, RecordTableModel

#: Room a cell needs beyond its text (margins, focus frame), and a header beyond its
#: title (the sort arrow).
CELL_PADDING = 12
HEADER_PADDING = 36
ICON_ROOM = 22


_HAS_DISPLAY = QStyleOptionViewItem.ViewItemFeature.HasDisplay
_HAS_DECORATION = QStyleOptionViewItem.ViewItemFeature.HasDecoration
_TEXT = QPalette.ColorRole.Text
_ICON_NORMAL, _ICON_OFF = QIcon.Mode.Normal, QIcon.State.Off


class RecordCellDelegate(QStyledItemDelegate):
    """Draws a cell exactly as `QStyledItemDelegate` does, but fills its style option
    from the row's cells (`RecordTableModel.cells`) in one call.

    The stock delegate asks the model for seven roles per cell, each a call from C++
    into Python (~1,800 per paint of a screenful); here one call per cell sets the
    text, the Latin font, the colour and the icon the stock `initStyleOption` would
    set from those roles. Rows still being read ("…") go the stock way."""

    def __init__(self, view: RecordTableView):
        super().__init__(view)
        self.model: RecordTableModel | None = None  # the view's, set with it
        self._font: tuple[QFont | None, QFont | None, QFont | None, QFontMetrics | None] = (
            None,
            None,
            None,
            None,
        )
        self._features: dict[Any, tuple[Any, Any]] = {}
        self._decoration: dict[tuple[int, int, int], QSize] = {}

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        model = self.model
        cells = model.cells(index.row()) if model is not None else None
        if cells is None or model is None:
            super().initStyleOption(option, index)
            return
        column = index.column()
        text, brush, icon = cells[column]
        option.index = cast(QModelIndex, index)  # the view's cells are never persistent
        if column in model.latin_columns and model.latin_font is not None:
            option.font, option.fontMetrics = self._latin(model.latin_font, option.font)
        if brush is not None:
            palette = option.palette
            palette.setBrush(_TEXT, brush)
            option.palette = palette
        features = option.features
        both = self._features.get(features)
        if both is None:
            both = self._features[features] = (
                features | _HAS_DISPLAY,
                features | _HAS_DISPLAY | _HAS_DECORATION,
            )
        if icon is not None:
            option.icon = icon
            option.decorationSize = self._decoration_size(icon, option.decorationSize)
            option.features = both[1] if text else features | _HAS_DECORATION
        elif text:
            option.features = both[0]
        if text:
            option.text = text

    def _latin(self, latin: QFont, current: QFont) -> tuple[QFont, QFontMetrics]:
        """The Latin font resolved against the view's, and its metrics (made once)."""
        was_latin, was_current, font, metrics = self._font
        if font is None or metrics is None or was_latin is not latin or was_current != current:
            font = latin.resolve(current)
            metrics = QFontMetrics(font)
            self._font = (latin, QFont(current), font, metrics)
        return font, metrics

    def _decoration_size(self, icon: QIcon, room: QSize) -> QSize:
        """What the stock delegate computes for the icon: its actual size within `room`."""
        key = (icon.cacheKey(), room.width(), room.height())
        size = self._decoration.get(key)
        if size is None:
            actual = icon.actualSize(room, _ICON_NORMAL, _ICON_OFF)
            size = self._decoration[key] = QSize(
                min(room.width(), actual.width()), min(room.height(), actual.height())
            )
        return size


class RecordTableView(QTableView):
    row_entered = Signal(str)

    def __init__(self, parent: QWidget | None = None, stretch: str | None = None):
        super().__init__(parent)
        self.stretch_key = stretch
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        self.doubleClicked.connect(self._entered)
        self.cell_delegate = RecordCellDelegate(self)
        self.setItemDelegate(self.cell_delegate)
        self._fitted_width = 0
        self._widths: list[int] = []

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        # A model that answers roles of its own (its own `data`) is drawn the stock way:
        # the delegate knows only what `RecordTableModel.data` answers.
        self.cell_delegate.model = None
        if isinstance(model, RecordTableModel) and type(model).data is RecordTableModel.data:
            self.cell_delegate.model = model

    def record_model(self) -> RecordTableModel | None:
        model = self.model()
        return model if isinstance(model, RecordTableModel) else None

    def selected_ids(self) -> list[str]:
        """Ids of the selected rows, in list order (for printing a batch)."""
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        model = self.record_model()
        ids = [model.row_id(r) for r in rows] if model is not None else []
        return [i for i in ids if i is not None]

    def current_id(self) -> str | None:
        """The id of the current row (the one the detail pane shows), or None."""
        index = self.selectionModel().currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def select_row(self, row: int) -> None:
        """Make `row` the current, only selected row and bring it into view."""
        index = self.model().index(row, 0)
        self.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.scrollTo(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            self._entered(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)

    def _entered(self, index: QModelIndex) -> None:
        if index.isValid():
            row_id = index.data(ID_ROLE)
            if row_id:
                self.row_entered.emit(row_id)

    # -- column widths ---------------------------------------------------------------------------
    def measure(self) -> int:
        """Measure what the columns need now (header, samples, the rows on screen, in
        the fonts in use) and keep it for `fit_columns`; returns the width the table
        needs for them, its frame and its vertical scroll bar included."""
        self._widths = self._content_widths()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return sum(self._widths) + bar + 2 * self.frameWidth() + 2

    def fit_columns(self, remeasure: bool = True) -> int:
        """Set the measured widths, the rest of the width going to the stretch column
        (`remeasure` False: the last measure, as when only the table's width changed).
        Returns the width the columns need."""
        if remeasure or not self._widths:
            self._widths = self._content_widths()
        widths = list(self._widths)
        if not widths:
            return 0
        needed = sum(widths)
        model = self.record_model()
        assert model is not None
        room = self.viewport().width()
        if not self.verticalScrollBar().isVisible():
            room -= self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        keys = [c.key for c in model.source.columns]
        if self.stretch_key in keys and needed < room:
            widths[keys.index(self.stretch_key)] += room - needed
        for i, width in enumerate(widths):
            self.setColumnWidth(i, width)
        self._fitted_width = self.viewport().width()
        return needed

    def _content_widths(self) -> list[int]:
        model = self.record_model()
        if model is None:
            return []
        columns = model.source.columns
        table_metrics = QFontMetrics(self.font())
        header_metrics = QFontMetrics(self.horizontalHeader().font())
        first = max(self.rowAt(0), 0)
        last = self.rowAt(self.viewport().height() - 1)
        last = min(model.rowCount() - 1, first + 40) if last < 0 else last
        widths: list[int] = []
        for i, column in enumerate(columns):
            font = model.latin_font if column.latin and model.latin_font is not None else None
            metrics = QFontMetrics(font) if font is not None else table_metrics
            texts = {tr(s) for s in column.samples}
            for row in range(first, last + 1):
                text = model.data(model.index(row, i), DISPLAY)
                if isinstance(text, str) and text != LOADING:
                    texts.add(text)
            content = max((metrics.horizontalAdvance(t) for t in texts), default=0)
            if column.key in model.source.styled:
                content += ICON_ROOM
            title = header_metrics.horizontalAdvance(
                str(model.headerData(i, Qt.Orientation.Horizontal, DISPLAY) or "")
            )
            widths.append(max(content + CELL_PADDING, title + HEADER_PADDING))
        return widths

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        moved = abs(self.viewport().width() - self._fitted_width)
        if self.record_model() is not None and moved > 8:
            self.fit_columns(remeasure=False)

    def set_row_height_for(self, lang: str) -> None:
        """Nastaliq is about twice as tall as Latin type: rows follow the language."""
        height = QFontMetrics(QApplication.font()).height()
        self.verticalHeader().setDefaultSectionSize(
            height + 4 if lang == "ur" else int(height * 1.25) + 2
        )
