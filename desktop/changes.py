"""One signal for "records changed": local commands and sync rounds alike.

Anki's operations return what a write changed and every screen decides whether to
redraw (`aqt/operations/__init__.py`, `operation_did_execute`). Here every local
command's `CommandResult` and every finished sync round go out on one
`records_changed(Changes)` signal; a workspace, the status bar or a detail pane
looks at the tables and ids and refreshes only what it shows. No workspace calls
another's controller: a payment recorded in the payments workspace reaches the
licence list the same way a payment pulled from the server does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from desktop.qt import QObject, Signal
from domain.commands import CommandResult

Origin = Literal["local", "sync", "refresh"]


@dataclass(frozen=True)
class Changes:
    """What changed. `ids` maps a table to the ids written in it; a table in `tables`
    but not in `ids` had rows changed that nobody counted (a sync round pulls pages
    of thousands of rows and names only their tables): treat every row of it as changed."""

    tables: frozenset[str]
    ids: dict[str, frozenset[str]] = field(default_factory=dict)
    origin: Origin = "local"
    summary: str = ""
    #: What the command reported back (e.g. the id of a record it created).
    data: dict[str, object] = field(default_factory=dict)

    @classmethod
    def from_result(cls, result: CommandResult) -> Changes:
        by_table: dict[str, set[str]] = {}
        for table, row_id in result.changed:
            by_table.setdefault(table, set()).add(row_id)
        return cls(
            frozenset(by_table),
            {t: frozenset(i) for t, i in by_table.items()},
            "local",
            result.summary,
            dict(result.data),
        )

    @classmethod
    def of_tables(cls, tables: Iterable[str], origin: Origin = "sync") -> Changes:
        return cls(frozenset(tables), {}, origin)

    def touches(self, *tables: str) -> bool:
        return any(t in self.tables for t in tables)

    def ids_in(self, table: str) -> list[str] | None:
        """The changed ids of `table`; None when any of its rows may have changed."""
        ids = self.ids.get(table)
        return sorted(ids) if ids is not None else None

    def created_in(self, table: str, key: str) -> str | None:
        """The id a command created in `table`, when it reported it under `key`."""
        value = self.data.get(key)
        return value if isinstance(value, str) and value in self.ids.get(table, ()) else None


class ChangeHub(QObject):
    """Carries `records_changed(Changes)` on the GUI thread."""

    records_changed = Signal(object)

    def command_done(self, result: CommandResult) -> Changes:
        """Announce what a local command changed; returns the announcement."""
        changes = Changes.from_result(result)
        self.records_changed.emit(changes)
        return changes

    def tables_changed(self, tables: Iterable[str], origin: Origin = "sync") -> None:
        self.records_changed.emit(Changes.of_tables(tables, origin))

    def records_synced(
        self, tables: Iterable[str], ids: Mapping[str, frozenset[str]] | None = None
    ) -> None:
        """A sync round's changes: `ids` for the tables whose rows it counted."""
        named = frozenset(tables)
        counted = {t: frozenset(i) for t, i in (ids or {}).items() if t in named}
        self.records_changed.emit(Changes(named, counted, "sync"))
