"""The script PyInstaller freezes: the `daftar` command of the bundle.

It is `daftar_cli.main.main()`, with two things only a frozen program needs:

* `multiprocessing.freeze_support()`, so `daftar server --workers N` (uvicorn starts
  its workers with the spawn method, which re-runs this executable) works frozen;
* `daftar selftest ...` goes straight to `daftar_cli.selftest.run_selftest`, with its
  own arguments (`--upgrade-check STORE KEY`, `--no-gui`, `--keep`), because the
  `selftest` sub-parser of `daftar_cli.main` takes no arguments yet. Once it passes
  them through this branch is merely a shortcut.
"""

from __future__ import annotations

import multiprocessing
import sys


def run() -> int:
    multiprocessing.freeze_support()
    argv = sys.argv[1:]
    if argv and argv[0] == "selftest":
        from daftar_cli.selftest import run_selftest

        return run_selftest(argv[1:])
    from daftar_cli.main import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
