"""Measuring how long the GUI thread is kept from its event loop.

A timer asks to fire every 10 ms; when the event loop is blocked (a slow slot, a
query run on the GUI thread, the interpreter lock held by another thread) it fires
late, and the lateness is the stall an operator would feel as a frozen window. The
benchmark runs this during a sync and a scroll and reports the worst stall against
the budget (< 50 ms per event, DESIGN.md "Budgets").
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from desktop.qt import QObject, Qt, QTimer

INTERVAL_MS = 10


@dataclass(frozen=True)
class StallReport:
    ticks: int
    max_ms: float
    p99_ms: float
    over_50ms: int
    seconds: float


class StallMonitor(QObject):
    """Start it, do work, stop it, read `report()`."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS):
        super().__init__(parent)
        self.interval = interval_ms / 1000
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0
        self._started = 0.0
        self._stopped = 0.0
        self.lateness: list[float] = []

    def start(self) -> None:
        self.lateness.clear()
        self._started = self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> StallReport:
        self._timer.stop()
        self._stopped = time.perf_counter()
        return self.report()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.lateness.append(max(0.0, now - self._last - self.interval))
        self._last = now

    def report(self) -> StallReport:
        late = sorted(self.lateness)
        if not late:
            return StallReport(0, 0.0, 0.0, 0, 0.0)
        p99 = late[min(len(late) - 1, int(len(late) * 0.99))]
        return StallReport(
            len(late),
            late[-1] * 1000,
            p99 * 1000,
            sum(1 for x in late if x > 0.050),
            (self._stopped or time.perf_counter()) - self._started,
        )
