"""`daftar`: one command for the desktop, the demo, the server, the gateway, seeding
and headless sync.

The subcommands are the table in `daftar_cli.registry`; this module only finds the
one asked for, runs it, and turns a person's mistake into one line and an exit status
(`daftar_cli.console`). Tracebacks are shown with `--debug` only.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence

from daftar_cli import console
from daftar_cli.console import EXIT_FAULT, EXIT_INTERRUPTED, EXIT_USAGE, explain, one_line
from daftar_cli.registry import DEFAULT, SUBCOMMANDS, find


def usage() -> str:
    width = max(len(s.name) for s in SUBCOMMANDS)
    lines = [
        "usage: daftar [COMMAND] [OPTIONS]   (no command: `daftar gui`)",
        "",
        "Daftar district office system.",
        "",
        "commands:",
    ]
    lines += [f"  {s.name:<{width}}  {s.summary}" for s in SUBCOMMANDS]
    lines += [
        "",
        "`daftar COMMAND --help` lists a command's options and their defaults.",
        "--debug, anywhere on the line: show the full traceback of an error.",
    ]
    return "\n".join(lines)


def _split_debug(argv: list[str]) -> tuple[list[str], bool]:
    """`--debug` is global and may stand anywhere before a `--`."""
    end = argv.index("--") if "--" in argv else len(argv)
    head = [a for a in argv[:end] if a != "--debug"]
    return head + argv[end:], len(head) != end


def main(argv: Sequence[str] | None = None) -> int:
    args, debug = _split_debug(list(sys.argv[1:] if argv is None else argv))
    console.DEBUG = debug
    if args and args[0] in ("-h", "--help", "help"):
        print(usage())
        return 0
    if not args or args[0].startswith("-"):
        args = [DEFAULT, *args]
    command = find(args[0])
    if command is None:
        print(
            f"daftar: no command {args[0]!r}; the commands are "
            f"{', '.join(s.name for s in SUBCOMMANDS)} (`daftar --help`).",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        return int(command.load()(args[1:]) or 0)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - every error ends here as one line
        if debug:
            traceback.print_exc()
        answer = explain(exc)
        if answer is not None:
            print(f"daftar {command.name}: {answer}", file=sys.stderr)
            return answer.exit_code
        print(
            f"daftar {command.name}: unexpected error {type(exc).__name__}: {one_line(exc)}"
            + ("" if debug else " (run again with --debug to see where)"),
            file=sys.stderr,
        )
        return EXIT_FAULT


if __name__ == "__main__":
    sys.exit(main())
