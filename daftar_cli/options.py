"""The parts every `daftar` subcommand's parser shares: its name and formatting,
defaults shown in `--help`, checked numbers, the profile options."""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

GLOBAL_HELP = (
    "Global options, anywhere on the line: --debug shows the full traceback of an "
    "error (and DEBUG logging)."
)


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Shows "(default: X)" after an option's help when it has a default worth saying
    (not None, not False, not already written into the help)."""

    def _get_help_string(self, action: argparse.Action) -> str:
        help_text = action.help or ""
        default = action.default
        if (
            "%(default)" in help_text
            or "default" in help_text.lower()
            or default in (None, False, argparse.SUPPRESS)
            or action.option_strings == []
        ):
            return help_text
        return f"{help_text} (default: %(default)s)"


def parser_for(name: str, description: str, epilog: str | None = None) -> argparse.ArgumentParser:
    """The parser of `daftar NAME`."""
    text = f"{epilog}\n\n{GLOBAL_HELP}" if epilog else GLOBAL_HELP
    return argparse.ArgumentParser(
        prog=f"daftar {name}",
        description=textwrap.fill(description, 78),
        epilog=text,
        formatter_class=HelpFormatter,
    )


def counted(low: int, high: int | None = None, what: str = "a number") -> type[int]:
    """An argparse type for a whole number in [low, high]; refuses "-5" or "ten" with a
    line that says the range."""

    def parse(text: str) -> int:
        try:
            value = int(text.replace(",", "").replace("_", ""))
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low or (high is not None and value > high):
            upper = f" and at most {high:,}" if high is not None else ""
            raise argparse.ArgumentTypeError(
                f"{what} must be at least {low:,}{upper}; got {value:,}"
            )
        return value

    parse.__name__ = what  # argparse names the type in its "invalid ... value" line
    return parse  # type: ignore[return-value]


PORT = counted(1, 65535, "port")


def add_profile_options(p: argparse.ArgumentParser, *, creates: bool) -> None:
    made = (
        "created if it does not exist yet"
        if creates
        else "must exist (made by `daftar enrol` or `daftar seed --profile`)"
    )
    p.add_argument(
        "--profile",
        default=None,
        metavar="NAME",
        help=f"operator profile, one encrypted store each; {made} (default: 'default')",
    )
    p.add_argument(
        "--key-file",
        type=Path,
        default=None,
        metavar="PATH",
        help="keep the store key in this file instead of the OS keychain, for "
        "machines without one (also $DAFTAR_KEY_FILE)",
    )


def add_verbose(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="also show the INFO log lines of the libraries (Alembic, the sync engine)",
    )
