"""The script PyInstaller freezes: the `daftar` command of the bundle.

It is `daftar_cli.main.main()` (every subcommand, `selftest` included, is dispatched
from `daftar_cli.registry`), with the one thing only a frozen program needs:
`multiprocessing.freeze_support()`, so `daftar server --workers N` (uvicorn starts its
workers with the spawn method, which re-runs this executable) works frozen.
"""

from __future__ import annotations

import multiprocessing
import sys


def run() -> int:
    multiprocessing.freeze_support()
    from daftar_cli.main import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
