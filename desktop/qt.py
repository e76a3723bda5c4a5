"""The one module that names the Qt binding (as Anki's `aqt.qt` does).

Everything else in `desktop/` imports Qt names from here, so moving to another
binding or version touches one file, and tests can see at a glance what we use.

It also guards against a reference-count bug of PySide6 6.12.0 (6.11.3 is clean),
measured here: every call of a Qt method that returns nothing or None (`setText`,
`parent()`, `index.data(role)` for an empty role) drops one reference to `None`,
and every `Signal.emit()` from Python drops one to `True`. On CPython 3.12+ those
objects are immortal and nothing happens; on 3.11 (the reference machine) the count
reaches zero after enough calls and the process dies with "Fatal Python error:
none_dealloc" (seen in the benchmark and at the end of the test run). When the loss
is detected on a CPython that does not make them immortal, `None`, `True` and
`False` are given a reference count no program can wear down — what CPython 3.12
does for every interpreter. The real fix is to avoid 6.12.0: pin
`PySide6-Essentials != 6.12.0` (or use Python 3.12+).
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import *  # noqa: F403
from PySide6.QtCore import Property, QObject, Qt, Signal, Slot  # noqa: F401  (explicit for type checkers)
from PySide6.QtGui import *  # type: ignore[assignment]  # noqa: F403  (QtGui's list types)
from PySide6.QtWidgets import *  # type: ignore[assignment]  # noqa: F403

_PLENTY = 1 << 40


class _Probe(QObject):
    ping = Signal()


def singleton_losses(calls: int = 16) -> dict[str, int]:
    """References to None and True lost per Qt call, as measured now."""
    probe = _Probe()
    before = sys.getrefcount(None)
    for _ in range(calls):
        probe.parent()
    none_lost = (before - sys.getrefcount(None)) // calls
    before = sys.getrefcount(True)
    for _ in range(calls):
        probe.ping.emit()
    true_lost = (before - sys.getrefcount(True)) // calls
    return {"None": max(none_lost, 0), "True": max(true_lost, 0)}


def _guard() -> bool:
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not any(singleton_losses().values()):
        return False
    for obj in (None, True, False):
        # ob_refcnt is the first field of every CPython object.
        ctypes.c_ssize_t.from_address(id(obj)).value += _PLENTY
    return True


#: True when this PySide6 loses references and the guard above was applied.
SINGLETONS_GUARDED = _guard()

__all__ = [
    name
    for name in dir()
    if name.startswith(("Q", "q"))
    or name in ("Signal", "Slot", "Property", "Qt", "SINGLETONS_GUARDED", "singleton_losses")
]
