"""The JSON text of recently pulled rows, kept by each worker for the next desk.

Every change goes to every desk of its district, and a person's rows to every
district that serves them: eight desks of a DC office pull the same new rows within
a few seconds of each other. Without this, PostgreSQL wrote each of those rows as
JSON eight times (`server.feed`), and the pulls were about half of its work under
the load generator (issue 21).

A row's text is kept under its table, id and `version`. What a row holds at one
version never changes: every write of a synced row gives it a new number
(`server.changes`), which is the same promise the scope checksum (count and sum of
versions) rests on. A desk whose page names a row at that version therefore gets
the same text as from the database. A row renumbered without a change of content
(a person followed into a new district) is simply read again.

Only small pages use it (a bootstrap's pages of thousands of rows would push out
what the desks at work share), and it is bounded by the characters it holds (a
hostile desk's long texts cannot grow a worker): the least recently used rows go
first, and a row of more than a hundredth of the bound is never kept. Each worker has
its own, for its own database (`app.state`); a reindex of the database (bulk seeding,
`server.heads.RESET`) empties it, as would a restart.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence

#: Characters of row text kept per worker. Bounded by size, not by rows: a row's
#: text is about 330 characters on average (the load generator's mix), but a history
#: line's details or a conflict's values may be far longer. 16 million characters are
#: about 48,000 average rows, about 34 MB with their keys; at nine in the morning's
#: rate (about 2,500 rows a second under the load generator) 20 seconds of changes,
#: more than the desks of a district take to pull the same rows.
DEFAULT_CHARS = 16_000_000
#: Pages of more rows than this (of one table) are read without the cache.
PAGE_ROWS = 2_000


class RowTextCache:
    """{(table, id, version): the row's JSON text}, least recently used out first."""

    def __init__(self, chars: int = DEFAULT_CHARS, page_rows: int = PAGE_ROWS):
        self.chars = chars
        self.page_rows = page_rows
        self._texts: OrderedDict[tuple[str, str, int], str] = OrderedDict()
        self._held = 0  # characters in `_texts`
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._texts)

    @property
    def held(self) -> int:
        """Characters of text kept now."""
        return self._held

    def take(self, table: str, keys: Sequence[tuple[str, int]]) -> list[str | None]:
        """The text of each (id, version) of `table`, None where it is not kept."""
        found: list[str | None] = []
        with self._lock:
            texts = self._texts
            for row_id, version in keys:
                key = (table, row_id, version)
                text = texts.get(key)
                if text is not None:
                    texts.move_to_end(key)
                found.append(text)
            hits = sum(text is not None for text in found)
            self.hits += hits  # under the lock: pulls run in several threads
            self.misses += len(found) - hits
        return found

    def keep(self, table: str, rows: Iterable[tuple[str, int, str]]) -> None:
        """Keep each (id, version, text) of `table` read from the database."""
        with self._lock:
            texts = self._texts
            for row_id, version, text in rows:
                if len(text) > self.chars // 100:  # one row never pushes out a hundredth
                    continue
                key = (table, row_id, version)
                before = texts.get(key)
                if before is not None:
                    self._held -= len(before)
                texts[key] = text
                self._held += len(text)
            while self._held > self.chars:
                _key, gone = texts.popitem(last=False)
                self._held -= len(gone)

    def clear(self) -> None:
        with self._lock:
            self._texts.clear()
            self._held = 0
