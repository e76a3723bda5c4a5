"""Self-test step of the central server: its migrations on an embedded SQLite file."""

from __future__ import annotations

from daftar_cli.selftest import SelfTest, require, step


@step("server migrations", order=60)
def server_migrations(ctx: SelfTest) -> str:
    from server.db import make_engine
    from server.migrate import current_revision, head_revision, prepare_database

    engine = make_engine(f"sqlite:///{(ctx.work / 'server.db').as_posix()}")
    try:
        prepare_database(engine)
        revision = current_revision(engine)
    finally:
        engine.dispose()
    require(
        revision == head_revision(), f"server database at {revision}, expected {head_revision()}"
    )
    return f"embedded SQLite server database migrated to {revision}"
