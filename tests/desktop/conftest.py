"""Desktop fixtures: a store in tmp_path, one operator, the real main window.

The window is the one operators use (`open_main_window` builds what `run_gui` builds,
minus the login); the database worker is a real thread, so tests wait for results
with qtbot.waitUntil / waitSignal, never with sleeps.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.app import Session, open_main_window
from desktop.operators import Operator, log_in, remember
from desktop.worker import DbWorker
from sync import signing
from sync.status import SyncStatus
from sync.store.local import LocalStore

PASSWORD = "correct horse"
AMINA = {
    "id": "0193f0c2-0000-7000-8000-00000000a1a1",
    "username": "amina",
    "full_name": "Amina Bibi",
    "full_name_ur": "آمنہ بی بی",
    "roles": ["supervisor"],
    "scope": {"districts": ["PSH"]},
    "active": True,
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LocalStore]:
    s = LocalStore.open("t", path=tmp_path / "s.db", key="0" * 64)
    yield s
    s.close()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def operator(store: LocalStore) -> Operator:
    """Amina, as if she had logged in online on this desk once (her key made and
    wrapped, the verifier kept), then logged in: her key signs what the tests do."""
    remember(store, AMINA, PASSWORD, signing.new_key_pair()[0])
    return log_in(store, "amina", PASSWORD)


@pytest.fixture
def worker(qapp: Any) -> Iterator[DbWorker]:
    w = DbWorker()
    w.start()
    yield w
    w.stop()


@pytest.fixture
def session(qtbot: Any, store: LocalStore, operator: Operator) -> Iterator[Session]:
    s = open_main_window(store, operator, lang="en")
    assert s.window is not None
    s.window.licences.open_after_print = False
    qtbot.waitUntil(lambda: s.window.licences.model.complete, timeout=5000)
    yield s
    s.close()


class FakeEngine:
    """The interface of sync.engine.SyncEngine, driven by the test."""

    def __init__(self) -> None:
        self.status = SyncStatus(state="offline")
        self.listeners: list[Any] = []
        self.started = self.stopped = False
        self.sync_requests = 0

    def add_listener(self, listener: Any) -> None:
        self.listeners.append(listener)

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.stopped = True

    def sync_now(self) -> None:
        self.sync_requests += 1

    def report(self, status: SyncStatus) -> None:
        self.status = status
        for listener in self.listeners:
            listener(status)


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine()
