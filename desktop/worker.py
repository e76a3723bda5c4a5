"""One serialised database worker: every query, command and print job runs here.

Why one thread and not a pool: SQLite has one writer, and commands must run in the
order the operator gave them (device sequence numbers follow that order). Why not
the GUI thread: a query over 500,000 rows or a PDF takes tens to hundreds of
milliseconds, and DESIGN.md principle 5 says the window never waits. The shape is
Anki's `taskman`: submit a function, get its result back on the GUI thread through
a queued signal, where the callback may touch widgets.

Python threads take turns holding the interpreter lock; by default one that wants it
waits up to 5 ms for the other to let go. Painting a list calls the model's `data()`
some 1,800 times, each needing the lock, so a worker reading rows in Python made a
paint take 60-100 ms instead of 15 (bench_desktop's scroll stalls). The worker
therefore asks for turns of `SWITCH_INTERVAL` when it starts: a paint beside a busy
worker then takes ~30 ms, at a cost to the worker's throughput too small to measure.

A job may carry a `key`: submitting a new job with the same key drops the older one
if it has not started (a search typed quickly runs once, for the last text). A
`background` job waits until no user-facing job is queued.
"""

from __future__ import annotations

import itertools
import logging
import queue
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from desktop.qt import QCoreApplication, QEvent, QObject, Qt, QThread, Signal

log = logging.getLogger(__name__)

#: The interpreter's thread switch interval while a worker runs (seconds; Python's
#: default is 0.005). Measured with a busy thread beside a paint of the licence list:
#: 5 ms -> paint 62 ms median; 1 ms -> 39; 0.5 ms -> 31; 0.1 ms -> 59 (switching costs).
SWITCH_INTERVAL = 0.0005

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


@dataclass(eq=False)
class Job:
    """One unit of work; `result`/`error` are set in the worker, read on the GUI thread."""

    fn: Callable[[], Any]
    on_done: Done | None = None
    on_error: Failed | None = None
    label: str = ""
    key: str | None = None
    number: int = 0
    cancelled: bool = False
    result: Any = None
    error: BaseException | None = None
    seconds: float = 0.0
    finished: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        """Do not run it if it has not started; never call its callbacks."""
        self.cancelled = True


class _Thread(QThread):
    """Takes jobs off the queue one at a time until it gets None."""

    def __init__(
        self,
        jobs: queue.PriorityQueue[tuple[int, int, Job | None]],
        report: Callable[[Job], None],
    ):
        super().__init__()
        self.setObjectName("daftar-db-worker")
        self._jobs = jobs
        self._report = report
        self.current: Job | None = None

    def run(self) -> None:
        while True:
            _, _, job = self._jobs.get()
            if job is None:
                return
            if job.cancelled:
                job.finished.set()
                continue
            self.current = job
            started = time.perf_counter()
            try:
                job.result = job.fn()
            except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, never swallowed
                job.error = exc
            job.seconds = time.perf_counter() - started
            self.current = None
            job.finished.set()
            self._report(job)


_LOW = int(Qt.EventPriority.LowEventPriority.value)  # postEvent takes a plain int


class AfterPaint(QObject):
    """Runs callables after the paints already asked for.

    A widget's `update()` posts the window's repaint at low priority, so a result
    delivered meanwhile (a queued signal, normal priority) ran before it, and what it
    drew was painted in the same frame: a search's detail pane (setHtml and its paint,
    ~3-5 ms) made the list's one-row answer appear that much later. A callable posted
    here at the same low priority runs after that repaint, in the next frame."""

    _TYPE = QEvent.Type(QEvent.registerEventType())

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._calls: deque[Callable[[], None]] = deque()

    def post(self, fn: Callable[[], None]) -> None:
        self._calls.append(fn)
        QCoreApplication.postEvent(self, QEvent(self._TYPE), _LOW)

    def event(self, event: QEvent) -> bool:
        if event.type() == self._TYPE:
            if self._calls:
                self._calls.popleft()()
            return True
        return super().event(event)


class DbWorker(QObject):
    """Runs submitted functions one after another off the GUI thread.

    Signals (all on the GUI thread):
      busy_changed(count, label)  jobs with a label queued or running, and the
                                  label of the oldest one (for the status bar)
      failed(job)                 a job without its own `on_error` raised
    """

    busy_changed = Signal(int, str)
    failed = Signal(object)
    _finished = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        # (priority, number, job): user-facing work (0) before background streaming (1),
        # in submission order within each.
        self._queue: queue.PriorityQueue[tuple[int, int, Job | None]] = queue.PriorityQueue()
        self._thread = _Thread(self._queue, self._finished.emit)
        self._numbers = itertools.count(1)
        self._by_key: dict[str, Job] = {}
        self._labelled: list[Job] = []
        self._finished.connect(self._deliver)
        self._running = False
        self._stopped = False
        self._after_paint = AfterPaint(self)

    # -- life cycle -------------------------------------------------------------------
    def start(self) -> None:
        if not self._running:
            self._stopped = False
            if sys.getswitchinterval() > SWITCH_INTERVAL:
                sys.setswitchinterval(SWITCH_INTERVAL)
            self._thread.start()
            self._running = True

    def stop(self, timeout_ms: int = 10_000) -> None:
        """Finish the jobs already queued, then end the thread. Their results are not
        delivered: the window they were for is closing (its models may be deleted by
        the time the event loop would hand them over)."""
        if self._running:
            self._queue.put((2, next(self._numbers), None))
            self._thread.wait(timeout_ms)
            self._running = False
            self._stopped = True

    @property
    def thread(self) -> QThread:  # type: ignore[override]  # the worker's, not QObject's
        return self._thread

    # -- submitting ---------------------------------------------------------------------
    def submit(
        self,
        fn: Callable[[], Any],
        *,
        on_done: Done | None = None,
        on_error: Failed | None = None,
        label: str = "",
        key: str | None = None,
        background: bool = False,
    ) -> Job:
        """Queue `fn`; `on_done(result)` or `on_error(exc)` run later on the GUI thread.

        A `background` job (streaming the rest of a long list) runs only when no
        other job is waiting, so a search or a click is never queued behind it."""
        job = Job(fn, on_done, on_error, label, key, next(self._numbers))
        if key is not None:
            older = self._by_key.get(key)
            if older is not None and not older.finished.is_set():
                older.cancel()
                self._forget(older)
            self._by_key[key] = job
        if label:
            self._labelled.append(job)
            self._announce()
        self._queue.put((1 if background else 0, job.number, job))
        return job

    def after_paint(self, fn: Callable[[], None]) -> None:
        """Run `fn` on the GUI thread once the repaints already asked for are done
        (see `AfterPaint`); not at all if the worker has stopped meanwhile."""
        self._after_paint.post(lambda: None if self._stopped else fn())

    def cancelled(self) -> bool:
        """In the worker thread: whether the job running now was cancelled meanwhile
        (a newer job with its key, or `Job.cancel`). A job made of several reads asks
        between them, so what the operator asked for next does not wait for the rest
        of an answer that would be dropped."""
        job = self._thread.current
        return job is not None and job.cancelled

    def pending(self) -> int:
        """Jobs queued or running (a test helper and a shutdown check)."""
        return self._queue.qsize() + (1 if self._thread.current is not None else 0)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until the queue is empty: only for scripts and benchmarks, never the GUI."""
        marker = self.submit(lambda: None)
        return marker.finished.wait(timeout)

    # -- results --------------------------------------------------------------------------
    def _deliver(self, job: Job) -> None:
        if self._stopped:
            return
        self._forget(job)
        if job.key is not None and self._by_key.get(job.key) is job:
            del self._by_key[job.key]
        if job.cancelled:
            return
        if job.error is not None:
            if job.on_error is not None:
                job.on_error(job.error)
            else:
                log.error("job %s failed", job.label or job.fn, exc_info=job.error)
                self.failed.emit(job)
            return
        if job.on_done is not None:
            job.on_done(job.result)

    def _forget(self, job: Job) -> None:
        if job in self._labelled:
            self._labelled.remove(job)
            self._announce()

    def _announce(self) -> None:
        label = self._labelled[0].label if self._labelled else ""
        self.busy_changed.emit(len(self._labelled), label)
