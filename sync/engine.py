"""The background sync engine: push, then pull, then rebase (DESIGN.md "Order of a round").

One round at a time, on its own thread. Server faults back off exponentially with
jitter; no link means "offline" and a quiet retry. The engine reports a `SyncStatus`
to listeners after every step so the window always shows where things stand.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import queue
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, closing, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, select

from domain.ids import utcnow
from domain.models import SYNCED_MODELS
from sync.attachments import AttachmentError
from sync.collector import collector_paused
from sync.enrol import DEFAULT_IDLE_DAYS, rotation_due
from sync.protocol import DEFAULT_PAGE_ROWS, Answer, Envelope, PullPage
from sync.psid_lease import top_up_leases
from sync.pull_apply import WrittenRows, apply_page, foreign_key_problems, shadowed_keys
from sync.rebase import rebase
from sync.status import StatusListener, SyncStatus
from sync.store.bulk import indexes_built_after
from sync.store.client_models import OutboxCommand
from sync.store.engine import DEFAULT_CACHE_MB, READ_ONLY, pragma_outside_transaction
from sync.store.local import LocalStore
from sync.transport import (
    AttachmentLink,
    DeviceRevoked,
    Offline,
    Refused,
    ServerBusy,
    ServerFault,
    Transport,
    TransportError,
)

log = logging.getLogger(__name__)
PUSH_BATCH = 500
#: The synced table of operator accounts: a change in it may change what this desk pulls.
ACCOUNTS = "operators"
BOOTSTRAP_CACHE_MB = 256
#: WAL size at which a bootstrap's connection folds the log into the file. SQLite's
#: default (1,000 pages) checkpoints, and syncs the disk, every few MB; at 64 MB a
#: 500,000-application bootstrap spent ~0.8 s less writing.
BOOTSTRAP_CHECKPOINT_MB = 64
#: Pages of a first sync: the most the server hands out; fewer round trips and commits.
BOOTSTRAP_PAGE_ROWS = 20_000
#: Rows a first sync writes per transaction, a few pages (`_PageWriter`), and the
#: longest it keeps one open (and the store's write lock held: a command saved
#: meanwhile waits for it).
BOOTSTRAP_COMMIT_ROWS = 100_000
BOOTSTRAP_COMMIT_SECONDS = 1.0
TOKEN_REFUSED = {
    "token_expired": "This computer's sign-in to the server expired after a long time unused; "
    "enrol it again with a new code. Work is kept here.",
    "unknown_token": "The server does not know this computer's sign-in; enrol it again with a "
    "new code. Work is kept here.",
    "token_replaced": "The server replaced this computer's sign-in but the new one never "
    "arrived here; enrol it again with a new code. Work is kept here.",
}
REVOKED_STATUS = "This computer's enrolment was revoked by the server; sync has stopped."


#: Most ids a sync round reports per table (`RoundReport.note_ids`).
REPORTED_IDS = 500


@dataclass
class RoundReport:
    pushed: int = 0
    rejected: int = 0
    conflicts: int = 0
    pulled: int = 0
    replayed: int = 0
    checksum_ok: bool | None = None
    seconds: float = 0.0
    #: Tables the pull wrote rows of or deleted rows from: what a screen must re-read.
    changed_tables: set[str] = field(default_factory=set)
    #: The ids written or deleted per table, for tables with at most `REPORTED_IDS`
    #: of them; a changed table missing here may have had any of its rows changed.
    changed_ids: dict[str, set[str]] = field(default_factory=dict)
    #: Tables with more changed rows than are worth naming one by one.
    uncounted: set[str] = field(default_factory=set)

    def note_ids(self, table: str, ids: Iterable[str], count: int) -> None:
        """Add `count` ids of `table`; past `REPORTED_IDS` the table is only named (a
        screen then re-reads all of it, cheaper than finding thousands of ids)."""
        self.changed_tables.add(table)
        if table in self.uncounted:
            return
        have = self.changed_ids.setdefault(table, set())
        if len(have) + count > REPORTED_IDS:
            self.uncounted.add(table)
            del self.changed_ids[table]
            return
        have.update(ids)

    def frozen_ids(self) -> dict[str, frozenset[str]]:
        return {t: frozenset(ids) for t, ids in self.changed_ids.items()}


class _Prefetch:
    """Pages from `cursor` on, at most `depth` ahead of the writer, made ready on two
    threads of their own: one downloads, asking for the next page as soon as an
    answer's headers name its cursor; the other unpacks and parses what came. The
    server then reads the next page while this desk unpacks the last (about a tenth
    of a bootstrap). A transport error is raised where its page would have come."""

    def __init__(
        self,
        transport: Transport,
        cursor: int,
        limit: int,
        checksum: bool,
        depth: int = 2,
        *,
        packed: bool = False,
    ):
        self._transport = transport
        self._cursor = cursor
        self._limit = limit
        self._checksum = checksum
        self._packed_rows = packed  # rows kept as their JSON lines (`TablePage.packed`)
        self._packed: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
        self._queue: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._download, name="daftar-pull-prefetch", daemon=True),
            threading.Thread(target=self._parse, name="daftar-pull-parse", daemon=True),
        ]

    def __enter__(self) -> _Prefetch:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_exc: Any) -> None:
        self._stop.set()
        for thread in self._threads:
            while thread.is_alive():
                for waiting in (self._packed, self._queue):  # room, so a blocked put sees the stop
                    with contextlib.suppress(queue.Empty):
                        waiting.get_nowait()
                thread.join(0.05)

    def _download(self) -> None:
        cursor = self._cursor
        try:
            while not self._stop.is_set():
                received = self._transport.pull_packed(cursor, self._limit, checksum=self._checksum)
                position = received.page_position()
                if position is None:  # a server that does not say: the body does
                    page = received.payload()
                    self._put(self._packed, ("page", page))
                    position = int(page["cursor"]), bool(page["more"])
                else:
                    self._put(self._packed, ("packed", received))
                cursor, more = position
                if not more:
                    return
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer
            self._put(self._packed, ("error", exc))

    def _parse(self) -> None:
        while not self._stop.is_set():
            try:
                kind, value = self._packed.get(timeout=0.1)
            except queue.Empty:
                continue
            if kind == "packed":
                try:
                    kind, value = "page", value.payload(packed_rows=self._packed_rows)
                except BaseException as exc:  # noqa: BLE001 - handed to the consumer
                    kind, value = "error", exc
            self._put(self._queue, (kind, value))
            if kind == "error" or not value["more"]:
                return

    def _put(self, into: queue.Queue[tuple[str, Any]], item: tuple[str, Any]) -> None:
        while not self._stop.is_set():
            try:
                into.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def __iter__(self) -> Iterator[PullPage]:
        while True:
            kind, value = self._queue.get()
            if kind == "error":
                raise value
            yield value
            if not value["more"]:
                return


class _Beside:
    """`work(conn)` on a thread and a read-only connection of its own (one snapshot,
    never waiting for the write lock) while the caller goes on; leaving the block
    waits for it and raises what it raised."""

    def __init__(self, work: Callable[[Connection], None], engine: Engine):
        self._work = work
        self._engine = engine
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="daftar-pull-checks", daemon=True)

    def _run(self) -> None:
        try:
            with self._engine.connect().execution_options(**{READ_ONLY: True}) as conn:
                self._work(conn)
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller
            self._error = exc

    def __enter__(self) -> _Beside:
        self._thread.start()
        return self

    def __exit__(self, exc_type: Any, *_exc: Any) -> None:
        self._thread.join()
        if self._error is not None and exc_type is None:
            raise self._error


class _Checks:
    """What a pull checks at its end: foreign keys of the rows it wrote, and the scope
    checksum when the server sent one."""

    def __init__(self, engine: SyncEngine, written: WrittenRows, checksum: Any):
        self.engine = engine
        self.written = written
        self.checksum = checksum
        self.problems: list[tuple[Any, ...]] = []
        self.checksum_ok: bool | None = None

    def run(self, conn: Connection) -> None:
        if self.checksum is not None:
            # The checksum counts every row of the scope against the server's, which has
            # its own foreign keys: a missing parent shows there. Tables loaded whole (a
            # bootstrap) need no second pass of their own.
            self.written.whole.clear()
        if self.written:  # only what the pull wrote: a whole-store check costs an idle round
            self.problems = foreign_key_problems(conn, self.written)
        if self.checksum is not None:
            self.checksum_ok = self.engine._checksum_matches(self.checksum, conn)
        conn.rollback()  # end the read transaction the queries began


class _PageWriter:
    """Pulled pages written with the cursor after each, in transactions of at least
    `rows` rows or open `seconds` (of one page each when `rows` is 0: every pull but
    a bootstrap). The store's write lock is held while a transaction is open.

    A bootstrap commits every few pages, not every page: persons and vouchers are
    keyed by ids derived from a CNIC or a command (`domain.commands.context`), not
    time-ordered ones, so each page's rows land all over their primary-key indexes
    and every commit wrote those indexes out again (and encrypted them): 2.0 GB
    written for a 0.64 GB store of 500,000 applications, against 1.4 GB when
    committing every 100,000 rows. A cut link loses only the pages after the last
    commit, which the desk then asks for again from the cursor that commit stored.
    """

    def __init__(self, store: LocalStore, conn: Connection, rows: int, seconds: float = 0.0):
        self.store = store
        self.conn = conn
        self.rows = rows
        self.seconds = seconds
        self._open = 0  # rows written in the open transaction
        self._began = 0.0
        self._transaction: Any = None

    def write(self, page: PullPage) -> int:
        """Write `page` and its cursor; returns the rows it wrote. A failure rolls back
        the open transaction (the pages before it in that transaction too)."""
        if self._transaction is None:
            self.store.write_lock.acquire()
            try:
                pragma_outside_transaction(self.conn, "PRAGMA foreign_keys = OFF")
                self._transaction = self.conn.begin()
                self._began = time.monotonic()
            except BaseException:
                self._release()
                raise
        try:
            written = apply_page(self.conn, page, shadowed_keys(self.conn))
            self.conn.exec_driver_sql(
                "INSERT INTO sync_facts(key, value) VALUES ('cursor', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (str(page["cursor"]),),
            )
        except BaseException:
            self._end(commit=False)
            raise
        self._open += written
        if (
            self._open >= self.rows
            or time.monotonic() - self._began >= self.seconds
            or not page["more"]
        ):
            self._end(commit=True)
        return written

    def close(self) -> None:
        """Commit what is written: whole pages, each followed by its cursor (a pull
        cut off by the link keeps the pages it has)."""
        if self._transaction is not None:
            self._end(commit=True)

    def _end(self, *, commit: bool) -> None:
        transaction, self._transaction, self._open = self._transaction, None, 0
        try:
            if commit:
                transaction.commit()
            else:
                transaction.rollback()
        finally:
            self._release()

    def _release(self) -> None:
        try:
            pragma_outside_transaction(self.conn, "PRAGMA foreign_keys = ON")
        finally:
            self.store.write_lock.release()


def _nothing_in(page: PullPage, cursor: int) -> bool:
    """An idle round's answer: the last page, at the desk's own cursor, empty, with no
    checksum to compare."""
    return (
        not page["more"]
        and int(page["cursor"]) == cursor
        and not page["deleted"]
        and page.get("checksum") is None
        and not any(part["rows"] or part.get("packed") for part in page["tables"].values())
    )


class SyncEngine:
    def __init__(
        self,
        store: LocalStore,
        transport: Transport,
        *,
        interval: float = 15.0,
        page_rows: int = DEFAULT_PAGE_ROWS,
        checksum_every: int = 20,
        bootstrap_page_rows: int = BOOTSTRAP_PAGE_ROWS,
        lease_top_up: bool = True,
    ):
        self.store = store
        self.transport = transport
        self.interval = interval
        self.page_rows = page_rows
        self.bootstrap_page_rows = bootstrap_page_rows
        self.checksum_every = checksum_every
        self.lease_top_up = lease_top_up
        self.store_cache_mb = DEFAULT_CACHE_MB
        self.status = SyncStatus(
            state="offline", pending=store.pending_count(), attention=store.attention_count()
        )
        self._listeners: list[StatusListener] = []
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._round_lock = threading.Lock()
        self._rounds = 0
        self._failures = 0
        self._retry_after: float | None = None  # a busy server said when to come back
        self._rebased = False  # a round of this engine rebased (`_round`)
        # Attachments (scanned pages) travel on a thread and a link of their own, so a
        # large upload never holds up the command queue (DESIGN.md "Attachments").
        self._attachment_link: AttachmentLink | None = None
        self._attachment_wake = threading.Event()
        self._attachment_thread: threading.Thread | None = None
        self._attachment_lock = threading.Lock()
        self.attachment_failures = 0

    # -- listeners -----------------------------------------------------------------
    def add_listener(self, listener: StatusListener) -> None:
        self._listeners.append(listener)

    def _report(self, **changes: Any) -> None:
        self.status = replace(self.status, **changes)
        for listener in list(self._listeners):
            try:
                listener(self.status)
            except Exception:  # a broken listener must not stop sync
                log.exception("sync listener failed")

    # -- one round -------------------------------------------------------------------
    def run_once(self) -> RoundReport:
        """Push everything pending, pull to the end of the feed, rebase. Raises
        `Offline`/`ServerFault` for the caller (or the background loop) to handle."""
        with self._round_lock:
            if self.store.revoked():
                raise DeviceRevoked(401, {"code": "revoked"})
            try:
                return self._round()
            except DeviceRevoked:
                self._revoked()
                raise

    def _revoked(self) -> None:
        """The server refused this device as revoked: lock the store, stop asking."""
        self.store.lock_revoked()
        self._stop.set()
        self._report(state="revoked", message=REVOKED_STATUS, pending=self.store.pending_count())

    def _round(self) -> RoundReport:
        started = time.perf_counter()
        report = RoundReport()
        self._report(
            state="syncing",
            message="Sending pending work…",
            progress_done=0,
            progress_total=None,
            changed_tables=frozenset(),
            changed_ids={},
        )
        self.rotate_token_if_due()
        self.push_all(report)
        if self.lease_top_up:
            top_up_leases(self.store, self.transport)  # never raises for network errors
        wrote = self.pull_all(report)
        # Rebase puts the server's state back under pending work: after a round that
        # neither sent work nor wrote a page, the state under it is what the last
        # rebase left (a command made since runs on top of it, as rebase would run
        # it), so the idle round skips it (a write transaction, ~2 ms of the 15 ms).
        if wrote or report.pushed or not self._rebased:
            report.replayed = rebase(self.store)
            self._rebased = True
        self._attachment_wake.set()  # the link works: send what scans are waiting
        self._rounds += 1
        now = utcnow()
        self.store.set_facts(last_sync=now.isoformat())
        report.seconds = time.perf_counter() - started
        self._report(
            state="online",
            last_sync=now,
            pending=self.store.pending_count(),
            attention=self.store.attention_count(),
            message="",
            progress_done=0,
            progress_total=None,
            changed_tables=frozenset(report.changed_tables),
            changed_ids=report.frozen_ids(),
        )
        return report

    def rotate_token_if_due(self) -> None:
        """Swap the device token for a new one on the schedule `rotation_due` sets. The
        new token is on disk (`set_facts_durably`) before any call carries it: the
        server drops the old token once the new one is used. If the answer is lost or
        the desk stops before keeping it, the store still holds the old token, which the
        server accepts until the new one is used (or its grace period ends): the next
        round works with it and, still due, rotates again."""
        now = utcnow()
        if not rotation_due(self.store, now):
            return
        answer = self.transport.post("/devices/rotate", {})
        token = str(answer["token"])
        idle_days = int(answer.get("token_idle_days") or DEFAULT_IDLE_DAYS)
        self.store.set_facts_durably(
            device_token=token, token_issued_at=now.isoformat(), token_idle_days=idle_days
        )
        self.transport.token = token
        log.info("device token rotated (next in %s days)", idle_days / 2)

    def push_all(self, report: RoundReport) -> None:
        device_id: str | None = None  # read once there is something to send
        start_from: int | None = None
        while True:
            with self.store.sessions() as s:
                query = select(OutboxCommand).order_by(OutboxCommand.device_seq).limit(PUSH_BATCH)
                if start_from is None:
                    query = query.where(OutboxCommand.state == "pending")
                else:
                    query = query.where(OutboxCommand.device_seq >= start_from)
                batch = list(s.scalars(query))
            if not batch:
                return
            if device_id is None:
                device_id = self.store.identity().device_id
            # Sent as signed when made (LocalStore.execute); nothing is signed here, so a
            # headless `daftar sync` can only send what an operator already signed.
            # Commands queued before signing existed go with empty fields and come back
            # rejected by the server, never silently lost.
            envelopes: list[Envelope] = [
                {
                    "device_seq": c.device_seq,
                    "command_id": c.command_id,
                    "name": c.name,
                    "args": c.args,
                    "base_versions": c.base_versions,
                    "client_time": c.client_time.isoformat(),
                    "operator_id": c.operator_id or "",
                    "signature": c.signature or "",
                }
                for c in batch
            ]
            try:
                answers, _ = self.transport.push(device_id, envelopes)
            except Refused as exc:
                if exc.status == 409 and exc.body.get("code") == "gap":
                    # The server lacks earlier numbers (e.g. a restored backup): resend from there.
                    expected = int(exc.body["expected"])
                    if start_from is not None and expected >= start_from:
                        raise
                    start_from = expected
                    continue
                raise
            self._record_answers(answers, report)
            start_from = None
            if len(batch) < PUSH_BATCH:
                return

    def _record_answers(self, answers: list[Answer], report: RoundReport) -> None:
        """Keep each answer with its still-pending command, in one statement (a push of
        1,000 commands spent a quarter of a second here loading them one by one)."""
        if not answers:
            return
        now = utcnow().replace(tzinfo=None).isoformat(" ", "microseconds")  # as SQLite keeps it
        seqs = [int(a["device_seq"]) for a in answers]
        with self.store.write_lock, self.store.engine.begin() as conn:
            pending: dict[int, str] = dict(
                conn.exec_driver_sql(
                    "SELECT device_seq, command_id FROM outbox WHERE state = 'pending' "
                    "AND device_seq BETWEEN ? AND ?",
                    (min(seqs), max(seqs)),
                ).all()
            )
            updates = []
            for answer in answers:
                command_id = pending.get(int(answer["device_seq"]))
                if command_id is None or command_id != answer.get("command_id", command_id):
                    continue  # answered already, or not the command we sent
                state = answer["status"]
                updates.append(
                    (state, orjson.dumps(dict(answer)).decode(), now, int(answer["device_seq"]))
                )
                report.pushed += 1
                if state == "rejected":
                    report.rejected += 1
                elif state == "conflict":
                    report.conflicts += 1
            if updates:
                conn.exec_driver_sql(
                    "UPDATE outbox SET state = ?, answer = ?, answered_at = ? WHERE device_seq = ?",
                    updates,
                )

    def pull_all(self, report: RoundReport) -> bool:
        """Pull to the end of the feed, one page per transaction, storing the cursor
        with each page (a broken link resumes from there). While a page is written the
        next one is already downloading; a bootstrap (from cursor 0, no local work in
        the way) loads with the secondary indexes dropped and a bigger cache, and builds
        the indexes once at the end: inserting into randomly keyed indexes page after
        page is what a first sync of 500,000 applications otherwise spends its time on.
        A bootstrap also writes a few pages per transaction (`_PageWriter`) and hands
        the rows to SQLite as the JSON lines they came in (`pull_apply._upsert_packed`).

        Returns whether anything was written: the idle round's empty page at the
        cursor the desk holds (no rows, no deletions, no checksum to compare) writes
        nothing, not even the cursor again."""
        cursor = int(self.store.fact("cursor", "0") or 0)
        want_checksum = self._rounds % self.checksum_every == 0
        bootstrap = cursor == 0
        limit = self.bootstrap_page_rows if bootstrap else self.page_rows
        written_rows = WrittenRows()
        # The first page of a bootstrap is read with the collector off too: in the desktop,
        # whose start-up objects are frozen (`gc.freeze`), parsing one page set off full
        # collections that each walked the page being built, holding the GIL from the
        # window for up to 50 ms.
        with collector_paused() if bootstrap else nullcontext():
            page = self.transport.pull(cursor, limit, checksum=want_checksum)
        if _nothing_in(page, cursor):
            return False
        with ExitStack() as stack:
            conn = stack.enter_context(self.store.engine.connect())
            pages: Iterator[PullPage] = iter([page])
            bulk = bootstrap and page["more"]
            # Entered first, left last (also after a failure): the indexes are built
            # after the download.
            load = stack.enter_context(ExitStack())
            if bulk:
                load.enter_context(self._bulk_load(conn))
                load.enter_context(collector_paused())
            # Left before the indexes are built (and after the prefetch stops).
            writer = stack.enter_context(
                closing(
                    _PageWriter(self.store, conn, BOOTSTRAP_COMMIT_ROWS, BOOTSTRAP_COMMIT_SECONDS)
                    if bulk
                    else _PageWriter(self.store, conn, 0)
                )
            )
            if page["more"]:
                pages = itertools.chain(
                    pages,
                    stack.enter_context(
                        _Prefetch(
                            self.transport,
                            int(page["cursor"]),
                            limit,
                            want_checksum,
                            packed=bulk,  # see pull_apply._upsert_packed
                        )
                    ),
                )
            for page in pages:
                written = writer.write(page)
                report.pulled += written
                for t, part in page["tables"].items():
                    rows = part["rows"]
                    if part.get("packed"):  # a bulk load: too many ids to name
                        report.note_ids(t, (), REPORTED_IDS + 1)
                    if not rows:
                        continue
                    columns = part["columns"]
                    if "id" in columns and len(rows) <= REPORTED_IDS:
                        at = columns.index("id")
                        report.note_ids(t, (str(r[at]) for r in rows), len(rows))
                    else:
                        report.note_ids(t, (), REPORTED_IDS + 1)
                for t, row_id in page["deleted"]:
                    report.note_ids(t, (str(row_id),), 1)
                written_rows.add(page)
                if bootstrap:
                    self._report(
                        message=f"Downloading records… {report.pulled:,}",
                        progress_done=report.pulled,
                        progress_total=None,
                    )
            writer.close()
            checks = _Checks(self, written_rows, page.get("checksum"))
            if bulk:
                self._report(message="Checking and indexing records…")
                # Both read every row and each mostly waits on SQLite, which lets go of
                # the GIL: the checks, on a connection of their own, take the second
                # core while this one builds the indexes (a second a bootstrap).
                with _Beside(checks.run, self.store.engine):
                    load.close()
            else:
                checks.run(conn)
        if checks.problems:
            log.warning("foreign key problems after pull: %s", checks.problems[:5])
        if checks.checksum_ok is not None:
            report.checksum_ok = checks.checksum_ok
            if not report.checksum_ok:
                self.redownload_scope(report)
        elif ACCOUNTS in report.changed_tables:
            self.verify_scope(report)
        return True

    @contextmanager
    def _bulk_load(self, conn: Connection) -> Iterator[None]:
        """Secondary indexes dropped (built again on exit, also after a failure), and a
        256 MB page cache and a 64 MB checkpoint size on the loading connection. Unique
        indexes are dropped only when no local row waits for the server (no shadow
        rows): only then can no pulled row clash with one."""
        with self.store.write_lock:
            unique_too = conn.exec_driver_sql("SELECT count(*) FROM shadow_rows").scalar() == 0
            page_size = int(conn.exec_driver_sql("PRAGMA page_size").scalar() or 4096)
            conn.commit()
        tables = [m.__tablename__ for m in SYNCED_MODELS]
        pragma_outside_transaction(conn, f"PRAGMA cache_size = -{BOOTSTRAP_CACHE_MB * 1024}")
        pragma_outside_transaction(
            conn,
            f"PRAGMA wal_autocheckpoint = {BOOTSTRAP_CHECKPOINT_MB * 1024 * 1024 // page_size}",
        )
        try:
            with indexes_built_after(conn, tables, unique=unique_too, lock=self.store.write_lock):
                yield
        finally:
            pragma_outside_transaction(conn, f"PRAGMA cache_size = -{self.store_cache_mb * 1024}")
            pragma_outside_transaction(conn, "PRAGMA wal_autocheckpoint = 1000")

    # -- attachments ---------------------------------------------------------------------
    def _link(self) -> AttachmentLink:
        if self._attachment_link is None or self._attachment_link.token != self.transport.token:
            if self._attachment_link is not None:
                self._attachment_link.close()
            self._attachment_link = AttachmentLink(self.transport)
        return self._attachment_link

    def send_attachments(self) -> tuple[int, int]:
        """Upload the scans attached on this desk that the server does not hold yet;
        returns (attachments, bytes) sent. An upload cut off resumes from what the
        server has on the next call. Raises the transport's errors (offline, busy)."""
        kept = self.store.attachments
        if kept is None or not kept.outgoing():
            return 0, 0
        with self._attachment_lock:
            return kept.send_all(self._link(), {}, stop=self._stop.is_set)

    def fetch_attachment(self, sha256: str) -> bytes:
        """A scan's bytes: from this desk's encrypted cache, else (once) from the
        server. This is the only way a scan's bytes reach a desk: a bootstrap and every
        pull carry just its hash. `AttachmentError` says why it cannot be had."""
        kept = self.store.attachments
        if kept is None:
            raise AttachmentError("This desk has no place to keep scans.", retry=False)
        if kept.has(sha256):
            return kept.get(sha256)
        try:
            return kept.fetch(self._link(), sha256, {})
        except Offline:
            raise AttachmentError(
                "This scan is not on this computer yet and the server cannot be reached; "
                "open it again when the link is back."
            ) from None
        except ServerFault:
            raise AttachmentError(
                "The server did not send the scan; try opening it again in a moment."
            ) from None
        except Refused as exc:
            raise AttachmentError(f"The server refused the scan: {exc}") from None

    def attachments_waiting(self) -> int:
        kept = self.store.attachments
        return len(kept.outgoing()) if kept is not None else 0

    def _attachment_loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.send_attachments()
                self.attachment_failures = 0
                wait = self.interval
            except DeviceRevoked:
                return
            except (TransportError, OSError) as exc:
                self.attachment_failures += 1
                log.info("attachments not sent yet: %s", exc)
                wait = min(300.0, 2.0 ** min(self.attachment_failures, 8))
            except Exception:  # keep the thread alive; the next wake tries again
                self.attachment_failures += 1
                log.exception("sending attachments failed")
                wait = self.interval
            self._attachment_wake.wait(wait)
            self._attachment_wake.clear()

    def wake_attachments(self) -> None:
        """A scan was attached: send it now rather than after the next round."""
        self._attachment_wake.set()

    # -- escape hatch ---------------------------------------------------------------------
    def local_checksum(self, conn: Connection | None = None) -> dict[str, list[int]]:
        if conn is None:
            with self.store.engine.connect() as own:
                return self.local_checksum(own)
        result: dict[str, list[int]] = {}
        shadows: dict[str, list[dict[str, Any]]] = {}
        for table, data in conn.exec_driver_sql("SELECT table_name, data FROM shadow_rows"):
            # A pending create's shadow says "not on the server": SQL NULL or JSON null.
            row = orjson.loads(data) if data else None
            if row:
                shadows.setdefault(table, []).append(row)
        for model in SYNCED_MODELS:
            table = model.__tablename__
            count, total = conn.exec_driver_sql(
                f'SELECT count(*), coalesce(sum(version), 0) FROM "{table}" WHERE version > 0 '
                f"AND id NOT IN (SELECT row_id FROM shadow_rows WHERE table_name = ?)",
                (table,),
            ).one()
            for row in shadows.get(table, []):
                count += 1
                total += int(row.get("version") or 0)
            result[table] = [int(count), int(total)]
        return result

    def _checksum_matches(
        self, theirs: dict[str, list[int]], conn: Connection | None = None
    ) -> bool:
        ours = self.local_checksum(conn)
        return all(list(ours.get(t, [0, 0])) == list(v) for t, v in theirs.items())

    def verify_scope(self, report: RoundReport) -> None:
        """Compare the scope checksum now, not at the next `checksum_every` round: an
        account arrived or changed, and with it maybe the roles that decide which
        tables this desk pulls (`server.feed.reach_of_device`). A new table shows as a
        count the desk lacks, and the scope is downloaded again. A checksum that came
        with new rows is not this desk's state yet: the next round compares."""
        cursor = int(self.store.fact("cursor", "0") or 0)
        page = self.transport.pull(cursor, 1, checksum=True)
        theirs = page.get("checksum")
        if theirs is None or page["deleted"] or any(t["rows"] for t in page["tables"].values()):
            return
        report.checksum_ok = self._checksum_matches(theirs)
        if not report.checksum_ok:
            self.redownload_scope(report)

    def redownload_scope(self, report: RoundReport) -> None:
        """Re-fetch the whole scope from cursor 0, keeping pending work (its rows are
        shadowed and come back through rebase). Never throws local work away."""
        log.warning("scope checksum mismatch: downloading the scope again")
        with self.store.write_lock, self.store.engine.connect() as conn:
            pragma_outside_transaction(conn, "PRAGMA foreign_keys = OFF")
            try:
                with conn.begin():
                    for model in reversed(SYNCED_MODELS):
                        table = model.__tablename__
                        conn.exec_driver_sql(
                            f'DELETE FROM "{table}" WHERE version > 0 AND id NOT IN '
                            f"(SELECT row_id FROM shadow_rows WHERE table_name = ?)",
                            (table,),
                        )
                    conn.exec_driver_sql("DELETE FROM sync_facts WHERE key = 'cursor'")
            finally:
                pragma_outside_transaction(conn, "PRAGMA foreign_keys = ON")
        self._rounds = 1  # the re-download itself does not ask for another checksum
        self.pull_all(report)
        report.checksum_ok = self._checksum_matches(
            self.transport.pull(int(self.store.fact("cursor", "0") or 0), 1, checksum=True)[
                "checksum"
            ]
            or {}
        )

    # -- background loop -----------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="daftar-sync", daemon=True)
        self._thread.start()
        self._attachment_thread = threading.Thread(
            target=self._attachment_loop, name="daftar-attachments", daemon=True
        )
        self._attachment_thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        self._attachment_wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self._attachment_thread is not None:
            self._attachment_thread.join(timeout)
            self._attachment_thread = None
        if self._attachment_link is not None:
            self._attachment_link.close()
            self._attachment_link = None

    def sync_now(self) -> None:
        self._wake.set()

    def _delay(self) -> float:
        if self._retry_after is not None:
            # The server asked for this pause; up to half as much again at random, so
            # desks turned away at the same moment come back spread out.
            wait, self._retry_after = self._retry_after, None
            return wait + random.uniform(0, wait / 2)
        if self._failures == 0:
            return self.interval
        base = min(300.0, 2.0 ** min(self._failures, 8))
        return base / 2 + random.uniform(0, base / 2)  # exponential backoff, jittered

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
                self._failures = 0
            except DeviceRevoked:
                log.warning("the server revoked this device; sync stopped and the store locked")
                return
            except Offline as exc:
                self._failures += 1
                self._report(
                    state="offline",
                    message="No link to the server; work is kept locally.",
                    pending=self.store.pending_count(),
                    progress_total=None,
                )
                log.info("offline: %s", exc)
            except ServerBusy as exc:
                self._retry_after = exc.retry_after
                self._report(
                    state="busy",
                    retry_after=exc.retry_after,
                    message=f"The server is busy; trying again in {exc.retry_after:g} s.",
                    pending=self.store.pending_count(),
                    progress_total=None,
                )
            except ServerFault as exc:
                self._failures += 1
                self._report(
                    state="offline",
                    message=f"Server trouble ({exc}); retrying.",
                    pending=self.store.pending_count(),
                    progress_total=None,
                )
            except Refused as exc:
                self._failures += 1
                message = TOKEN_REFUSED.get(exc.code or "") if exc.status == 401 else None
                self._report(
                    state="offline",
                    message=message or f"The server refused: {exc}",
                    pending=self.store.pending_count(),
                )
            except Exception as exc:  # keep the loop alive; the message says what broke
                self._failures += 1
                log.exception("sync round failed")
                self._report(state="offline", message=f"Sync failed: {exc}")
            self._wake.wait(self._delay())
            self._wake.clear()

    def last_sync(self) -> datetime | None:
        text = self.store.fact("last_sync")
        return datetime.fromisoformat(text) if text else None
