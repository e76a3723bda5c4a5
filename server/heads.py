"""Per-district feed heads kept in each worker, so an idle pull never asks the database.

Most sync rounds find nothing new: the desk's cursor is already at or past the last
change of its districts. Answering that from the database cost a token check, a
connection from the pool and an empty range scan, several milliseconds of two
processes; with hundreds of desks polling at once it was most of the server's work.

Each worker keeps the last change number of every district in memory. Every
transaction that numbers changes (`server.changes`) sends `pg_notify('daftar_feed')` with
the highest number it gave each district; PostgreSQL delivers a notification when
(and only if) its transaction commits, and a listener thread per worker raises its
heads as they arrive. A pull whose cursor is at or past the heads of all its
districts gets an empty page straight away.

Why this is safe: the heads only ever say "nothing new" when every change the worker
has heard of is already behind the cursor. A change committed but not yet heard of
makes a pull answer as if it had come a moment earlier; the cursor does not move, so
nothing is skipped and the next round picks it up. The heads are trusted only while
the listener is connected: it LISTENs first, then reads the heads from the change
index, then applies notifications (a change that lands in between is both read and
heard, which is harmless, heads only grow). On any error the heads are dropped and
every pull goes to the database until the listener is back. A reindex (bulk seeding)
sends "*", which makes every worker read its heads again.

PostgreSQL only (SQLite servers run one process and read the database; LISTEN does
not pass through PgBouncer's transaction pooling, so behind it the listener needs a
direct URL, `Settings.listen_url`).
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

CHANNEL = "daftar_feed"
RESET = "*"
#: Sent when a device token stops being good (revoked, rotated): every worker forgets
#: the tokens it trusted, so the device's next call is refused at once.
TOKENS = "!tokens"
#: Seconds between attempts to reconnect a lost listener.
RETRY_SECONDS = 2.0


def notify_reset(conn: Connection) -> None:
    """Tell every worker to read its heads again (after rows were numbered in bulk)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_notify(%s, %s)", (CHANNEL, RESET))


def notify_tokens(conn: Connection) -> None:
    """Tell every worker to forget the device tokens it trusts (`TokenCache`)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_notify(%s, %s)", (CHANNEL, TOKENS))


def parse(payload: str) -> dict[str, int] | None:
    """{district: head} of a notification; None for a reset (or anything unreadable)."""
    if payload == RESET:
        return None
    heads: dict[str, int] = {}
    try:
        for part in payload.split(","):
            district, number = part.rsplit(":", 1)
            heads[district] = int(number)
    except ValueError:
        return None
    return heads


_LIVE: weakref.WeakSet[FeedHeads] = weakref.WeakSet()


def committed_here(heads: dict[str, int]) -> None:
    """A transaction of this process committed these heads: raise them at once, before
    the notification comes round (`server.changes` calls this after commit). A pull on
    the same worker right after a push then never waits for the listener."""
    for instance in list(_LIVE):
        instance._raise(heads.items())


_READ_HEADS = (
    "SELECT d.code, (SELECT max(c.seq) FROM change_index AS c "
    "WHERE c.district_code = d.code) FROM districts AS d"
)


class FeedHeads:
    """The listener and the heads it keeps (module docstring)."""

    def __init__(self, url: str):
        parsed = make_url(url)
        self._conninfo = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
        self._heads: dict[str, int] = {}
        self._valid = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._resets = 0
        #: Called when a token stops being good (`TOKENS`); the app clears its cache.
        self.on_tokens: Any = None
        #: Called on a reset (`RESET`): the app empties its pulled rows' texts.
        self.on_reset: Any = None
        _LIVE.add(self)

    @property
    def valid(self) -> bool:
        return self._valid

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="feed-heads", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def nothing_after(self, districts: Sequence[str], cursor: int) -> bool:
        """True only if the heads are trusted and none of `districts` has a change after
        `cursor` (False means: ask the database)."""
        if not self._valid:
            return False
        heads = self._heads
        return all(heads.get(d, 0) <= cursor for d in districts)

    def _raise(self, heads: Iterable[tuple[str, int]]) -> None:
        with self._lock:
            current = dict(self._heads)
            for district, number in heads:
                if number > current.get(district, 0):
                    current[district] = number
            self._heads = current  # swapped whole: readers never see a half-made dict

    def _reread(self, conn: Any) -> None:
        # Merged, not replaced: a notification handled while this read ran may be newer
        # than the read's snapshot, and heads only grow.
        self._raise((d, int(n)) for d, n in conn.execute(_READ_HEADS).fetchall() if n is not None)

    def _heard(self, note: Any) -> None:
        if note.payload == TOKENS:
            if self.on_tokens is not None:
                self.on_tokens()
            return
        heads = parse(note.payload)
        if heads is None:
            self._resets += 1
            if self.on_reset is not None:
                self.on_reset()
        else:
            self._raise(heads.items())

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True, connect_timeout=5) as conn:
                    # Notifications that arrive while a statement runs wait in psycopg's
                    # backlog (3.2+) and come out of the next notifies().
                    with self._lock:
                        self._heads = {}
                    conn.execute(f"LISTEN {CHANNEL}")
                    # A revocation sent while no one listened went unheard: forget
                    # every trusted token now that notifications reach us again.
                    if self.on_tokens is not None:
                        self.on_tokens()
                    self._resets = 0
                    self._reread(conn)
                    self._valid = True
                    log.info("feed heads: listening (%d districts)", len(self._heads))
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=1.0):
                            self._heard(note)
                        if self._resets:
                            self._resets = 0
                            self._reread(conn)
                        conn.execute("SELECT 1")  # a dead link shows here
            except Exception as exc:  # noqa: BLE001 - any failure: distrust, retry
                log.warning("feed heads: listener lost (%s); pulls read the database", exc)
            finally:
                self._valid = False
            self._stop.wait(RETRY_SECONDS)
