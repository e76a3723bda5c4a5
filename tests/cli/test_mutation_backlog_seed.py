"""`daftar seed --mutation-backlog`: the backlog view's trend falls from 813 to 386."""

from __future__ import annotations

from pathlib import Path

from daftar_cli.mutation_seed import seed_mutation_backlog
from desktop.mutations.backlog import load_backlog
from sync.store.local import LocalStore


def test_the_demo_districts_backlog_falls_from_813_to_386(tmp_path: Path):
    store = LocalStore.open("t", path=tmp_path / "s.db", key="0" * 64)
    try:
        with store.sessions() as session:
            report = seed_mutation_backlog(session)
        assert (report.pending_first_week, report.pending_last_week) == (813, 386)
        backlog = load_backlog(store)
        pending = [n for _, n in backlog.weeks]
        assert pending[-12] == 813 and pending[-1] == 386
        assert all(a >= b for a, b in zip(pending[-12:], pending[-11:]))  # it only falls
        assert backlog.pending == 386
        assert sum(c["entered"] for c in backlog.by_clerk.values()) == report.mutations
    finally:
        store.close()
