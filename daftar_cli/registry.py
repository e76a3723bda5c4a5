"""The `daftar` subcommands, in one table.

Each entry names a function by import path ("module:function") that takes the
arguments after the subcommand's name and returns the exit status; `daftar_cli.main`
imports it only when that subcommand runs, so the server never loads Qt and the
desktop never loads FastAPI. Adding a subcommand is one line here, pointing at a
function that builds its own `argparse` parser (`daftar_cli.options.parser_for`).
The installer collects every module of our packages, so a new target needs no
hidden-import entry in installers/daftar.spec (tests/cli/test_registry.py checks).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Runner = Callable[[Sequence[str]], int]


@dataclass(frozen=True)
class Subcommand:
    name: str
    summary: str
    #: "package.module:function"; the function takes the argv after the name.
    target: str

    def load(self) -> Runner:
        module, _, function = self.target.partition(":")
        runner: Runner = getattr(importlib.import_module(module), function)
        return runner


#: In the order `daftar --help` lists them. The first is what a bare `daftar` runs.
SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand(
        "gui",
        "open the desktop for a profile (what `daftar` alone does)",
        "daftar_cli.commands:gui",
    ),
    Subcommand(
        "demo",
        "desktop + embedded server + sandbox gateway with demo data (`make run`)",
        "daftar_cli.demo:main",
    ),
    Subcommand(
        "enrol", "create a profile enrolled with a central server", "daftar_cli.commands:enrol"
    ),
    Subcommand(
        "sync", "run the sync engine of a profile without the desktop", "daftar_cli.commands:sync"
    ),
    Subcommand(
        "seed", "generate demo data into a profile or a server database", "daftar_cli.commands:seed"
    ),
    Subcommand(
        "verify-certificate",
        "check a mutation certificate PDF against the attested record",
        "daftar_cli.commands:verify_certificate",
    ),
    Subcommand(
        "server", "run the central server (payments: see `daftar server --help`)", "server.cli:main"
    ),
    Subcommand(
        "gateway",
        "run the sandbox payment gateway, or pay a PSID through it",
        "server.sandbox_gateway.cli:main",
    ),
    Subcommand(
        "admin",
        "operator accounts and devices on the server's database (`daftar admin --help`)",
        "daftar_cli.admin:admin",
    ),
    Subcommand(
        "audit", "check the server's audit chain (`daftar audit verify`)", "daftar_cli.admin:audit"
    ),
    Subcommand("report", "write a report as PDF, .xlsx or CSV", "daftar_cli.report:main"),
    Subcommand("selftest", "check this installation end to end", "daftar_cli.selftest:main"),
    Subcommand(
        "screenshots", "render the main screens to PNG files", "daftar_cli.commands:screenshots"
    ),
)

DEFAULT = SUBCOMMANDS[0].name


def find(name: str) -> Subcommand | None:
    return next((s for s in SUBCOMMANDS if s.name == name), None)
