"""Where the files of `resources/` are, in a checkout and in a frozen bundle.

Reference data lives in files, not code (DESIGN.md principle 7); every module that
reads them asks this one for the path, so PyInstaller only has to put the folder next
to the executable (`sys._MEIPASS`).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_root() -> Path:
    """Resolved once: every fee lookup of every command asks for it."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Absolute path of a file under `resources/`."""
    return resources_root().joinpath(*parts)


def font_path(name: str = "NotoNastaliqUrdu-Regular.ttf") -> Path:
    return resource_path("fonts", name)
