"""Where each operator profile's store lives: one file per profile (DESIGN.md Storage)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import platformdirs

DATA_DIR_ENV = "DAFTAR_DATA_DIR"
_PROFILE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,60}$")


def data_dir() -> Path:
    """The platform's data directory for Daftar, or DAFTAR_DATA_DIR (tests, demos)."""
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else Path(platformdirs.user_data_dir("Daftar", "Daftar"))


def store_path(profile: str) -> Path:
    if not _PROFILE_NAME.match(profile):
        raise ValueError(f"Profile names use letters, digits, '.', '_' and '-' only; got {profile!r}.")
    return data_dir() / "profiles" / f"{profile}.db"
