"""The one place where the desktop meets the sync engine.

The engine calls its listeners from its own thread; Qt widgets may only be touched
on the GUI thread. The bridge re-emits each `SyncStatus` through a queued signal, so
the status bar and the workspaces receive it on the GUI thread, in order. With no
server configured (`engine=None`) the desktop still starts and works: the bridge
reports "offline — no server configured" and counts pending work itself.

Local commands change the pending count without the engine knowing until its next
round, so the bridge also re-reads the counts (in the database worker) when told
that a command ran.

The bridge also owns the desk's one change signal (`changes.records_changed`, see
`desktop.changes`): when a round ends, the tables it changed go out there, next to
the results of local commands, and each workspace decides what to read again.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import func, select

from desktop.changes import ChangeHub
from desktop.db import read_scalar
from desktop.qt import QObject, Qt, Signal
from desktop.worker import DbWorker
from domain.models import FieldConflict
from sync.status import StatusListener, SyncStatus
from sync.store.client_models import OutboxCommand, SyncFact
from sync.store.local import LocalStore

NO_SERVER = "offline — no server configured"


class EngineLike(Protocol):
    """What the bridge needs of `sync.engine.SyncEngine` (tests pass a fake)."""

    status: SyncStatus

    def start(self) -> None: ...
    def stop(self) -> None: ...
    def sync_now(self) -> None: ...
    def add_listener(self, listener: StatusListener) -> None: ...


class SyncBridge(QObject):
    """Re-emits engine statuses on the GUI thread; `status` is the latest one."""

    status_changed = Signal(object)  # SyncStatus
    _from_engine = Signal(object)

    def __init__(
        self,
        store: LocalStore,
        worker: DbWorker,
        engine: EngineLike | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.worker = worker
        self.engine = engine
        self.changes = ChangeHub(self)
        self._stopped = False
        if engine is None:
            self.status = SyncStatus(state="offline", message=NO_SERVER)
        else:
            self.status = engine.status
            # Explicitly queued: the engine emits from its thread, the slot runs here.
            self._from_engine.connect(self._accept, Qt.ConnectionType.QueuedConnection)
            engine.add_listener(self._from_engine.emit)

    @property
    def has_server(self) -> bool:
        return self.engine is not None

    def start(self) -> None:
        """Start the engine's thread (if any) and read the counts once; not again
        once stopped (a window closing as its start was due)."""
        if self._stopped:
            return
        if self.engine is not None:
            self.engine.start()
        self.refresh_counts()

    def stop(self) -> None:
        self._stopped = True
        if self.engine is not None:
            self.engine.stop()

    def sync_now(self) -> bool:
        """Ask for a round now; False when there is no server to sync with."""
        if self.engine is None:
            return False
        self.engine.sync_now()
        return True

    def refresh_counts(self) -> None:
        """Re-read pending and needs-attention counts after local work (off the GUI thread)."""
        store = self.store

        def counts() -> dict[str, Any]:
            # Same counts as LocalStore.pending_count/attention_count, read through the
            # lock-free read engine so they never queue behind a sync page write.
            pending = (
                read_scalar(
                    store,
                    select(func.count())
                    .select_from(OutboxCommand)
                    .where(OutboxCommand.state == "pending"),
                )
                or 0
            )
            rejected = (
                read_scalar(
                    store,
                    select(func.count())
                    .select_from(OutboxCommand)
                    .where(OutboxCommand.state.in_(("rejected", "conflict"))),
                )
                or 0
            )
            conflicts = (
                read_scalar(
                    store,
                    select(func.count())
                    .select_from(FieldConflict)
                    .where(FieldConflict.status == "open"),
                )
                or 0
            )
            last = read_scalar(store, select(SyncFact.value).where(SyncFact.key == "last_sync"))
            return {
                "pending": pending,
                "attention": rejected + conflicts,
                "last_sync": datetime.fromisoformat(last) if last else None,
            }

        self.worker.submit(counts, on_done=self._counts, key="sync-counts")

    def _counts(self, counts: dict[str, Any]) -> None:
        last = self.status.last_sync or counts["last_sync"]
        self._publish(
            replace(
                self.status,
                pending=counts["pending"],
                attention=counts["attention"],
                last_sync=last,
            )
        )

    def _accept(self, status: SyncStatus) -> None:
        if status.last_sync is None and self.status.last_sync is not None:
            status = replace(status, last_sync=self.status.last_sync)
        round_ended = self.status.state == "syncing" and status.state != "syncing"
        self._publish(status)
        if round_ended:
            # The tables a round changed, with the ids of those it counted (a table
            # with thousands of changed rows is only named: any row may have changed).
            self.changes.records_synced(status.changed_tables, status.changed_ids)

    def _publish(self, status: SyncStatus) -> None:
        self.status = status
        self.status_changed.emit(status)
