"""Opening a profile's store from the command line, and its sync engine.

Only the commands that exist to make a profile create one (`open_store(...,
create=True)`); the others refuse a profile that does not exist, listing those that
do (`sync.store.profiles.require_profile`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sync.store.profiles import DEFAULT_PROFILE, require_profile, store_path

if TYPE_CHECKING:
    from sync.engine import SyncEngine
    from sync.store import LocalStore


def open_store(profile: str | None, key_file: Path | None, *, create: bool) -> LocalStore:
    """The store of `profile` (None: the default profile), created only when asked."""
    from sync.store import LocalStore

    name = profile or DEFAULT_PROFILE
    if create:
        store_path(name)  # a name with a path in it is refused before anything is made
    else:
        require_profile(name)
    return LocalStore.open(name, key_file=key_file, create=create)


def is_new_profile(profile: str | None) -> bool:
    return not store_path(profile or DEFAULT_PROFILE).exists()


def discard_new_store(store: LocalStore, key_file: Path | None) -> None:
    """Remove a store this command has just made (and its key), after the step it was
    made for failed: a failed enrolment leaves nothing behind to confuse the next try."""
    from sync.store.keys import forget_store_key

    store.close()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{store.path}{suffix}").unlink(missing_ok=True)
    forget_store_key(store.profile, key_file=key_file)


def engine_for(store: LocalStore) -> SyncEngine | None:
    """The sync engine of an enrolled store, or None when it has no server yet."""
    url, token = store.fact("server_url"), store.fact("device_token")
    if not url or not token:
        return None
    from sync.engine import SyncEngine
    from sync.transport import Transport

    return SyncEngine(store, Transport(url, token, ca_bundle=store.fact("ca_bundle") or None))
