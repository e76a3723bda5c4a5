"""Live sync fixtures: the real server (`python -m server`) as a subprocess on
127.0.0.1, over a real database, and real desks (encrypted local store, sync engine,
HTTP transport) enrolled with it.

- `server_db_url`: a migrated, empty server database; parametrized over an SQLite
  file and a fresh PostgreSQL database. For PostgreSQL a template database
  `daftar_sync_<random>_tpl` is migrated once per module and every test gets its own
  copy `daftar_sync_<random>` (CREATE DATABASE ... TEMPLATE, through psycopg in
  autocommit); all are dropped at the end. PostgreSQL unreachable: the test skips,
  or fails when DAFTAR_REQUIRE_POSTGRES=1.
- `live_server`: the server process; `stop()`/`start()` take the link down and bring
  it back on the same port and database. It also reads the server's database for
  the assertions (`scope_versions`, `processed_count`, ...).
- `make_device(office_code, districts=None)`: an enrolled (store, engine) pair.
- `sync_kit`: small helpers the three sync test modules share (command arguments,
  the id→version maps that convergence is checked on).

No fixed sleeps: readiness is polled against a deadline (the pause between polls is
a wait on the server process, which also notices it dying).
"""

from __future__ import annotations

import itertools
import os
import secrets
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import requests
from sqlalchemy import Engine, func, select

from daftar_cli.demo import free_port
from domain.ids import new_id, utcnow
from domain.models import SYNCED_MODELS
from sync.engine import SyncEngine
from sync.enrol import enrol
from sync.protocol import DEFAULT_PAGE_ROWS
from sync.store import LocalStore
from sync.store.client_models import OutboxCommand
from sync.transport import Transport

REPO = Path(__file__).resolve().parents[2]
ENROLMENT_KEY = "sync-test-enrolment-key"
PG_HOST, PG_PORT, PG_USER, PG_ADMIN_DB = "127.0.0.1", 5432, "postgres", "test"
STARTUP_SECONDS = 60.0


# ------------------------------------------------------------------ PostgreSQL


def _pg_admin() -> Any:
    """An autocommit psycopg connection to the admin database, or skip/fail."""
    import psycopg

    try:
        return psycopg.connect(
            host=PG_HOST,
            port=PG_PORT,
            user=PG_USER,
            dbname=PG_ADMIN_DB,
            autocommit=True,
            connect_timeout=5,
        )
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        message = f"PostgreSQL at {PG_HOST}:{PG_PORT} unreachable: {exc}"
        if os.environ.get("DAFTAR_REQUIRE_POSTGRES") == "1":
            pytest.fail(message)
        pytest.skip(message)


def pg_url(database: str) -> str:
    return f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{database}"


def _drop(admin: Any, name: str) -> None:
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def pg_template() -> Iterator[str]:
    """A migrated database for this module's tests to copy; dropped at the end."""
    from server.db import make_engine
    from server.migrate import prepare_database

    admin = _pg_admin()
    name = f"daftar_sync_{secrets.token_hex(5)}_tpl"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        engine = make_engine(pg_url(name))
        try:
            prepare_database(engine)
        finally:
            engine.dispose()
        yield name
    finally:
        _drop(admin, name)
        admin.close()


@pytest.fixture
def pg_database(pg_template: str) -> Iterator[str]:
    """A fresh migrated PostgreSQL database for one test (a copy of the template)."""
    admin = _pg_admin()
    name = f"daftar_sync_{secrets.token_hex(6)}"
    admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    try:
        yield pg_url(name)
    finally:
        _drop(admin, name)
        admin.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty server database: an SQLite file, then a PostgreSQL database."""
    if request.param == "postgres":
        return str(request.getfixturevalue("pg_database"))
    from server.db import make_engine
    from server.migrate import prepare_database

    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    engine = make_engine(url)
    try:
        prepare_database(engine)
    finally:
        engine.dispose()
    return url


# ------------------------------------------------------------------ the server


@dataclass
class LiveServer:
    """`python -m server` on 127.0.0.1, plus read access to its database."""

    db_url: str
    folder: Path
    enrolment_key: str = ENROLMENT_KEY
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0
    _engine: Engine | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def dialect(self) -> str:
        return "postgresql" if self.db_url.startswith("postgresql") else "sqlite"

    @property
    def log_path(self) -> Path:
        return self.folder / f"server-{self.port}.log"

    def start(self, timeout: float = STARTUP_SECONDS) -> None:
        """Start (again) on the same port and database; return once /health answers."""
        if self.process is not None and self.process.poll() is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, PYTHONPATH=str(REPO))
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "server",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--db",
                    self.db_url,
                    "--demo",
                    "--enrolment-key",
                    self.enrolment_key,
                    "--unsigned-commands",
                ],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.starts += 1
        self._wait_healthy(timeout)

    def _wait_healthy(self, timeout: float) -> None:
        import time

        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/health", timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            try:  # the pause between polls: returns at once if the server died
                self.process.wait(timeout=0.05)
            except subprocess.TimeoutExpired:
                continue
            raise RuntimeError(
                f"the server exited with code {self.process.returncode}:\n{self.log_tail()}"
            )
        raise RuntimeError(f"the server was not healthy within {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        """Take the link down: the process ends; port and database stay for `start`."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self.process = None

    def kill(self) -> None:
        """SIGKILL the server (no graceful shutdown)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=15)
        self.process = None

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"

    # -- reading the server's database -------------------------------------------------
    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from server.db import make_engine

            kw = {"pool_size": 2, "max_overflow": 2} if self.dialect == "postgresql" else {}
            self._engine = make_engine(self.db_url, **kw)
        return self._engine

    def scope_versions(self, districts: list[str]) -> dict[str, dict[str, int]]:
        """{table: {id: version}} of every synced row in `districts` on the server: a
        row of those districts, or a person (and a row about one) served there."""
        from server.models import ChangeIndex

        index = ChangeIndex.__table__
        with self.engine.connect() as conn:
            return {
                m.__tablename__: {
                    i: int(v)
                    for i, v in conn.execute(
                        select(m.id, m.version).where(
                            m.district_code.in_(districts)
                            | m.id.in_(
                                select(index.c.row_id).where(
                                    index.c.table_name == m.__tablename__,
                                    index.c.district_code.in_(districts),
                                    index.c.deleted.is_(False),
                                )
                            )
                        )
                    )
                }
                for m in SYNCED_MODELS
            }

    def processed_count(self, device_id: str) -> int:
        from server.models import ProcessedCommand

        with self.engine.connect() as conn:
            return int(
                conn.scalar(
                    select(func.count())
                    .select_from(ProcessedCommand)
                    .where(ProcessedCommand.device_id == device_id)
                )
                or 0
            )

    def processed_answers(self, device_id: str) -> dict[int, dict[str, Any]]:
        from server.models import ProcessedCommand

        with self.engine.connect() as conn:
            return {
                int(seq): dict(answer)
                for seq, answer in conn.execute(
                    select(ProcessedCommand.device_seq, ProcessedCommand.answer).where(
                        ProcessedCommand.device_id == device_id
                    )
                )
            }

    def close(self) -> None:
        self.stop()
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


@pytest.fixture
def live_server(server_db_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    server = LiveServer(server_db_url, tmp_path / "server")
    server.start()
    try:
        yield server
    finally:
        server.close()


# ------------------------------------------------------------------ desks


@pytest.fixture
def make_device(live_server: LiveServer) -> Iterator[Callable[..., tuple[LocalStore, SyncEngine]]]:
    """make_device(office_code, districts=None, *, name=None, url=None, page_rows=...)
    -> (store, engine): a fresh profile store enrolled with the live server. `url`
    lets a desk talk through a proxy instead of straight to the server."""
    made: list[tuple[LocalStore, SyncEngine]] = []
    numbers = itertools.count(1)

    def make(
        office_code: str = "DC-PSH",
        districts: list[str] | None = None,
        *,
        name: str | None = None,
        url: str | None = None,
        page_rows: int = DEFAULT_PAGE_ROWS,
    ) -> tuple[LocalStore, SyncEngine]:
        profile = f"desk{next(numbers)}-{office_code}"
        store = LocalStore.open(profile)
        base = url or live_server.url
        enrol(
            store,
            base,
            live_server.enrolment_key,
            office_code=office_code,
            demo_key=True,
            device_name=name or profile,
            district_codes=districts,
        )
        engine = SyncEngine(
            store,
            Transport(base, store.fact("device_token")),
            page_rows=page_rows,
            bootstrap_page_rows=page_rows,
        )
        made.append((store, engine))
        return store, engine

    yield make
    for store, engine in made:
        engine.stop()
        engine.transport.http.close()
        store.close()


# ------------------------------------------------------------------ helpers


def _cnic(n: int) -> str:
    """A well-formed KP CNIC, different for each n (last digit odd)."""
    return f"17301{n % 10_000_000:07d}1"


def application_args(
    n: int, *, prefix: str = "PSH", cnic: int | None = None, **over: Any
) -> dict[str, Any]:
    """A complete new-licence application; number `{prefix}-26-{n}`, CNIC from n."""
    args: dict[str, Any] = {
        "application_id": new_id(),
        "application_no": f"{prefix}-26-{n:07d}",
        "kind": "new",
        "weapon_type": "pistol",
        "bore": ".30",
        "validity": "district",
        "documents": ["cnic_copy", "affidavit", "police_clearance"],
        "applicant": {
            "cnic": _cnic(cnic if cnic is not None else n),
            "name_en": f"Applicant {n}",
            "name_ur": "",
            "father_name_en": "Father",
            "date_of_birth": date(1980, 1, 1).isoformat(),
            "address": "Peshawar",
            "mobile": "03001234567",
        },
    }
    args.update(over)
    return args


def local_versions(store: LocalStore) -> dict[str, dict[str, int]]:
    """{table: {id: version}} of every synced row in a desk's store."""
    with store.engine.connect() as conn:
        return {
            m.__tablename__: {
                i: int(v)
                for i, v in conn.exec_driver_sql(f'SELECT id, version FROM "{m.__tablename__}"')
            }
            for m in SYNCED_MODELS
        }


def outbox(store: LocalStore) -> list[OutboxCommand]:
    with store.sessions() as s:
        return list(s.scalars(select(OutboxCommand).order_by(OutboxCommand.device_seq)))


def differences(
    ours: dict[str, dict[str, int]], theirs: dict[str, dict[str, int]]
) -> dict[str, Any]:
    """What differs between two {table: {id: version}} maps (empty when equal)."""
    out: dict[str, Any] = {}
    for table in sorted(set(ours) | set(theirs)):
        a, b = ours.get(table, {}), theirs.get(table, {})
        if a != b:
            out[table] = {
                "only_here": sorted(set(a) - set(b))[:5],
                "only_there": sorted(set(b) - set(a))[:5],
                "versions": [(k, a[k], b[k]) for k in sorted(set(a) & set(b)) if a[k] != b[k]][:5],
            }
    return out


def visit_setup_args(
    prison_code: str = "CP-PSH",
    *,
    days_ahead: float = 3.0,
    capacity: int = 1,
    seat_quotas: dict[str, int] | None = None,
    offset_minutes: int = 0,
) -> dict[str, Any]:
    """Arguments of open_visit_slot for a slot `days_ahead` days from now."""
    from datetime import timedelta

    starts = (utcnow() + timedelta(days=days_ahead, minutes=offset_minutes)).replace(
        second=0, microsecond=0
    )
    return {
        "slot_id": new_id(),
        "prison_code": prison_code,
        "starts_at": starts.isoformat(),
        "minutes": 30,
        "capacity": capacity,
        "seat_quotas": seat_quotas or {},
    }


@pytest.fixture
def sync_kit() -> SimpleNamespace:
    """Helpers shared by the sync test modules (conftest modules cannot be imported)."""
    return SimpleNamespace(
        application_args=application_args,
        local_versions=local_versions,
        outbox=outbox,
        differences=differences,
        cnic=_cnic,
        visit_slot_args=visit_setup_args,
    )
