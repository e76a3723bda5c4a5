"""Bringing the server's database to the newest schema, and its reference tables up
to date, before the app serves a request.

Alembic runs programmatically (no alembic.ini): the script folder is this package's
`migrations/` and the connection is passed in, so the same call works for the CLI,
each test's fresh database and a frozen bundle.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from domain.reference_tables import fill_reference_tables
from server.blobs import BlobStore

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    """Alembic's configuration without an ini file: only the script folder."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    """The newest migration this code ships."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (None for an empty database)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, target: str = "head", blobs: BlobStore | None = None) -> None:
    """Run every migration up to `target`; each step commits with its version bump.
    `blobs`: the attachment store a data migration moves bytes into (0013); the
    app's default folder when not given."""
    cfg = alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        if blobs is not None:
            cfg.attributes["blobs"] = blobs
        command.upgrade(cfg, target)
        conn.commit()


def prepare_database(engine: Engine, blobs: BlobStore | None = None) -> None:
    """Migrate, copy `resources/reference/` into the reference tables and give payment
    exceptions older than their synced copies one: what the server does on every start
    (and what each test database gets)."""
    upgrade(engine, blobs=blobs)
    with engine.begin() as conn:
        fill_reference_tables(conn)
    # Payment exceptions raised before revision 0008 get their synced copies (issue 19).
    from server.db import session_factory
    from server.payments.exception_rows import backfill

    backfill(session_factory(engine))
