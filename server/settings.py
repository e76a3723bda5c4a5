"""What the central server is told at start: where its database is, who may enrol.

One plain dataclass so the CLI, the app factory (also in uvicorn worker processes,
which only see environment variables) and the tests build it the same way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

ENV_DATABASE_URL = "DAFTAR_DATABASE_URL"
ENV_ENROLMENT_KEY = "DAFTAR_ENROLMENT_KEY"


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
    #: Every pushed command must be signed by its operator (DESIGN.md "Identity, roles
    #: and audit"). False only for old tests whose desks do not sign yet.
    require_signatures: bool = True
    #: A device token unused this long is refused (`token_expired`).
    token_idle_days: int = 90

    @classmethod
    def from_env(cls) -> Settings:
        """Settings from the environment, as uvicorn worker processes receive them."""
        return cls(db_url=os.environ.get(ENV_DATABASE_URL) or None,
                   enrolment_key=os.environ.get(ENV_ENROLMENT_KEY) or None,
                   host=os.environ.get("DAFTAR_HOST", "127.0.0.1"),
                   port=int(os.environ.get("DAFTAR_PORT", "8700")),
                   require_signatures=os.environ.get("DAFTAR_REQUIRE_SIGNATURES", "1") != "0",
                   token_idle_days=int(os.environ.get("DAFTAR_TOKEN_IDLE_DAYS", "90")))
