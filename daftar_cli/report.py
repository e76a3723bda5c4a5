"""`daftar report NAME`: the dashboard's reports as files, without the desktop.

The same builders and writers as the desk's Reports menu (`desktop.dashboard.reports`),
over a profile's store or, with --server-db, a central server's database (both hold
the same tables), so a file made here equals the one the desk makes for that filter.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from daftar_cli.console import UserError
from daftar_cli.options import add_profile_options, add_verbose, parser_for

NAMES = ("daily_revenue", "licences_issued", "pending_mutations", "visit_roster")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-30"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    p = parser_for(
        "report",
        "Write a report as PDF (English and Urdu), .xlsx or CSV: the "
        "daily revenue per district with its reconciliation exceptions, the "
        "fortnightly list of licences issued for the Home Department, the pending "
        "mutations per tehsil and clerk, or the day's visit roster per prison.",
    )
    p.add_argument("name", choices=NAMES, help="which report")
    p.add_argument(
        "--from",
        dest="start",
        type=_day,
        default=None,
        metavar="YYYY-MM-DD",
        help="first office day (default: any; licences_issued: 13 days before --to; "
        "visit_roster: today)",
    )
    p.add_argument(
        "--to",
        dest="end",
        type=_day,
        default=None,
        metavar="YYYY-MM-DD",
        help="last office day, included (default: any; licences_issued: today)",
    )
    p.add_argument(
        "--district",
        action="append",
        default=None,
        metavar="CODE",
        help="only this district (repeat for more; default: every district held)",
    )
    p.add_argument("--format", choices=("pdf", "xlsx", "csv"), default="pdf", help="file format")
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="PATH",
        help="file to write (default: NAME_FROM_TO.FORMAT in this folder)",
    )
    p.add_argument(
        "--server-db",
        default=None,
        metavar="URL",
        help="read a central server's database at this URL instead of a profile",
    )
    add_profile_options(p, creates=False)
    add_verbose(p)
    return p


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(argv)
    from desktop.dashboard import reports
    from domain import reference
    from domain.errors import NotFound

    codes = args.district or [d.code for d in reference.districts()]
    for code in codes:
        try:
            reference.district(code)
        except NotFound as exc:
            raise UserError(f"{exc.message} (--district {code})") from None
    if args.start and args.end and args.start > args.end:
        raise UserError(f"--from {args.start} is after --to {args.end}; swap them.")
    flt = reports.default_filter(args.name, codes, args.start, args.end)
    out = args.out or Path(f"{args.name}_{flt.start or 'start'}_{flt.end or 'end'}.{args.format}")
    started = time.perf_counter()
    if args.server_db:
        from server.cli import open_database

        engine = open_database(args.server_db)
    else:
        from daftar_cli.stores import open_store
        from desktop.db import read_engine

        engine = read_engine(open_store(args.profile, args.key_file, create=False))
    with engine.connect() as conn:
        report = reports.build(args.name, conn, flt)
    reports.write(report, args.format, out)
    rows = sum(len(s.rows) for s in report.sections)
    print(f"Wrote {out} ({rows:,} rows) in {time.perf_counter() - started:.1f} s.", file=sys.stderr)
    return 0
