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
from server.settings import ENV_DATABASE_URL, ENV_ENROLMENT_KEY, Settings


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="daftar server", description="Run the Daftar central server.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8700, help="port to listen on (default 8700)")
    p.add_argument("--db", default=None, help="database URL: sqlite:///path or "
                   "postgresql+psycopg://user@host/db (default: $DAFTAR_DATABASE_URL, else an "
                   "SQLite file in the user data directory)")
    p.add_argument("--demo", action="store_true", help="a demo server: laptops may enrol "
                   "with one shared key (--enrolment-key) instead of one-time codes")
    p.add_argument("--enrolment-key", default=None, help="with --demo: the shared key "
                   "(default: $DAFTAR_ENROLMENT_KEY, else a random key printed at start)")
    p.add_argument("--token-idle-days", type=int, default=None, help="a device token unused "
                   "this many days is refused (default: $DAFTAR_TOKEN_IDLE_DAYS, else 90)")
    p.add_argument("--unsigned-commands", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    p.add_argument("--migrate-only", action="store_true", help="migrate and exit")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    url = resolve_url(args.db)
    key = None
    if args.demo:
        key = args.enrolment_key or os.environ.get(ENV_ENROLMENT_KEY)
        if not key:
            key = secrets.token_urlsafe(12)
            print(f"Demo enrolment key for this run: {key}", file=sys.stderr)

    engine = make_engine(url)
    prepare_database(engine)
    engine.dispose()
    if args.migrate_only:
        print(f"Database at {engine.url.render_as_string(hide_password=True)} is up to date.")
        return 0

    if args.enrolment_key and not args.demo:
        print("A shared enrolment key is for demo servers only (--demo); laptops enrol with "
              "one-time codes: daftar admin device code --office OFFICE.", file=sys.stderr)
        return 2
    import uvicorn

    idle_days = args.token_idle_days or int(os.environ.get("DAFTAR_TOKEN_IDLE_DAYS", "90"))
    settings = Settings(db_url=url, enrolment_key=key, host=args.host, port=args.port,
                        require_signatures=not args.unsigned_commands, token_idle_days=idle_days)
    if args.workers > 1:
        # Worker processes build the app themselves from the environment.
        os.environ[ENV_DATABASE_URL] = url
        os.environ[ENV_ENROLMENT_KEY] = key or ""
        os.environ["DAFTAR_REQUIRE_SIGNATURES"] = "0" if args.unsigned_commands else "1"
        os.environ["DAFTAR_TOKEN_IDLE_DAYS"] = str(idle_days)
        uvicorn.run("server.app:app_from_env", factory=True, host=args.host, port=args.port,
                    workers=args.workers, log_level="info")
    else:
        from server.app import create_app, serving

        uvicorn.run(serving(create_app(settings)), host=args.host, port=args.port,
                    log_level="info")
    return 0
