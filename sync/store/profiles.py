"""Where each operator profile's store lives: one file per profile (DESIGN.md Storage).

A profile name becomes a file name, so it may not carry a path; and only the commands
that exist to make a profile (enrolment, seeding, the demo, the desktop's own default
profile) create one: every other command asks `require_profile`, so a typo is answered
with the profiles that do exist instead of a new empty store and key.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import platformdirs

DATA_DIR_ENV = "DAFTAR_DATA_DIR"
DEFAULT_PROFILE = "default"
_PROFILE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,60}$")


class ProfileError(ValueError):
    """A profile name that cannot be used, or a profile that does not exist; the
    message says what to do."""


class ProfileNotFound(ProfileError):
    pass


def data_dir() -> Path:
    """The platform's data directory for Daftar, or DAFTAR_DATA_DIR (tests, demos)."""
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else Path(platformdirs.user_data_dir("Daftar", "Daftar"))


def profiles_dir() -> Path:
    return data_dir() / "profiles"


def store_path(profile: str) -> Path:
    if not _PROFILE_NAME.match(profile) or profile.strip(".") == "":
        raise ProfileError(
            f"{profile!r} cannot be a profile name: use 1 to 60 letters, digits, '.', '_' or "
            "'-' (no '/' or '\\'); the store's folder is chosen by Daftar (DAFTAR_DATA_DIR)."
        )
    return profiles_dir() / f"{profile}.db"


def existing_profiles() -> list[str]:
    """Names of the profiles that have a store in this data directory."""
    folder = profiles_dir()
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.db") if _PROFILE_NAME.match(p.stem))


def require_profile(profile: str) -> Path:
    """The store file of a profile that exists; `ProfileNotFound` naming those that do."""
    path = store_path(profile)
    if path.exists():
        return path
    known = existing_profiles()
    there = (
        f"profiles here: {', '.join(known)}"
        if known
        else f"there are no profiles yet in {profiles_dir()}"
    )
    raise ProfileNotFound(
        f"No profile named {profile!r} ({there}). Check the name, or create it with "
        f"`daftar enrol --profile {profile} ...` or `daftar seed --profile {profile}`."
    )
