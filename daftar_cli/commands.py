"""The `daftar` subcommands about one profile: the desktop, enrolment, headless sync,
seeding and screenshots. Each is `NAME(argv) -> exit status` with its own parser,
listed in `daftar_cli.registry`."""

from __future__ import annotations

import platform
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from daftar_cli.console import (
    EXIT_MACHINE,
    UserError,
    check_server_url,
    debug_enabled,
    setup_logging,
)
from daftar_cli.options import add_profile_options, add_verbose, counted, parser_for
from daftar_cli.stores import discard_new_store, engine_for, is_new_profile, open_store
from sync.store.profiles import require_profile

__all__ = ["engine_for", "enrol", "gui", "screenshots", "seed", "sync", "verify_certificate"]


def gui(argv: Sequence[str]) -> int:
    p = parser_for(
        "gui",
        "Open the Daftar desktop for a profile.",
        "Without --profile this is the 'default' profile, made on the desktop's "
        "first start; a named profile must exist already.",
    )
    add_profile_options(p, creates=False)
    p.add_argument(
        "--lang",
        choices=("en", "ur"),
        default=None,
        help="language of the desktop (default: the last one chosen, else English)",
    )
    args = p.parse_args(argv)
    if args.profile is not None:
        require_profile(args.profile)  # before the screen: a typo is the first thing to say
    from daftar_cli.qt_check import explain_missing_qt_libraries

    problem = explain_missing_qt_libraries()
    if problem:
        raise UserError(problem.removeprefix("daftar: "), EXIT_MACHINE)
    # The desktop's own first start makes the default profile; a name typed by hand
    # must name a profile that exists.
    store = open_store(args.profile, args.key_file, create=args.profile is None)
    from desktop.app import run_gui

    return run_gui(store, engine_for(store), lang=args.lang)


def enrol(argv: Sequence[str]) -> int:
    p = parser_for(
        "enrol",
        "Enrol a profile's store with a central server: the laptop gets "
        "its device number, its office's districts and a token. Creates the profile "
        "if needed; if enrolment fails, a profile made for it is removed again.",
    )
    add_profile_options(p, creates=True)
    p.add_argument(
        "--server",
        required=True,
        metavar="URL",
        help="address of the central server, e.g. https://daftar.example.gov.pk "
        "(plain http only to 127.0.0.1)",
    )
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument(
        "--code",
        "--enrolment-key",
        dest="code",
        metavar="CODE",
        help="the one-time enrolment code the administrator issued for this "
        "laptop's office (`daftar admin device code --office OFFICE`)",
    )
    how.add_argument(
        "--demo-key", metavar="KEY", help="the shared key of a demo server (`daftar server --demo`)"
    )
    p.add_argument(
        "--office",
        default=None,
        metavar="CODE",
        help="office this laptop belongs to, e.g. DC-PSH (needed with --demo-key; "
        "with a code the server knows the office)",
    )
    p.add_argument(
        "--ca-bundle",
        default=None,
        metavar="FILE",
        help="CA certificates to verify the server's certificate with (default: the system's)",
    )
    add_verbose(p)
    args = p.parse_args(argv)
    setup_logging(verbose=args.verbose, debug=debug_enabled())
    if args.demo_key and not args.office:
        raise UserError("--demo-key needs --office (the office this laptop belongs to).")
    url = check_server_url(args.server)
    from sync.enrol import enrol as enrol_store
    from sync.transport import Transport

    if not Transport(
        url, connect_timeout=5.0, read_timeout=10.0, ca_bundle=args.ca_bundle
    ).health():
        raise UserError(
            f"No Daftar server answers at {url}: check the address and the "
            "network, and that the server is running. Nothing was created."
        )
    new = is_new_profile(args.profile)
    store = open_store(args.profile, args.key_file, create=True)
    try:
        info = enrol_store(
            store,
            url,
            args.code or args.demo_key,
            office_code=args.office,
            demo_key=args.code is None,
            device_name=f"{platform.node()}:{store.profile}",
            ca_bundle=args.ca_bundle,
        )
    except BaseException:
        if new:
            discard_new_store(store, args.key_file)
        raise
    print(
        f"Enrolled profile {store.profile!r} as device {info['device_no']} of office "
        f"{info['office_code']} (districts {', '.join(info['district_codes'])})."
    )
    return 0


def sync(argv: Sequence[str]) -> int:
    p = parser_for("sync", "Run the sync engine of an enrolled profile without the desktop.")
    add_profile_options(p, creates=False)
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--once", action="store_true", help="one round: push, pull, then exit")
    mode.add_argument(
        "--watch",
        action="store_true",
        help="keep syncing in the background until Ctrl+C, printing each change of state",
    )
    add_verbose(p)
    args = p.parse_args(argv)
    setup_logging(verbose=args.verbose, debug=debug_enabled())
    store = open_store(args.profile, args.key_file, create=False)
    engine = engine_for(store)
    if engine is None:
        raise UserError(
            f"Profile {store.profile!r} is not enrolled with a server yet: run "
            f"`daftar enrol --profile {store.profile} --server URL --code CODE` "
            "first."
        )
    if store.revoked():
        raise UserError(
            "The server revoked this computer's enrolment; nothing is sent. Ask the "
            "district administrator to enrol it again (daftar enrol --code ...)."
        )
    if args.once:
        report = engine.run_once()
        print(
            f"pushed {report.pushed} (rejected {report.rejected}, conflicts {report.conflicts}), "
            f"pulled {report.pulled}, replayed {report.replayed} in {report.seconds:.2f} s"
        )
        return 0
    engine.add_listener(
        lambda s: print(
            f"{s.state} pending={s.pending} attention={s.attention} {s.message}", flush=True
        )
    )
    engine.start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        engine.stop()
    return 0


def seed(argv: Sequence[str]) -> int:
    p = parser_for(
        "seed",
        "Generate demo records into a profile's store (created if needed) "
        "or into a central server's database.",
    )
    add_profile_options(p, creates=True)
    p.add_argument(
        "--applications",
        type=counted(1, 5_000_000, "applications"),
        default=10_000,
        metavar="N",
        help="how many licence applications to generate (default: %(default)s)",
    )
    p.add_argument(
        "--seed-figures",
        action="store_true",
        help="the seed figures instead: 474,560 applications, 203,998 vouchers, "
        "Rs 1.9 bn collected, Rs 345 m in process",
    )
    p.add_argument(
        "--server-db",
        default=None,
        metavar="URL",
        help="seed the central server's database at this URL (sqlite:///path or "
        "postgresql+psycopg://...) instead of a profile",
    )
    p.add_argument(
        "--district",
        action="append",
        default=None,
        metavar="CODE",
        help="only these districts (repeat for more; default: all)",
    )
    p.add_argument(
        "--mutation-backlog",
        action="store_true",
        help="instead: a demo district (Peshawar) whose pending manual mutations "
        "fall from 813 to 386 over twelve weeks, for the backlog view",
    )
    add_verbose(p)
    args = p.parse_args(argv)
    setup_logging(verbose=args.verbose, debug=debug_enabled())
    if args.mutation_backlog:
        from daftar_cli.mutation_seed import seed_mutation_backlog

        store = open_store(args.profile, args.key_file, create=True)
        with store.sessions() as session:
            backlog = seed_mutation_backlog(session)
        print(
            f"Seeded {backlog.mutations:,} mutations: {backlog.pending_first_week:,} pending "
            f"after the first week, {backlog.pending_last_week:,} after the last."
        )
        return 0
    if args.district:
        from domain import reference
        from domain.errors import NotFound

        for code in args.district:
            try:
                reference.district(code)
            except NotFound as exc:
                raise UserError(f"{exc.message} (--district {code})") from None
    from daftar_cli.seed import seed_server, seed_sqlite_raw

    n = 474_560 if args.seed_figures else args.applications
    last = [0.0]

    def progress(done: int) -> None:
        now = time.perf_counter()
        if now - last[0] > 1 or done == n:
            last[0] = now
            print(f"\r  {done:,} / {n:,} applications", end="", file=sys.stderr, flush=True)

    started = time.perf_counter()
    if args.server_db:
        from server.cli import open_database

        engine = open_database(args.server_db)
        report = seed_server(
            engine, n, figures=args.seed_figures, districts=args.district, progress=progress
        )
    else:
        store = open_store(args.profile, args.key_file, create=True)
        report = seed_sqlite_raw(
            store.engine,
            n,
            figures=args.seed_figures,
            districts=args.district,
            versions=False,
            progress=progress,
        )
    total = time.perf_counter() - started
    print(
        f"\nSeeded {report.applications:,} applications and {report.vouchers:,} vouchers in "
        f"{total:.1f} s ({report.applications / total:,.0f} applications/s including index "
        "builds)."
    )
    return 0


def screenshots(argv: Sequence[str]) -> int:
    p = parser_for(
        "screenshots",
        "Render the main screens of the desktop to PNG files "
        "(offscreen Qt; used by `make screenshots`).",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=Path("screenshots"),
        metavar="FOLDER",
        help="folder to write the PNG files into",
    )
    args = p.parse_args(argv)
    from desktop.screenshots import main as screenshots_main

    return int(screenshots_main([str(args.out)]) or 0)


def verify_certificate(argv: Sequence[str]) -> int:
    p = parser_for(
        "verify-certificate",
        "Check a mutation certificate PDF against the attested "
        "record in a profile's store: exit 0 when it matches, 1 when it does not.",
    )
    add_profile_options(p, creates=False)
    p.add_argument("pdf", type=Path, metavar="FILE.pdf", help="the certificate to check")
    args = p.parse_args(argv)
    if not args.pdf.exists():
        raise UserError(f"No file {args.pdf}: give the path of the certificate PDF.")
    from desktop.mutations.certificate import verify

    store = open_store(args.profile, args.key_file, create=False)
    try:
        verdict = verify(store, args.pdf)
    finally:
        store.close()
    print(verdict.message)
    return 0 if verdict.ok else 1
