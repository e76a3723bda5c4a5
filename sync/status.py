"""What the sync engine tells the window: connectivity, progress, counts.

The desktop's status bar shows these at all times (DESIGN.md principle 5); listeners
are called from the engine's thread, so a Qt bridge must hand them to the GUI thread
with a queued signal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

#: "busy": the server answered 503 (it sheds load at a morning burst); the link works.
Connectivity = Literal["online", "offline", "busy", "syncing", "not_enrolled", "revoked"]
#: The states in which the desk reaches its server (what it pulled last still holds).
LINKED: frozenset[str] = frozenset({"online", "syncing", "busy"})


@dataclass(frozen=True)
class SyncStatus:
    state: Connectivity = "offline"
    last_sync: datetime | None = None
    pending: int = 0
    attention: int = 0  # rejected commands + open field conflicts
    progress_done: int = 0
    progress_total: int | None = None  # None: unknown (e.g. bootstrap page count)
    message: str = ""
    changed_tables: frozenset[str] = field(default_factory=frozenset)
    #: Ids the round wrote per table, for the tables it counted (see RoundReport).
    changed_ids: dict[str, frozenset[str]] = field(default_factory=dict)
    #: Seconds the server asked the desk to wait (state "busy").
    retry_after: float | None = None


StatusListener = Callable[[SyncStatus], None]
