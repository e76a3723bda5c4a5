"""`daftar`: one command for the desktop, the demo, the server, the gateway, seeding
and headless sync. Each subcommand imports only what it needs, so the server never
loads Qt and the desktop never loads FastAPI."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence


def _profile_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--profile", default="default", help="operator profile (one store per profile)")
    p.add_argument("--key-file", type=Path, default=None,
                   help="keep the store key in this file instead of the OS keychain (headless machines)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="daftar", description="Daftar district office system")
    sub = parser.add_subparsers(dest="command")

    gui = sub.add_parser("gui", help="open the desktop (the default)")
    _profile_args(gui)
    gui.add_argument("--lang", choices=("en", "ur"), default=None)

    demo = sub.add_parser("demo", help="desktop + embedded server + sandbox gateway with demo data")
    demo.add_argument("--applications", type=int, default=20_000)
    demo.add_argument("--lang", choices=("en", "ur"), default=None)
    demo.add_argument("--no-gui", action="store_true", help="start the services and wait (for tests)")

    seed = sub.add_parser("seed", help="generate demo data")
    _profile_args(seed)
    seed.add_argument("--applications", type=int, default=10_000)
    seed.add_argument("--seed-figures", action="store_true",
                      help="474,560 applications, 203,998 vouchers, Rs 1.9 bn collected, Rs 345 m in process")
    seed.add_argument("--server-db", default=None, help="seed the central server's database at this URL")
    seed.add_argument("--district", action="append", default=None, help="only these districts")

    sync = sub.add_parser("sync", help="run the sync engine for a profile without the desktop")
    _profile_args(sync)
    mode = sync.add_mutually_exclusive_group(required=True)
    mode.add_argument("--once", action="store_true")
    mode.add_argument("--watch", action="store_true")

    enrol = sub.add_parser("enrol", help="enrol this profile's store with a central server")
    _profile_args(enrol)
    enrol.add_argument("--server", required=True, help="https://host[:port] (http only to 127.0.0.1)")
    how = enrol.add_mutually_exclusive_group(required=True)
    how.add_argument("--code", help="the one-time enrolment code the administrator issued")
    how.add_argument("--demo-key", help="the shared key of a demo server (daftar server --demo)")
    enrol.add_argument("--office", default=None,
                       help="the office the code was issued for (checked by the server)")
    enrol.add_argument("--ca-bundle", default=None,
                       help="a CA bundle file to verify the server's certificate with")

    shots = sub.add_parser("screenshots", help="render the main screens to PNG")
    shots.add_argument("--out", type=Path, default=Path("screenshots"))

    sub.add_parser("server", help="run the central server (see daftar server --help)", add_help=False)
    sub.add_parser("gateway", help="run the sandbox payment gateway", add_help=False)
    sub.add_parser("admin", help="operator accounts and devices (daftar admin --help)",
                   add_help=False)
    sub.add_parser("audit", help="check the audit chain (daftar audit verify)", add_help=False)
    sub.add_parser("selftest", help="check an installation end to end (daftar selftest --help)",
                   add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "server":
        from server.cli import main as server_main
        return server_main(argv[1:])
    if argv and argv[0] == "selftest":
        from daftar_cli.selftest import run_selftest
        return run_selftest(argv[1:])
    if argv and argv[0] in ("admin", "audit"):
        from daftar_cli import admin
        return getattr(admin, argv[0])(argv[1:])
    if argv and argv[0] == "gateway":
        from server.sandbox_gateway.cli import main as gateway_main
        return gateway_main(argv[1:])
    args = build_parser().parse_args(argv or ["gui"])
    from daftar_cli import commands
    return int(getattr(commands, f"cmd_{args.command}")(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
