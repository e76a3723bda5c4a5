"""Python's cyclic garbage collector paused while a bulk load runs.

A load builds container objects by the hundred thousand (pulled rows, an import's
argument dicts and row values), and the collector's allocation counters keep setting
off collections that walk every live object of the process, the load's own included,
and free next to nothing: the loads hold no cycles, and reference counting frees each
page or slice once it is written. Measured: a quarter of a bulk import's CPU time, and
seconds of a 500,000-application bootstrap.

The pause is process-wide (`gc.disable`) and counted: a bootstrap on the sync thread
and an import on the database worker may overlap, and the collector comes back, as it
was before the first of them, only when the last one ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_paused = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off for the block (and any overlapping block), back as it was
    before the first when the last ends, also after a failure."""
    global _paused, _was_enabled
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()
