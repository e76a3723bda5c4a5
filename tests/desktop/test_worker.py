"""The database worker: results by signal on the GUI thread, in order, never blocking."""

from __future__ import annotations

import sys
import threading

from desktop.qt import QLabel, QObject, Signal, singleton_losses
from desktop.responsiveness import StallMonitor


def test_results_come_back_on_the_gui_thread_in_submission_order(qtbot, worker):
    seen: list[tuple[int, bool]] = []
    threads: list[str] = []
    for n in range(5):
        worker.submit(
            lambda n=n: (threads.append(threading.current_thread().name), n)[1],
            on_done=lambda r: seen.append(
                (r, threading.current_thread() is threading.main_thread())
            ),
        )
    qtbot.waitUntil(lambda: len(seen) == 5)
    assert seen == [(n, True) for n in range(5)]
    assert set(threads) == {"daftar-db-worker"} or all(t != "MainThread" for t in threads)


def test_an_error_goes_to_its_handler_or_to_failed(qtbot, worker):
    errors: list[BaseException] = []
    worker.submit(lambda: 1 / 0, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ZeroDivisionError)
    with qtbot.waitSignal(worker.failed, timeout=5000) as blocker:
        worker.submit(lambda: [][1])
    assert isinstance(blocker.args[0].error, IndexError)


def test_a_newer_job_with_the_same_key_replaces_one_not_started(qtbot, worker):
    gate = threading.Event()
    results: list[str] = []
    worker.submit(gate.wait)  # keeps the worker busy
    first = worker.submit(lambda: "old search", on_done=results.append, key="search")
    worker.submit(lambda: "new search", on_done=results.append, key="search")
    assert first.cancelled
    gate.set()
    qtbot.waitUntil(lambda: results == ["new search"])


def test_a_running_job_learns_it_was_cancelled_and_its_answer_is_dropped(qtbot, worker):
    started, gate = threading.Event(), threading.Event()
    seen: list[bool] = []
    results: list[str] = []

    def steps() -> str:
        started.set()
        seen.append(worker.cancelled())
        gate.wait(5)
        seen.append(worker.cancelled())  # what a read made of steps asks between them
        return "stale detail"

    job = worker.submit(steps, on_done=results.append, key="detail")
    assert started.wait(5)
    job.cancel()
    gate.set()
    worker.submit(lambda: "next", on_done=results.append)
    qtbot.waitUntil(lambda: results == ["next"])
    assert seen == [False, True]
    assert not worker.cancelled()  # asked outside a job


def test_busy_indicator_counts_labelled_jobs(qtbot, worker):
    gate = threading.Event()
    states: list[tuple[int, str]] = []
    worker.busy_changed.connect(lambda n, label: states.append((n, label)))
    worker.submit(gate.wait, label="Printing challan…")
    assert states[-1] == (1, "Printing challan…")
    gate.set()
    qtbot.waitUntil(lambda: states[-1] == (0, ""))


def test_a_slow_job_does_not_stall_the_gui_thread(qtbot, worker):
    import time

    monitor = StallMonitor()
    monitor.start()
    done: list[bool] = []
    worker.submit(lambda: time.sleep(0.3), on_done=lambda _: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    report = monitor.stop()
    assert report.ticks > 10
    assert report.max_ms < 50


def test_the_stall_monitor_sees_a_blocked_event_loop(qtbot):
    import time

    monitor = StallMonitor()
    monitor.start()
    qtbot.wait(30)
    time.sleep(0.12)  # the GUI thread itself blocked, as a slow slot would
    qtbot.wait(30)
    report = monitor.stop()
    assert report.max_ms >= 100
    assert report.over_50ms >= 1


class _Emitter(QObject):
    ping = Signal(object)


def test_qt_calls_cannot_wear_down_none_and_true(qtbot):
    """PySide6 6.12.0 drops a reference to None on each void Qt call and one to True on
    each emit; desktop.qt makes sure 100,000 of each cannot bring them to zero."""
    label, emitter = QLabel(), _Emitter()
    for _ in range(100_000):
        label.setText("x")
        emitter.ping.emit("x")
    losses = singleton_losses()
    assert sys.getrefcount(None) > 100_000 * losses["None"]
    assert sys.getrefcount(True) > 100_000 * losses["True"]


def test_background_jobs_wait_while_user_facing_jobs_are_queued(qtbot, worker):
    gate = threading.Event()
    order: list[str] = []
    worker.submit(gate.wait)
    worker.submit(lambda: order.append("rest of the list, part 1"), background=True)
    worker.submit(lambda: order.append("rest of the list, part 2"), background=True)
    worker.submit(lambda: order.append("the search just typed"))
    gate.set()
    qtbot.waitUntil(lambda: len(order) == 3)
    assert order[0] == "the search just typed"
    assert order[1:] == ["rest of the list, part 1", "rest of the list, part 2"]


def test_after_paint_runs_after_the_repaint_already_asked_for(qtbot, worker):
    """What a search's detail pane relies on: the list's new rows are on screen
    before the pane is drawn (the repaint is posted at low priority, and a result
    delivered meanwhile would otherwise run, and be painted, before it)."""
    order: list[str] = []

    class Painted(QLabel):
        def paintEvent(self, event):  # type: ignore[no-untyped-def]
            order.append("paint")
            super().paintEvent(event)

    label = Painted("before")
    qtbot.addWidget(label)
    label.show()
    qtbot.waitExposed(label)
    qtbot.waitUntil(lambda: "paint" in order)
    order.clear()
    label.setText("after")  # asks for a repaint
    worker.submit(lambda: None, on_done=lambda _: order.append("delivered"))
    worker.after_paint(lambda: order.append("after paint"))
    qtbot.waitUntil(lambda: "after paint" in order and "delivered" in order)
    assert order.index("paint") < order.index("after paint")
