"""`daftar server`: migrate the database, refresh reference tables, serve.

Migrations run once here, before uvicorn starts any worker, so N workers never race
each other through Alembic. A mistake in how it is started (a database URL that is
not one, a database that is down, a port that is taken) is one line, not a traceback
(`daftar_cli.console`).
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from collections.abc import Sequence

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from daftar_cli.console import UserError, debug_enabled, setup_logging
from daftar_cli.options import PORT, add_verbose, counted, parser_for
from server.settings import (
    ENV_BEHIND_PGBOUNCER,
    ENV_DATABASE_URL,
    ENV_ENROLMENT_KEY,
    ENV_LISTEN_URL,
    ENV_MAX_ACTIVE,
    ENV_TOKEN_GRACE_HOURS,
    POOL_SPARE,
    TOKEN_GRACE_MAX_HOURS,
    Settings,
    token_grace_hours,
)

PAYMENTS_HELP = """\
Payments are off unless the environment names the aggregator:
  DAFTAR_GATEWAY_URL          base URL of the payment aggregator's API (the sandbox
                              gateway: `daftar gateway`, http://127.0.0.1:8765)
  DAFTAR_INTIMATION_SECRET    shared secret that signs the aggregator's payment
                              intimations (without it every intimation is refused)
  DAFTAR_GATEWAY_CLIENT_ID / DAFTAR_GATEWAY_CLIENT_SECRET
                              credentials at the aggregator (sandbox: daftar / sandbox-secret)
More payment settings (job intervals, PSID leases): server/payments/config.py.
Other environment: DAFTAR_DATABASE_URL, DAFTAR_ENROLMENT_KEY (see --db, --enrolment-key).
Deployment: docs/deployment.md."""


def build_parser() -> argparse.ArgumentParser:
    p = parser_for(
        "server",
        "Run the Daftar central server: migrate its database, then serve "
        "the sync API (and payments, when configured) over HTTP.",
        PAYMENTS_HELP,
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=PORT, default=8700, help="port to listen on")
    p.add_argument(
        "--db",
        default=None,
        metavar="URL",
        help="database URL: sqlite:///path or postgresql+psycopg://user@host/db "
        "(default: $DAFTAR_DATABASE_URL, else an SQLite file in the user data "
        "directory)",
    )
    p.add_argument(
        "--demo",
        action="store_true",
        help="a demo server: laptops may enrol "
        "with one shared key (--enrolment-key) instead of one-time codes",
    )
    p.add_argument(
        "--enrolment-key",
        default=None,
        metavar="KEY",
        help="with --demo: the shared key offices type to enrol a laptop (default: "
        "$DAFTAR_ENROLMENT_KEY, else a random key printed at start)",
    )
    p.add_argument(
        "--token-idle-days",
        type=counted(1, 3650, "token-idle-days"),
        default=None,
        metavar="DAYS",
        help="a device token unused this many days is refused "
        "(default: $DAFTAR_TOKEN_IDLE_DAYS, else 90)",
    )
    p.add_argument(
        "--token-grace-hours",
        type=_grace_hours,
        default=None,
        metavar="HOURS",
        help="after a laptop's token is rotated, the old one still works this many hours "
        "until the new one is first used (a laptop that lost the rotation's answer comes "
        f"back with the old one); at most {TOKEN_GRACE_MAX_HOURS} and never beyond "
        f"--token-idle-days (default: ${ENV_TOKEN_GRACE_HOURS}, else "
        f"{Settings.token_grace_hours:g})",
    )
    p.add_argument("--unsigned-commands", action="store_true", help=argparse.SUPPRESS)
    p.add_argument(
        "--workers",
        type=counted(1, 256, "workers"),
        default=1,
        metavar="N",
        help="uvicorn worker processes (about one per CPU core)",
    )
    p.add_argument("--migrate-only", action="store_true", help="migrate the database and exit")
    p.add_argument(
        "--generate-visit-slots",
        action="store_true",
        help="make prisons' visit slots for the booking window from their weekly "
        "templates, list bookings a configuration change touched, and exit "
        "(a serving server does this at start and every day)",
    )
    p.add_argument(
        "--access-log",
        action="store_true",
        help="log every HTTP request (uvicorn's access log; off: a line per sync "
        "round of every desk is noise and CPU)",
    )
    p.add_argument(
        "--max-active",
        type=counted(1, 1000, "max-active"),
        default=None,
        metavar="N",
        help="requests each worker lets at the database at once; more "
        f"wait, then get 503 + Retry-After (default {Settings.max_active}; the pool "
        f"holds this many plus {POOL_SPARE})",
    )
    p.add_argument(
        "--behind-pgbouncer",
        action="store_true",
        help="--db is a PgBouncer in transaction pooling mode (no prepared statements)",
    )
    p.add_argument(
        "--listen-url",
        default=None,
        metavar="URL",
        help="a direct PostgreSQL URL for the feed-heads listener when --db is a "
        "PgBouncer (LISTEN needs a session of its own)",
    )
    add_verbose(p)
    return p


def _grace_hours(text: str) -> float:
    try:
        return token_grace_hours(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


_grace_hours.__name__ = "token-grace-hours"  # argparse names the type in its error line


def worker_environment(args: argparse.Namespace) -> dict[str, str]:
    """The settings given as flags, as the environment the worker processes read
    (`Settings.from_env`): a flag wins over the variable it stands for."""
    env: dict[str, str] = {}
    if args.token_idle_days is not None:
        env["DAFTAR_TOKEN_IDLE_DAYS"] = str(args.token_idle_days)
    if args.token_grace_hours is not None:
        env[ENV_TOKEN_GRACE_HOURS] = repr(args.token_grace_hours)
    if args.max_active is not None:
        env[ENV_MAX_ACTIVE] = str(args.max_active)
    if args.behind_pgbouncer:
        env[ENV_BEHIND_PGBOUNCER] = "1"
    if args.listen_url:
        env[ENV_LISTEN_URL] = args.listen_url
    return env


def open_database(url: str | None, *, pgbouncer: bool = False) -> Engine:
    """The engine of `url` (see `server.db.resolve_url`), migrated and with fresh
    reference tables; a URL that is not one is a `UserError`."""
    from sqlalchemy.exc import ArgumentError

    from server.db import make_engine, resolve_url
    from server.migrate import prepare_database

    resolved = resolve_url(url)
    try:
        backend = make_url(resolved).get_backend_name()
    except ArgumentError:
        raise UserError(
            f"{resolved!r} is not a database URL: write sqlite:///path/to/file.sqlite3 "
            "or postgresql+psycopg://user:password@host:5432/dbname."
        ) from None
    if backend not in ("sqlite", "postgresql"):
        raise UserError(
            f"{resolved!r} names a {backend!r} database; Daftar's server runs on "
            "sqlite:///path or postgresql+psycopg://user@host/db."
        )
    try:
        engine = make_engine(resolved, pgbouncer=pgbouncer)
    except ValueError as exc:  # an in-memory SQLite, which the server cannot share
        raise UserError(str(exc)) from None
    prepare_database(engine)
    return engine


def payments_notice() -> str | None:
    """What is missing for payments, or None when they are configured."""
    from server.payments.config import PaymentSettings

    payments = PaymentSettings.from_settings(None)
    if not payments.gateway_url:
        return (
            "Payments are off: set DAFTAR_GATEWAY_URL (and DAFTAR_INTIMATION_SECRET) to "
            "issue PSIDs and receive payments; see `daftar server --help`."
        )
    if not payments.intimation_secret:
        return (
            f"Payments use {payments.gateway_url}, but DAFTAR_INTIMATION_SECRET is not set: "
            "every payment intimation will be refused."
        )
    return None


def check_port_free(host: str, port: int) -> None:
    """Refuse a port that another program holds before migrating anything (uvicorn
    would find out only after start-up)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise UserError(
                f"Cannot listen on {host}:{port} ({exc.strerror or exc}): another "
                "program may hold the port; choose another with --port, or give an "
                "address of this machine with --host."
            ) from None


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging(verbose=args.verbose, debug=debug_enabled())
    try:  # a mistyped variable stops the server here, not in a worker later
        Settings.from_env()
    except ValueError as exc:
        print(f"daftar server: {exc}", file=sys.stderr)
        return 2
    if not args.migrate_only:
        check_port_free(args.host, args.port)
    from server.db import resolve_url

    url = resolve_url(args.db)
    engine = open_database(url, pgbouncer=args.behind_pgbouncer)
    engine.dispose()
    shown = engine.url.render_as_string(hide_password=True)
    if args.migrate_only:
        print(f"Database at {shown} is up to date.")
        return 0
    from server.visit_slots import generate_slots, run_daily

    if args.generate_visit_slots:
        from server.db import session_factory

        print("\n".join(generate_slots(session_factory(engine)).lines()))
        engine.dispose()
        return 0
    run_daily(engine)
    if args.enrolment_key and not args.demo:
        print(
            "A shared enrolment key is for demo servers only (--demo); laptops enrol with "
            "one-time codes: daftar admin device code --office OFFICE.",
            file=sys.stderr,
        )
        return 2
    key = None
    if args.demo:
        key = args.enrolment_key or os.environ.get(ENV_ENROLMENT_KEY)
        if not key:
            key = secrets.token_urlsafe(12)
            print(f"Demo enrolment key for this run: {key}", file=sys.stderr)
    notice = payments_notice()
    if notice:
        print(notice, file=sys.stderr)
    print(
        f"Daftar server on http://{args.host}:{args.port} (database {shown})",
        file=sys.stderr,
        flush=True,
    )

    import uvicorn

    # Worker processes build the app themselves from the environment (`app_from_env`).
    os.environ[ENV_DATABASE_URL] = url
    os.environ[ENV_ENROLMENT_KEY] = key or ""
    os.environ["DAFTAR_REQUIRE_SIGNATURES"] = "0" if args.unsigned_commands else "1"
    os.environ.update(worker_environment(args))
    log_level = "debug" if debug_enabled() else "info" if args.verbose else "warning"
    # uvicorn[standard]: uvloop and httptools, picked by "auto"; no access log unless asked.
    options = {
        "host": args.host,
        "port": args.port,
        "log_level": log_level,
        "access_log": args.access_log,
        "loop": "auto",
        "http": "auto",
    }
    if args.workers > 1:
        uvicorn.run("server.app:app_from_env", factory=True, workers=args.workers, **options)
    else:
        from server.app import app_from_env

        uvicorn.run(app_from_env(), **options)
    return 0
