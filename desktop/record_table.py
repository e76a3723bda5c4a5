"""A Qt table over row ids, fast with 500,000 records; each workspace gives it a source.

Anki's browser (`aqt/browser/table/model.py` with a state object per kind of row)
keeps every row id and builds a row only when the view paints it. This model does
the same for any workspace: the workspace supplies a `RecordSource` (its columns,
its id query, how to read a block of rows, how to show a cell), and the model does
the rest, with two additions the budget needs (first rows < 300 ms with 500,000
rows, where reading all sorted ids alone takes ~340 ms):

- the ids arrive as a stream: the first page (200 ids) is shown with the rows of a
  screenful (`FIRST_ROWS`) in one worker round trip (reading and formatting all 200
  rows took as long as the search itself), the rest follow in chunks of up to 50,000, each chunk its own
  worker job bounded in time, so a click on a row is never queued behind the list;
- ids are kept packed, 16 bytes each (8 MB for 500,000 instead of ~45 MB of str),
  and rows are fetched in blocks of 200 by primary key when the view asks for them,
  with an LRU of blocks; only the blocks wanted most recently are fetched, so a fast
  scroll does not queue fetches for rows already scrolled past; when nothing is
  wanted, the blocks either side of the last one painted are read ahead, so a scroll
  step usually paints its rows once rather than "…" first;
- what a row's cells show (text, colour, icon) is made once when it comes on screen
  (`cells`); the view's delegate (`desktop.record_view.RecordCellDelegate`) reads
  them in one call per cell instead of asking `data` for seven roles, and `index`
  is made here rather than by Qt's checks through rowCount and columnCount.

Sorting and filtering are queries: the model holds the source's query object (a
`TableQuery`), asks the source for the id statement, and reads the ids again.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import CompoundSelect, Select

from desktop.db import RowStream
from desktop.formatting import SYNC_COLOURS, SYNC_LABELS, label
from desktop.i18n import tr
from desktop.qt import (
    QAbstractTableModel,
    QBrush,
    QColor,
    QFont,
    QIcon,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from desktop.widgets import sync_icon
from desktop.worker import DbWorker
from sync.store.local import LocalStore

ID_ROLE = int(Qt.ItemDataRole.UserRole.value) + 1
DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
DECORATION = int(Qt.ItemDataRole.DecorationRole.value)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
FONT = int(Qt.ItemDataRole.FontRole.value)
_ROLES = frozenset({ID_ROLE, DISPLAY, DECORATION, FOREGROUND, TOOLTIP, FONT})
_ROOT = QModelIndex()  # the invalid index: a flat table has no parents
#: What a cell shows while its block is being read.
LOADING = "…"
#: What one cell shows: its text, the colour of its text and its icon (None: the default).
Cell = tuple[str, QBrush | None, QIcon | None]


@dataclass(frozen=True)
class Column:
    """One column: `key` for the source, `title` in English (translated when shown),
    `latin` for digits and Latin letters drawn in the Latin font even in Urdu,
    `samples` the widest usual contents (column widths before any row is in)."""

    key: str
    title: str
    latin: bool = False
    samples: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableQuery:
    """What a list shows: a source's filters extend this with their own fields."""

    sort: str | None = None  # a column key; None = the source's natural order
    descending: bool = False
    lang: str = "en"

    def with_sort(self, sort: str | None, descending: bool) -> TableQuery:
        return replace(self, sort=sort, descending=descending)


class RowLike(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=RowLike)


class RecordSource(Generic[R]):
    """What a workspace tells the record table about its kind of row.

    `id_query` and `fetch_rows` run in the database worker; `display`, `colour`,
    `icon` and `tooltip` on the GUI thread, once per cell of a row coming on screen
    (the model keeps what they said while the row is shown), so they should be cheap
    (format in `fetch_rows`). `styled` names the columns that have a
    colour, icon or tooltip; others are asked only for their text.
    """

    columns: tuple[Column, ...] = ()
    styled: frozenset[str] = frozenset()
    #: The table whose changed rows this list shows (for `records_changed`).
    table: str = ""

    def default_query(self) -> TableQuery:
        return TableQuery()

    def id_query(self, query: Any) -> Select[*tuple[Any, ...]] | CompoundSelect:
        raise NotImplementedError

    def fetch_rows(self, store: LocalStore, ids: list[str]) -> list[R]:
        raise NotImplementedError

    def display(self, row: R, key: str, lang: str) -> str:
        return str(getattr(row, key, ""))

    def colour(self, row: R, key: str) -> str | None:
        return None

    def icon(self, row: R, key: str) -> QIcon | None:
        return None

    def tooltip(self, row: R, key: str) -> str | None:
        return None


def sync_tooltip(state: str) -> str:
    """What a row's sync state means, said in full (the list shows a word and a dot)."""
    texts = {
        "pending": tr("Saved on this computer; it will be sent at the next sync."),
        "synced": tr("The server has this record."),
        "rejected": tr("The server refused a change to this record; open it to see why."),
        "conflict": tr(
            "Someone else changed this record at the same time; open it to see both values."
        ),
    }
    return texts.get(state, state)


class SyncedRecordSource(RecordSource[R]):
    """A source whose rows carry their sync state (`row.sync`) in a "sync" column:
    the word, its coloured dot and the tooltip saying what it means, the same in every
    workspace. A subclass's `display` handles its own columns and hands the rest here."""

    styled = frozenset({"sync"})

    def display(self, row: R, key: str, lang: str) -> str:
        if key == "sync":
            return label(SYNC_LABELS, getattr(row, "sync", ""))
        return str(getattr(row, key, ""))

    def colour(self, row: R, key: str) -> str | None:
        return SYNC_COLOURS.get(getattr(row, "sync", ""), "#616161")

    def icon(self, row: R, key: str) -> QIcon | None:
        return sync_icon(getattr(row, "sync", ""))

    def tooltip(self, row: R, key: str) -> str | None:
        return sync_tooltip(getattr(row, "sync", ""))


class IdList:
    """Row ids packed as 16 raw bytes each (canonical UUID text is 36 characters)."""

    def __init__(self, packed: bytes = b""):
        self._buf = bytearray(packed)

    @staticmethod
    def pack(ids: Sequence[str]) -> bytes:
        """Done in the worker; an id that is not a UUID is a bug upstream and raises."""
        packed = bytes.fromhex("".join(ids).replace("-", ""))
        if len(packed) != 16 * len(ids):
            raise ValueError("row ids must be UUIDs")
        return packed

    def extend(self, packed: bytes) -> None:
        self._buf += packed

    def __len__(self) -> int:
        return len(self._buf) // 16

    def __getitem__(self, i: int) -> str:
        h = self._buf[i * 16 : (i + 1) * 16].hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def slice(self, start: int, stop: int) -> list[str]:
        return [self[i] for i in range(start, min(stop, len(self)))]

    def index(self, row_id: str) -> int | None:
        needle = bytes.fromhex(row_id.replace("-", ""))
        at = self._buf.find(needle)
        while at != -1 and at % 16:
            at = self._buf.find(needle, at + 1)
        return None if at == -1 else at // 16


class RecordTableModel(QAbstractTableModel, Generic[R]):
    """Signals: `first_rows()` when the first page is on screen, `loaded(total)` when
    every id is in, `failed(message)` when the list could not be read."""

    first_rows = Signal()
    loaded = Signal(int)
    failed = Signal(str)

    BLOCK = 200
    FIRST_PAGE = 200
    #: Rows read with the first page: more than a maximised window shows (~45 at
    #: 1080 px); the rest of the first block is read when the view paints it.
    FIRST_ROWS = 60
    REST_AFTER_MS = 30  # the id stream goes on this long after the first rows are shown
    CHUNK = 50_000  # most ids one chunk job reads (see also CHUNK_SECONDS)
    CHUNK_SECONDS = 0.02
    # Cancellation and the time bound act per piece: a name-ordered piece of 100 takes
    # ~2 ms, which is how long a search typed next may wait for the chunk under way.
    PIECE = 100
    #: Blocks kept (LRU): 3,200 rows, some 70 screenfuls, the read-ahead and the blocks
    #: wanted included. 64 kept ~8 MB more after a scroll end to end (bench_desktop:
    #: RSS 228 -> 220 MB) for rows scrolled past, read again in ~2 ms if scrolled back.
    CACHE_BLOCKS = 16
    WANTED_MAX = 4

    def __init__(
        self,
        source: RecordSource[R],
        store: LocalStore,
        worker: DbWorker,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.source = source
        self.store = store
        self.worker = worker
        self.lang = "en"
        self.latin_font: QFont | None = None
        self.filter: Any = source.default_query()
        self.ids = IdList()
        self.complete = False
        self._keys = tuple(c.key for c in source.columns)
        self._latin = frozenset(i for i, c in enumerate(source.columns) if c.latin)
        self._styled = frozenset(i for i, c in enumerate(source.columns) if c.key in source.styled)
        self._generation = 0
        self._stream: RowStream | None = None
        self._blocks: OrderedDict[int, list[R]] = OrderedDict()
        self._wanted: OrderedDict[int, None] = OrderedDict()
        self._fetching = False
        self._in_flight: int | None = None  # the block being read now
        self._in_flight_wanted = False  # a paint asked for it while it was read
        self._ahead: list[int] = []  # neighbours of a painted block, read when idle
        self._cells: dict[int, tuple[Cell, ...]] = {}  # rows as shown, made when painted

    # -- loading the id list ---------------------------------------------------------------
    def reload(self, query: Any = None) -> None:
        """Show the rows `query` selects (the current query when None)."""
        if query is not None:
            self.filter = query
        self._generation += 1
        generation = self._generation
        self._close_stream()
        store, source, first, shown = self.store, self.source, self.FIRST_PAGE, self.FIRST_ROWS
        query = self.filter

        def first_page() -> tuple[RowStream, bytes, list[R]]:
            # The statement is built here too: a ranked search's takes ~4 ms of Python
            # that the GUI thread had to spend before the worker could start.
            stream = RowStream(store, source.id_query(query))
            ids = [r[0] for r in stream.fetch(first)]
            return stream, IdList.pack(ids), source.fetch_rows(store, ids[:shown])

        self.worker.submit(
            first_page,
            key=f"list-{id(self)}",
            label=tr("Loading…"),
            on_done=lambda result: self._first_page(generation, *result),
            on_error=self._failed,
        )

    def _first_page(
        self, generation: int, stream: RowStream, packed: bytes, block: list[R]
    ) -> None:
        if generation != self._generation:
            self.worker.submit(stream.close)
            return
        self.beginResetModel()
        self.ids = IdList(packed)
        self._blocks.clear()
        self._wanted.clear()
        self._ahead.clear()
        self._cells.clear()
        self._in_flight = None  # a block of the old list: read again if painted
        if block:
            self._blocks[0] = block
        self.complete = stream.exhausted
        self.endResetModel()
        self.first_rows.emit()
        if stream.exhausted:
            self.loaded.emit(len(self.ids))
        else:
            self._stream = stream
            # The rest after the first rows are painted: the worker streaming ids in
            # Python meanwhile would make the paint wait for the interpreter lock.
            QTimer.singleShot(self.REST_AFTER_MS, self, lambda: self._next_chunk(generation))

    def _next_chunk(self, generation: int) -> None:
        stream = self._stream
        if generation != self._generation or stream is None:
            return  # read again meanwhile: that list streams its own ids
        chunk_max, seconds, piece = self.CHUNK, self.CHUNK_SECONDS, self.PIECE

        def chunk() -> tuple[bytes, bool]:
            # Bounded in time, not only in rows: ids in index order come at ~1.5 M/s
            # but a name-ordered list looks each row up (~50 k/s), and a search typed
            # next must not wait behind a long chunk.
            started = time.perf_counter()
            parts: list[bytes] = []
            got = 0
            while (
                not stream.exhausted
                and not stream.cancelled
                and got < chunk_max
                and time.perf_counter() - started < seconds
            ):
                rows = stream.fetch(min(piece, chunk_max - got))
                got += len(rows)
                parts.append(IdList.pack([r[0] for r in rows]))
            return b"".join(parts), stream.exhausted

        self.worker.submit(
            chunk,
            on_done=lambda r: self._chunk(generation, *r),
            on_error=self._failed,
            background=True,
        )

    def _chunk(self, generation: int, packed: bytes, exhausted: bool) -> None:
        if generation != self._generation:
            return
        n = len(packed) // 16
        if n:
            start = len(self.ids)
            self.beginInsertRows(QModelIndex(), start, start + n - 1)
            self.ids.extend(packed)
            self.endInsertRows()
        if exhausted:
            self._stream = None
            self.complete = True
            self.loaded.emit(len(self.ids))
        else:
            self._next_chunk(generation)

    def _close_stream(self) -> None:
        if self._stream is not None:
            self._stream.cancel()  # a chunk being read now stops at its next piece
            self.worker.submit(self._stream.close)
            self._stream = None

    def _failed(self, exc: BaseException) -> None:
        self.failed.emit(str(exc))

    # -- rows on demand -----------------------------------------------------------------------
    def row_at(self, row: int) -> R | None:
        """The row if its block is loaded; otherwise ask for the block and return None."""
        block_no = row // self.BLOCK
        block = self._blocks.get(block_no)
        if block is None:
            self._want(block_no)
            return None
        self._blocks.move_to_end(block_no)
        offset = row - block_no * self.BLOCK
        if offset < len(block):
            return block[offset]
        if row < len(self.ids):  # the first block came with a screenful only
            self._want(block_no)
        return None

    def cells(self, row: int) -> tuple[Cell, ...] | None:
        """What each cell of `row` shows, made once while the row is on screen (a paint
        asks for every cell, and once more for each scroll step or selection change);
        None while its block is being read (and asks for it, as `row_at`)."""
        cells = self._cells.get(row)
        if cells is not None:
            return cells
        record = self.row_at(row)
        if record is None:
            return None
        source, lang, styled = self.source, self.lang, self._styled
        made: list[Cell] = []
        for column, key in enumerate(self._keys):
            text = source.display(record, key, lang)
            if column in styled:
                colour = source.colour(record, key)
                brush = QBrush(QColor(colour)) if colour else None
                made.append((text, brush, source.icon(record, key)))
            else:
                made.append((text, None, None))
        if len(self._cells) >= self.BLOCK:  # rows scrolled past
            self._cells.clear()
        cells = self._cells[row] = tuple(made)
        return cells

    def _want(self, block_no: int) -> None:
        if block_no == self._in_flight:  # on its way (read ahead): wait for it
            self._in_flight_wanted = True
            return
        self._wanted.pop(block_no, None)
        self._wanted[block_no] = None
        while len(self._wanted) > self.WANTED_MAX:  # scrolled past: no longer worth reading
            self._wanted.popitem(last=False)
        self._pump()

    def _pump(self) -> None:
        if self._fetching:
            return
        if self._wanted:
            block_no, _ = self._wanted.popitem(last=True)  # the most recently painted first
            wanted = True
        elif self._ahead:
            # Idle: read the next (or previous) block before the scroll reaches it, so a
            # scroll step paints its rows once instead of "…" first and the rows after.
            block_no, wanted = self._ahead.pop(0), False
            if block_no in self._blocks:
                self._pump()
                return
        else:
            return
        start = block_no * self.BLOCK
        ids = self.ids.slice(start, start + self.BLOCK)
        if not ids:
            self._pump()
            return
        self._fetching = True
        self._in_flight, self._in_flight_wanted = block_no, wanted
        generation, store, source = self._generation, self.store, self.source
        self.worker.submit(
            lambda: source.fetch_rows(store, ids),
            on_done=lambda rows: self._block_in(generation, block_no, rows),
            on_error=self._block_failed,
            background=not wanted,
        )

    def _block_in(self, generation: int, block_no: int, rows: list[R]) -> None:
        self._fetching = False
        wanted = self._in_flight_wanted and self._in_flight == block_no
        self._in_flight = None
        if generation == self._generation:
            self._cells.clear()
            self._blocks[block_no] = rows
            self._blocks.move_to_end(block_no)
            while len(self._blocks) > self.CACHE_BLOCKS:
                self._blocks.popitem(last=False)
            first = block_no * self.BLOCK
            last = min(first + len(rows), len(self.ids)) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(self._keys) - 1))
            if wanted:  # a painted block: its neighbours next, unless already in
                self._ahead = [
                    b
                    for b in (block_no + 1, block_no - 1)
                    if 0 <= b * self.BLOCK < len(self.ids) and b not in self._blocks
                ]
        self._pump()

    def _block_failed(self, exc: BaseException) -> None:
        self._fetching = False
        self._in_flight = None
        self.failed.emit(str(exc))

    def refresh_rows(self, row_ids: list[str] | None = None) -> None:
        """Read again the rows of `row_ids` (all cached rows when None), keeping what is
        shown until the new values arrive, so nothing flickers."""
        if row_ids is None:
            # Everything may have changed (a sync round): read again the blocks used
            # last (those on screen); forget the rest, they are read when shown again.
            recent = list(self._blocks)[-self.WANTED_MAX :]
            for block_no in list(self._blocks):
                if block_no not in recent:
                    del self._blocks[block_no]
            blocks = set(recent)
        else:
            rows = (self.ids.index(r) for r in row_ids)
            blocks = {i // self.BLOCK for i in rows if i is not None}
        for block_no in sorted(blocks & set(self._blocks)):
            self._wanted.pop(block_no, None)
            self._wanted[block_no] = None
        self._pump()

    # -- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._keys)

    def index(
        self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = _ROOT
    ) -> QModelIndex:
        # The view asks for an index per cell it paints; Qt's own checks it with
        # rowCount and columnCount, two calls into Python instead of this one.
        if 0 <= row < len(self.ids) and 0 <= column < len(self._keys) and not parent.isValid():
            return self.createIndex(row, column)
        return QModelIndex()

    @property
    def latin_columns(self) -> frozenset[int]:
        """Columns drawn in the Latin font (digits and Latin letters), even in Urdu."""
        return self._latin

    def count_text(self, template: str) -> str:
        """`template` ("{n} mutations") with the row count, and "…" while the list is
        still coming in."""
        text = template.format(n=f"{self.rowCount():,}")
        return text if self.complete else text + " …"

    def row_id(self, row: int) -> str | None:
        return self.ids[row] if 0 <= row < len(self.ids) else None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if (
            role == DISPLAY
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._keys)
        ):
            return tr(self.source.columns[section].title)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        # Paints go through the cell delegate; this answers everyone else (tooltips,
        # column fitting, tests), still quickly: roles are compared as plain ints,
        # because comparing with a PySide6 enum costs ~3 µs and a tuple of them ~12 µs
        # (that alone once made each scroll step ~40 ms).
        if role not in _ROLES:
            return None
        if role == ID_ROLE:
            return self.row_id(index.row())
        column = index.column()
        if role == FONT:
            return self.latin_font if column in self._latin else None
        cells = self.cells(index.row())
        if cells is None:
            return LOADING if role == DISPLAY and column == 0 else None
        if role == DISPLAY:
            return cells[column][0]
        if column not in self._styled:
            return None
        if role == DECORATION:
            return cells[column][2]
        if role == FOREGROUND:
            return cells[column][1]
        record = self.row_at(index.row())
        return None if record is None else self.source.tooltip(record, self._keys[column])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self._keys[column] if 0 <= column < len(self._keys) else None
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self.filter.sort, self.filter.descending):
            self.reload(self.filter.with_sort(key, descending))

    def set_language(self, lang: str, latin_font: QFont | None = None) -> None:
        """Names, labels and sorts by name follow the interface language."""
        self.lang = lang
        self.latin_font = latin_font if lang == "ur" else None
        self._cells.clear()
        self.filter = replace(self.filter, lang=lang)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._keys) - 1)
        if len(self.ids):
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.ids) - 1, len(self._keys) - 1)
            )
