"""The bodies of the `daftar` subcommands."""

from __future__ import annotations

import argparse
import logging
import platform
import sys
import time

from sync.store import LocalStore


def _open_store(args: argparse.Namespace) -> LocalStore:
    from sync.store.keys import KeychainUnavailable

    try:
        return LocalStore.open(args.profile, key_file=args.key_file)
    except KeychainUnavailable as exc:
        print(f"daftar: {exc}", file=sys.stderr)
        raise SystemExit(2) from exc


def engine_for(store: LocalStore):  # type: ignore[no-untyped-def]
    """The sync engine of an enrolled store, or None when it has no server yet."""
    url, token = store.fact("server_url"), store.fact("device_token")
    if not url or not token:
        return None
    from sync.engine import SyncEngine
    from sync.transport import InsecureServer, Transport

    try:
        return SyncEngine(store, Transport(url, token, ca_bundle=store.fact("ca_bundle") or None))
    except InsecureServer as exc:
        print(f"daftar: {exc}", file=sys.stderr)
        raise SystemExit(2) from exc


def cmd_gui(args: argparse.Namespace) -> int:
    from daftar_cli.qt_check import explain_missing_qt_libraries

    problem = explain_missing_qt_libraries()
    if problem:
        print(problem, file=sys.stderr)
        return 3
    store = _open_store(args)
    from desktop.app import run_gui

    return run_gui(store, engine_for(store), lang=args.lang)


def cmd_demo(args: argparse.Namespace) -> int:
    from daftar_cli.demo import run_demo

    return run_demo(args)


def cmd_seed(args: argparse.Namespace) -> int:
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
        from server.db import make_engine
        from server.migrate import prepare_database

        engine = make_engine(args.server_db)
        prepare_database(engine)
        report = seed_server(engine, n, figures=args.seed_figures, districts=args.district,
                             progress=progress)
    else:
        store = _open_store(args)
        report = seed_sqlite_raw(store.engine, n, figures=args.seed_figures,
                                 districts=args.district, versions=False, progress=progress)
    total = time.perf_counter() - started
    print(f"\nSeeded {report.applications:,} applications and {report.vouchers:,} vouchers in "
          f"{total:.1f} s ({report.applications / total:,.0f} applications/s including index builds).")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    store = _open_store(args)
    engine = engine_for(store)
    if engine is None:
        print("daftar: this profile is not enrolled; run `daftar enrol` first.", file=sys.stderr)
        return 2
    from sync.transport import DeviceRevoked

    if store.revoked():
        print("daftar: the server revoked this computer's enrolment; nothing is sent. Ask the "
              "district administrator to enrol it again (daftar enrol --code ...).", file=sys.stderr)
        return 2
    if args.once:
        try:
            report = engine.run_once()
        except DeviceRevoked:
            print("daftar: the server revoked this computer's enrolment; sync stopped and the "
                  "store is locked. Ask the district administrator to enrol it again.",
                  file=sys.stderr)
            return 2
        print(f"pushed {report.pushed} (rejected {report.rejected}, conflicts {report.conflicts}), "
              f"pulled {report.pulled}, replayed {report.replayed} in {report.seconds:.2f} s")
        return 0
    engine.add_listener(lambda s: print(f"{s.state} pending={s.pending} attention={s.attention} {s.message}"))
    engine.start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        engine.stop()
    return 0


def cmd_enrol(args: argparse.Namespace) -> int:
    from sync.enrol import enrol

    from sync.transport import InsecureServer, Refused, TransportError

    store = _open_store(args)
    try:
        info = enrol(store, args.server, args.code or args.demo_key, office_code=args.office,
                     demo_key=args.code is None, device_name=f"{platform.node()}:{args.profile}",
                     ca_bundle=args.ca_bundle)
    except InsecureServer as exc:
        print(f"daftar: {exc}", file=sys.stderr)
        return 2
    except Refused as exc:
        print(f"daftar: the server refused the enrolment: "
              f"{exc.body.get('message') or exc.body.get('detail') or exc}", file=sys.stderr)
        return 2
    except TransportError as exc:
        print(f"daftar: the server could not be reached: {exc}", file=sys.stderr)
        return 2
    print(f"Enrolled as device {info['device_no']} of office {info['office_code']} "
          f"(districts {', '.join(info['district_codes'])}).")
    return 0


def cmd_screenshots(args: argparse.Namespace) -> int:
    from desktop.screenshots import main as screenshots_main

    return screenshots_main([str(args.out)])

