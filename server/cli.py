"""`daftar server`: migrate the database, refresh reference tables, serve.

Migrations run once here, before uvicorn starts any worker, so N workers never race
each other through Alembic.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from typing import Sequence

from server.db import make_engine, resolve_url
from server.migrate import prepare_database
from server.settings import (ENV_BEHIND_PGBOUNCER, ENV_DATABASE_URL, ENV_ENROLMENT_KEY,
                             ENV_LISTEN_URL, ENV_MAX_ACTIVE, POOL_SPARE, Settings)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="daftar server", description="Run the Daftar central server.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8700, help="port to listen on (default 8700)")
    p.add_argument("--db", default=None, help="database URL: sqlite:///path or "
                   "postgresql+psycopg://user@host/db (default: $DAFTAR_DATABASE_URL, else an "
                   "SQLite file in the user data directory)")
    p.add_argument("--enrolment-key", default=None, help="key offices type to enrol a laptop "
                   "(default: $DAFTAR_ENROLMENT_KEY, else a random key printed at start)")
    p.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    p.add_argument("--max-active", type=int, default=None, help="requests each worker lets at "
                   f"the database at once; more wait, then get 503 + Retry-After (default "
                   f"{Settings.max_active}; the pool holds this many plus {POOL_SPARE})")
    p.add_argument("--behind-pgbouncer", action="store_true", default=None,
                   help="--db is a PgBouncer in transaction pooling mode (no prepared statements)")
    p.add_argument("--listen-url", default=None, help="a direct PostgreSQL URL for the feed-heads "
                   "listener when --db is a PgBouncer (LISTEN needs a session)")
    p.add_argument("--access-log", action="store_true", help="log a line per request (off: a "
                   "line per sync round of every desk is noise and CPU)")
    p.add_argument("--migrate-only", action="store_true", help="migrate and exit")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    url = resolve_url(args.db)
    key = args.enrolment_key or os.environ.get(ENV_ENROLMENT_KEY)
    if not key:
        key = secrets.token_urlsafe(12)
        print(f"Enrolment key for this run: {key}", file=sys.stderr)
    engine = make_engine(url, pgbouncer=bool(args.behind_pgbouncer))
    prepare_database(engine)
    engine.dispose()
    if args.migrate_only:
        print(f"Database at {engine.url.render_as_string(hide_password=True)} is up to date.")
        return 0

    import uvicorn

    # Worker processes build the app themselves from the environment (`app_from_env`).
    os.environ[ENV_DATABASE_URL] = url
    os.environ[ENV_ENROLMENT_KEY] = key
    if args.max_active is not None:
        os.environ[ENV_MAX_ACTIVE] = str(args.max_active)
    if args.behind_pgbouncer:
        os.environ[ENV_BEHIND_PGBOUNCER] = "1"
    if args.listen_url:
        os.environ[ENV_LISTEN_URL] = args.listen_url
    # uvicorn[standard]: uvloop and httptools, picked by "auto"; no access log unless asked.
    options = {"host": args.host, "port": args.port, "log_level": "info",
               "access_log": args.access_log, "loop": "auto", "http": "auto"}
    if args.workers > 1:
        uvicorn.run("server.app:app_from_env", factory=True, workers=args.workers, **options)
    else:
        from server.app import app_from_env

        uvicorn.run(app_from_env(), **options)
    return 0
