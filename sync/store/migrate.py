"""Migrating a profile's store on start, after taking a backup.

Each step runs in its own transaction with the version bump (Alembic's
`transaction_per_migration`), so an interrupted upgrade leaves a store at a known
version that the next start carries on from; the backup is there if a step is wrong.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from sync.attachments import DeskAttachments
from sync.store.engine import pragma_outside_transaction

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@dataclass
class MigrationReport:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def backup_store(engine: Engine, path: Path, revision: str | None) -> Path:
    """Copy the (still encrypted) file after folding the WAL into it."""
    with engine.connect() as conn:
        pragma_outside_transaction(conn, "PRAGMA wal_checkpoint(TRUNCATE)")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.stem}.{revision or 'empty'}.{stamp}.bak")
    # Created 0600 before the copy fills it: a backup is as private as the store.
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    shutil.copyfile(path, target)
    if os.name != "nt":
        os.chmod(target, 0o600)
    return target


def migrate_store(
    engine: Engine, path: Path, target: str = "head", attachments: DeskAttachments | None = None
) -> MigrationReport:
    """Bring the store to `target`, backing it up first if it holds an older schema.
    `attachments`: the profile's encrypted attachment cache, where step 0009 moves the
    scans older stores kept inside their rows (without it, a store that holds such
    scans is not migrated: its bytes would have nowhere to go)."""
    before = current_revision(engine)
    head = head_revision() if target == "head" else target
    backup = None
    if before == head:
        return MigrationReport(before, head, None)
    if before is not None:
        backup = backup_store(engine, path, before)
    cfg = _config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        cfg.attributes["attachments"] = attachments
        command.upgrade(cfg, target)
        conn.commit()
    return MigrationReport(before, head, backup)
