"""What the central server is told at start: where its database is, who may enrol.

One plain dataclass so the CLI, the app factory (also in uvicorn worker processes,
which only see environment variables) and the tests build it the same way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

ENV_DATABASE_URL = "DAFTAR_DATABASE_URL"
ENV_ENROLMENT_KEY = "DAFTAR_ENROLMENT_KEY"
ENV_MAX_ACTIVE = "DAFTAR_MAX_ACTIVE"
ENV_MAX_WAITING = "DAFTAR_MAX_WAITING"
ENV_MAX_QUEUE_SECONDS = "DAFTAR_MAX_QUEUE_SECONDS"
ENV_BEHIND_PGBOUNCER = "DAFTAR_BEHIND_PGBOUNCER"
ENV_LISTEN_URL = "DAFTAR_LISTEN_URL"
ENV_TOKEN_GRACE_HOURS = "DAFTAR_TOKEN_GRACE_HOURS"
#: The longest grace a rotated-away token may have (30 days): beyond it a lost answer
#: is better settled by enrolling the laptop again than by an old token that works.
TOKEN_GRACE_MAX_HOURS = 24 * 30
#: Connections a worker's pool holds beyond its admitted requests: health checks,
#: enrolments, token checks, payment jobs.
POOL_SPARE = 4


def _number(text: str | float, source: str, unit: str) -> float:
    """A setting's text as a number, or one line naming `source` and the `unit`."""
    try:
        return float(str(text).strip())
    except ValueError:
        raise ValueError(f"{source} must be a number of {unit}; got {str(text)[:40]!r}") from None


def token_grace_hours(text: str | float, source: str = "--token-grace-hours") -> float:
    """Hours of grace for a rotated-away token, read from a flag or the environment:
    more than 0 and at most `TOKEN_GRACE_MAX_HOURS`; "1.5" is an hour and a half.
    Anything else is refused with a line naming `source`, so a mistyped setting stops
    the server at start rather than locking laptops out days later."""
    hours = _number(text, source, "hours")
    if not 0 < hours <= TOKEN_GRACE_MAX_HOURS:  # also refuses nan
        raise ValueError(
            f"{source} must be more than 0 and at most {TOKEN_GRACE_MAX_HOURS} hours; "
            f"got {str(text)[:40]}"
        )
    return hours


#: The longest a worker may be told to keep a request queued (`server.admission`).
MAX_QUEUE_SECONDS_LIMIT = 60.0


def queue_seconds(text: str | float, source: str = ENV_MAX_QUEUE_SECONDS) -> float:
    """The longest expected wait a worker queues a request for, from the environment:
    0 (no bound in seconds, only `max_waiting`) to `MAX_QUEUE_SECONDS_LIMIT`. Anything
    else stops the server at start with one line naming `source`."""
    seconds = _number(text, source, "seconds")
    if not 0 <= seconds <= MAX_QUEUE_SECONDS_LIMIT:  # also refuses nan
        raise ValueError(
            f"{source} must be from 0 to {MAX_QUEUE_SECONDS_LIMIT:g} seconds; got {str(text)[:40]}"
        )
    return seconds


@dataclass(frozen=True)
class Settings:
    """`db_url` None means the embedded SQLite file in the platform data directory.

    `enrolment_key` is the shared key of a demo server (`daftar server --demo`); a
    real server enrols laptops only with one-time codes (`daftar admin device code`).
    """

    db_url: str | None = None
    enrolment_key: str | None = None
    host: str = "127.0.0.1"
    port: int = 8700
    #: gzip level of pull pages for clients that do not take zstd: 1 is ~3x faster
    #: than 6 and only ~15% larger, and on loopback the CPU, not the bytes, is what a
    #: bootstrap waits for.
    gzip_level: int = 1
    #: zstd level of pull pages (what our own client asks for): level 1 packs the pages
    #: of a 500,000-application bootstrap ~4x faster than gzip level 1, into ~77 bytes a
    #: row against gzip's ~98, and unpacks ~4x faster on the desk.
    zstd_level: int = 1
    #: Upper bound of `limit` on a pull, so one request cannot ask for the whole feed.
    max_page_rows: int = 20_000
    #: Requests a worker lets at the database at once (`server.admission`); its
    #: connection pool holds this many plus `POOL_SPARE`. A worker is one Python
    #: process: its requests take turns at one core, so more at once only makes each
    #: one longer. With the load generator (300 desks, 2 workers, 2 cores) 4 answered
    #: as many commands a second as 8 (median 336 against 335 over five alternating
    #: runs) with the answered pushes' p99 at 2.5 s against 3.8 s, p50 0.7 against
    #: 1.0 s; 2 answered no more and waited no less.
    max_active: int = 4
    #: Requests that may wait in a worker for a turn; beyond that, 503 + Retry-After.
    max_waiting: int = 64
    #: ...and only while its expected wait, by the worker's recent pace, is at most
    #: this many seconds (0: no bound in seconds; `server.admission`).
    max_queue_seconds: float = 0.5
    #: Seconds a desk is told to wait after a 503 (it adds jitter).
    retry_after: int = 2
    #: The database URL is a PgBouncer in transaction pooling mode: no server-side
    #: prepared statements (psycopg's `prepare_threshold=None`).
    behind_pgbouncer: bool = False
    #: A direct PostgreSQL URL for the feed-heads listener (`server.heads`): LISTEN does
    #: not pass through transaction pooling. None: `db_url`, unless behind PgBouncer
    #: (then idle pulls read the database).
    listen_url: str | None = None
    #: Seconds a worker trusts a device token it has checked; 0 checks every request
    #: against the database. Trusted only while the feed-heads listener is up, which
    #: hears every revocation and rotation (`heads.TOKENS`) and forgets all tokens when
    #: it (re)connects, so a revoked device is refused at once. A served worker
    #: (`from_env`, `daftar server`) trusts a token for 60 s: a desk polling every
    #: half-minute then finds its token trusted, and its idle round costs the
    #: database nothing (`server.idle_pull`).
    token_cache_seconds: float = 0.0
    #: Largest request body the application reads (413 beyond it), whether or not a
    #: proxy in front bounds it too (`server.request_limits`).
    max_body_bytes: int = 32 * 1024 * 1024
    #: Every pushed command must be signed by its operator (DESIGN.md "Identity, roles
    #: and audit"). False only for old tests whose desks do not sign yet.
    require_signatures: bool = True
    #: A device token unused this long is refused (`token_expired`).
    token_idle_days: int = 90
    #: Hours a token replaced by a rotation is still accepted while the new one has not
    #: been used (a desk that lost the rotation's answer comes back with the old one);
    #: never longer than `token_idle_days`. `daftar server --token-grace-hours` or
    #: `DAFTAR_TOKEN_GRACE_HOURS` (`token_grace_hours()` checks either).
    token_grace_hours: float = 72.0
    #: Folder of attachment blobs (`server.blobs`); None: `blobs/` beside the SQLite
    #: file in the platform data directory.
    blob_dir: str | None = None

    @classmethod
    def from_env(cls) -> Settings:
        """Settings from the environment, as uvicorn worker processes receive them."""
        env = os.environ
        return cls(
            db_url=env.get(ENV_DATABASE_URL) or None,
            enrolment_key=env.get(ENV_ENROLMENT_KEY) or None,
            host=env.get("DAFTAR_HOST", "127.0.0.1"),
            port=int(env.get("DAFTAR_PORT", "8700")),
            max_active=int(env.get(ENV_MAX_ACTIVE) or cls.max_active),
            max_waiting=int(env.get(ENV_MAX_WAITING) or cls.max_waiting),
            max_queue_seconds=queue_seconds(
                env.get(ENV_MAX_QUEUE_SECONDS) or cls.max_queue_seconds
            ),
            retry_after=int(env.get("DAFTAR_RETRY_AFTER") or cls.retry_after),
            behind_pgbouncer=env.get(ENV_BEHIND_PGBOUNCER, "") in ("1", "true", "yes"),
            listen_url=env.get(ENV_LISTEN_URL) or None,
            token_cache_seconds=float(env.get("DAFTAR_TOKEN_CACHE_SECONDS") or 60.0),
            max_body_bytes=int(env.get("DAFTAR_MAX_BODY_BYTES", str(32 * 1024 * 1024))),
            require_signatures=env.get("DAFTAR_REQUIRE_SIGNATURES", "1") != "0",
            token_idle_days=int(env.get("DAFTAR_TOKEN_IDLE_DAYS") or 90),
            token_grace_hours=token_grace_hours(
                env.get(ENV_TOKEN_GRACE_HOURS) or cls.token_grace_hours, ENV_TOKEN_GRACE_HOURS
            ),
        )
