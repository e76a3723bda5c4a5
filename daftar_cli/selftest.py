"""`daftar selftest`: check an installed (or frozen) Daftar end to end, on this machine.

Each step prints one line starting with ✓; the first step that fails prints ✗ with
the step's name and the reason, and the command exits non-zero. It touches nothing of
the operator's own: everything is made in a temporary folder (store, key file, PDF,
server database) that is removed afterwards, and the keychain is never used.

    daftar selftest                                 bundle, store, commands, PDF, GUI
    daftar selftest --upgrade-check STORE KEY       ... and migrate an older store

`--upgrade-check` migrates STORE *in place* (a backup is taken first, as on every
start of the app) and checks that every record and every pending command of the old
store is still there afterwards, and that the backup exists and opens with KEY. Run
it on a copy when in doubt.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHECK, CROSS, DASH = "✓", "✗", "–"


class StepFailed(RuntimeError):
    """A check inside a step did not hold; the message says what was expected."""


def require(condition: object, message: str) -> None:
    if not condition:
        raise StepFailed(message)


def _console_marks() -> None:
    """Old Windows consoles (cp437/cp1252) cannot print ✓: fall back to ASCII there."""
    global CHECK, CROSS, DASH
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        "✓✗–".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        CHECK, CROSS, DASH = "[ok]", "[FAILED]", "[-]"
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")  # Urdu in a detail line must not crash it


def _say(line: str) -> None:
    print(line, flush=True)


@dataclass
class SelfTest:
    """What the steps share: the temporary folder, the options, and what earlier steps
    made (the store, the application and voucher ids)."""

    work: Path
    upgrade: tuple[Path, str] | None
    gui: bool
    store: Any = None
    application_id: str = ""
    voucher_id: str = ""
    language: Any = None
    notes: list[str] = field(default_factory=list)

    def steps(self) -> list[Step]:
        """The registered steps that apply to this run, in order."""
        load_steps()
        return [s for s in sorted(STEPS, key=lambda s: s.order) if s.when(self)]


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[SelfTest], str]
    #: Steps run in ascending order; a step may use what lower-numbered steps made.
    order: int
    when: Callable[[SelfTest], bool] = lambda _ctx: True


#: Every step a feature registered with `@step`.
STEPS: list[Step] = []

#: The modules of daftar_cli/selftest_steps/, imported before a run so their steps
#: register (named, not discovered, so a frozen bundle finds them the same way;
#: tests/cli/test_selftest_registry.py checks that none is missing).
STEP_MODULES = ("installation", "licences", "server", "desktop")


def step(
    name: str, *, order: int, when: Callable[[SelfTest], bool] | None = None
) -> Callable[[Callable[[SelfTest], str]], Callable[[SelfTest], str]]:
    """Register a check: a function of the `SelfTest` that returns the detail line of
    its ✓ and raises (`StepFailed` via `require`, or anything else) when it fails."""

    def register(function: Callable[[SelfTest], str]) -> Callable[[SelfTest], str]:
        if any(s.name == name for s in STEPS):
            raise ValueError(f"two self-test steps are named {name!r}")
        STEPS.append(Step(name, function, order, when or (lambda _ctx: True)))
        return function

    return register


def load_steps() -> None:
    import importlib

    for module in STEP_MODULES:
        importlib.import_module(f"daftar_cli.selftest_steps.{module}")


@contextmanager
def _isolated(work: Path):  # type: ignore[no-untyped-def]
    """Keep the self-test away from the operator's data directory and key file."""
    saved = {k: os.environ.get(k) for k in ("DAFTAR_DATA_DIR", "DAFTAR_KEY_FILE")}
    os.environ["DAFTAR_DATA_DIR"] = str(work / "data")
    os.environ.pop("DAFTAR_KEY_FILE", None)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def build_parser() -> argparse.ArgumentParser:
    from daftar_cli.options import parser_for

    p = parser_for(
        "selftest",
        "Check this Daftar installation end to end, in a temporary "
        "folder: bundle contents, a fresh encrypted store, commands, the challan "
        "PDF, server migrations and the desktop window. Exits 0 when every step "
        "passes, 1 naming the first that failed.",
    )
    p.add_argument(
        "--upgrade-check",
        nargs=2,
        metavar=("STORE", "KEY"),
        default=None,
        help="also migrate the older store STORE (in place, after a backup) opened "
        "with the 64-hex-digit KEY, and check nothing was lost",
    )
    p.add_argument("--no-gui", action="store_true", help="skip the Qt window step")
    p.add_argument(
        "--keep",
        action="store_true",
        help="keep the temporary folder (store, challan.pdf) and print where it is",
    )
    return p


def _argv_after_subcommand() -> list[str]:
    """When called as `daftar selftest ...` with no argv, the arguments after 'selftest'."""
    args = sys.argv[1:]
    return args[args.index("selftest") + 1 :] if "selftest" in args else []


def run_selftest(argv: Sequence[str] | None = None) -> int:
    """Run every step; 0 when all pass, 1 naming the first that failed."""
    _console_marks()
    args = build_parser().parse_args(_argv_after_subcommand() if argv is None else list(argv))
    upgrade = None
    if args.upgrade_check:
        store, key = args.upgrade_check
        key = key.strip().lower()
        if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
            _say(f"{CROSS} upgrade of an older store: the key must be 64 hex digits")
            return 2
        upgrade = (Path(store).resolve(), key)
    work = Path(tempfile.mkdtemp(prefix="daftar-selftest-"))
    test = SelfTest(work, upgrade, gui=not args.no_gui)
    started = time.perf_counter()
    failed = None
    try:
        with _isolated(work):
            for item in test.steps():
                name = item.name
                t0 = time.perf_counter()
                try:
                    detail = item.run(test)
                except Exception as exc:  # noqa: BLE001 - every failure is reported as the step's
                    failed = name
                    reason = str(exc) or type(exc).__name__
                    _say(f"{CROSS} {name}: {type(exc).__name__}: {reason}")
                    if not isinstance(exc, StepFailed):
                        traceback.print_exc(file=sys.stderr)
                    break
                _say(f"{CHECK} {name} ({(time.perf_counter() - t0) * 1000:.0f} ms): {detail}")
    finally:
        if test.store is not None:
            test.store.close()
        if args.keep:
            _say(f"{DASH} kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    for note in test.notes:
        _say(f"{DASH} note: {note}")
    total = time.perf_counter() - started
    if failed:
        _say(f"{CROSS} selftest FAILED at step “{failed}” after {total:.1f} s")
        return 1
    _say(f"{CHECK} selftest passed: {len(test.steps())} steps in {total:.1f} s")
    return 0


def main(argv: Sequence[str]) -> int:
    """`daftar selftest` (daftar_cli.registry)."""
    return run_selftest(argv)


if __name__ == "__main__":
    sys.exit(run_selftest(sys.argv[1:]))
