"""The desktop's encrypted local store."""

from sync.store.local import Identity, LocalStore

__all__ = ["Identity", "LocalStore"]
