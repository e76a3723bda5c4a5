"""Self-test steps of the installation itself: the bundle's files, a fresh
encrypted store, and the upgrade of an older store."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from daftar_cli.selftest import SelfTest, require, step


@step("bundle contents", order=10)
def bundle_contents(ctx: SelfTest) -> str:
    from domain.resources import resources_root
    from server import migrate as server_migrate
    from sync.store import migrate as store_migrate

    root = resources_root()
    require(root.is_dir(), f"no resources folder at {root}")
    for name in (
        "fonts/NotoNastaliqUrdu-Regular.ttf",
        "fonts/NotoNastaliqUrdu-Bold.ttf",
        "fonts/OFL.txt",
        "reference/districts.json",
        "reference/offices.json",
        "reference/weapon_types.json",
        "reference/prisons.json",
    ):
        require((root / name).is_file(), f"{root / name} is missing")
    fees = sorted(p.name for p in (root / "fees").glob("*.json"))
    require(fees, f"no fee schedules in {root / 'fees'}")
    qm = sorted(p.name for p in (root / "translations").glob("*.qm"))
    if not qm:
        ctx.notes.append(
            f"no compiled translations (.qm) in {root / 'translations'}: "
            "the desktop will show English only"
        )
    store_head = store_migrate.head_revision()
    server_head = server_migrate.head_revision()
    frozen = "frozen bundle" if getattr(sys, "frozen", False) else "source checkout"
    return (
        f"{frozen}; resources at {root}: fonts, reference data, {len(fees)} fee "
        f"schedules, {len(qm)} translations; migrations: store head {store_head}, "
        f"server head {server_head}"
    )


@step("fresh encrypted store", order=20)
def fresh_store(ctx: SelfTest) -> str:
    from sync.store.local import LocalStore
    from sync.store.migrate import head_revision

    path = ctx.work / "profiles" / "selftest.db"
    key_file = ctx.work / "selftest.key"
    ctx.store = LocalStore.open("selftest", path=path, key_file=key_file)
    report = ctx.store.migration
    require(
        report.from_revision is None and report.to_revision == head_revision(),
        f"a new store should migrate from nothing to {head_revision()}, "
        f"got {report.from_revision} -> {report.to_revision}",
    )
    with ctx.store.engine.connect() as conn:
        journal = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
        cipher = conn.exec_driver_sql("PRAGMA cipher_version").scalar()
    require(journal == "wal", f"journal mode is {journal}, expected wal")
    require(cipher, "SQLCipher reports no cipher version: the store is not encrypted")
    require(
        not path.read_bytes()[:16].startswith(b"SQLite format 3"),
        f"{path} is a plain SQLite file: it should be encrypted",
    )
    if os.name != "nt":
        mode = path.stat().st_mode & 0o777
        require(mode == 0o600, f"{path} has mode {mode:04o}; a store must be 0600")
    _sign_in(ctx)
    return (
        f"SQLCipher {cipher}, WAL, migrated to {report.to_revision}, key in a file, "
        "file 0600, an operator's key unwrapped with argon2id, a signature checked"
    )


def _sign_in(ctx: SelfTest) -> None:
    """A self-test operator, as an online login would leave them on this desk (key made
    and wrapped, verifier kept), then logged in offline: the commands of later steps are
    signed the way every desk signs them."""
    from desktop.operators import log_in, remember
    from sync import signing

    profile = {
        "id": "00000000-0000-7000-8000-5e1f7e570001",
        "username": "selftest",
        "full_name": "Self Test",
        "roles": ["licence_operator"],
        "active": True,
    }
    key, public = signing.new_key_pair()
    remember(ctx.store, profile, "selftest-password", key)
    log_in(ctx.store, "selftest", "selftest-password")
    require(ctx.store.signer is not None, "the self-test operator could not log in")
    # OpenSSL signs, libsodium checks (the embedded server checks every command so)
    signed = signing.sign(key, b"selftest")
    require(
        signing.verify(public, b"selftest", signed)
        and not signing.verify(public, b"selftest!", signed),
        "a command signature made here does not check out here",
    )


@step("upgrade of an older store", order=90, when=lambda ctx: ctx.upgrade is not None)
def upgrade_check(ctx: SelfTest) -> str:
    assert ctx.upgrade is not None
    path, key = ctx.upgrade
    require(path.is_file(), f"no store at {path}")
    before = _snapshot(path, key)
    from sync.store.local import LocalStore
    from sync.store.migrate import head_revision

    store = LocalStore.open("upgrade-check", path=path, key=key, create=False)
    try:
        report = store.migration
    finally:
        store.close()
    after = _snapshot(path, key)
    head = head_revision()
    require(
        report.from_revision == before.revision,
        f"the store was at {before.revision} but migrated from {report.from_revision}",
    )
    require(after.revision == head, f"the store is at {after.revision}, expected {head}")
    lost = {
        t: len(ids - after.records.get(t, set()))
        for t, ids in before.records.items()
        if ids - after.records.get(t, set())
    }
    require(not lost, f"records lost in the upgrade: {lost}")
    missing = [c for c in before.pending if c not in after.pending]
    require(
        not missing,
        f"{len(missing)} pending commands changed or disappeared in the "
        f"upgrade (first: {missing[0] if missing else ''})",
    )
    backup_text = "already current, no backup needed"
    if before.revision != head:
        backup = report.backup
        require(backup is not None and backup.is_file(), "no backup was taken before migrating")
        assert backup is not None
        copy = _snapshot(backup, key)
        require(
            copy.revision == before.revision and copy.records == before.records,
            f"the backup {backup} does not hold the store as it was",
        )
        backup_text = f"backup {backup.name}"
    records = sum(len(ids) for ids in before.records.values())
    return (
        f"{path.name}: {before.revision} -> {after.revision}; {records} records in "
        f"{len(before.records)} tables and {len(before.pending)} pending commands kept; "
        f"{backup_text}"
    )


class _Snapshot:
    def __init__(
        self,
        revision: str | None,
        records: dict[str, set[tuple[Any, ...]]],
        pending: list[tuple[Any, ...]],
    ):
        self.revision, self.records, self.pending = revision, records, pending


def _snapshot(path: Path, key: str) -> _Snapshot:
    """Primary keys of every record table and the pending outbox of a store, read
    without migrating it. Reference tables are left out: they are refilled from
    `resources/reference/` on every start, so their rows may change legitimately."""
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import inspect as sa_inspect
    from sqlalchemy import text

    from domain.reference_tables import reference_rows
    from sync.store.engine import open_engine

    skip = {table.name for table, _ in reference_rows()} | {"alembic_version"}
    engine = open_engine(path, key)
    try:
        with engine.connect() as conn:
            revision = MigrationContext.configure(conn).get_current_revision()
            inspector = sa_inspect(conn)
            records: dict[str, set[tuple[Any, ...]]] = {}
            for table in inspector.get_table_names():
                if table in skip:
                    continue
                pk = inspector.get_pk_constraint(table).get("constrained_columns") or ["rowid"]
                cols = ", ".join(f'"{c}"' if c != "rowid" else c for c in pk)
                records[table] = {
                    tuple(r) for r in conn.execute(text(f'SELECT {cols} FROM "{table}"'))
                }
            pending: list[tuple[Any, ...]] = []
            if "outbox" in records:
                pending = [
                    tuple(r)
                    for r in conn.execute(
                        text(
                            "SELECT device_seq, command_id, name, args, actor, state FROM outbox "
                            "WHERE state = 'pending' ORDER BY device_seq"
                        )
                    )
                ]
    finally:
        engine.dispose()
    return _Snapshot(revision, records, pending)
