"""Server test fixtures: a migrated database (SQLite file or a fresh PostgreSQL
database), the app over it with a TestClient, and desks that enrol, push and pull.

Every desk signs its commands, as a real one does (`sync.signing`): `Server.enrol`
gives it an operator of its own (a supervisor of the office's district, key
registered for that device), and `Server.operator` makes others to sign as
(`Desk.sign_as`).

PostgreSQL: a template database is migrated once per session and each test gets a
copy (`CREATE DATABASE ... TEMPLATE`), dropped afterwards. If the server at
127.0.0.1:5432 cannot be reached, the PostgreSQL tests skip, or fail when
DAFTAR_REQUIRE_POSTGRES=1 (CI).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.engine import make_url

from domain import reference
from domain.ids import new_id, utcnow
from domain.models import Operator
from server.accounts import make_scope
from server.app import create_app
from server.db import make_engine, session_factory
from server.migrate import prepare_database
from server.settings import Settings
from sync.signing import canonical_command, new_key_pair, sign

PG_ADMIN_URL = os.environ.get(
    "DAFTAR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
ENROLMENT_KEY = "test-enrolment-key"
AT = "2026-11-20T09:30:00+00:00"


# -------------------------------------------------------------------- databases


@pytest.fixture
def sqlite_engine(tmp_path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    prepare_database(engine)
    yield engine
    engine.dispose()


def _admin_engine() -> Engine:
    return create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", pool_pre_ping=True)


def _postgres_or_skip() -> Engine:
    admin = _admin_engine()
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        admin.dispose()
        message = f"PostgreSQL at {make_url(PG_ADMIN_URL).render_as_string()} unreachable: {exc}"
        if os.environ.get("DAFTAR_REQUIRE_POSTGRES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return admin


def _url_for(name: str) -> str:
    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A database migrated and filled once; tests copy it."""
    admin = _postgres_or_skip()
    name = f"daftar_tpl_{secrets.token_hex(4)}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(_url_for(name))
    try:
        prepare_database(engine)
    finally:
        engine.dispose()
    yield name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_url(pg_template: str) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database of its own for one test."""
    admin = _admin_engine()
    name = f"daftar_test_{secrets.token_hex(6)}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"'))
    yield _url_for(name)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_engine(pg_url: str) -> Iterator[Engine]:
    engine = make_engine(pg_url)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server_engine(request) -> Engine:
    """The server's database, once on SQLite and once on PostgreSQL."""
    return request.getfixturevalue("sqlite_engine" if request.param == "sqlite" else "pg_engine")


# -------------------------------------------------------------------- the app


@dataclass
class Signer:
    """An operator as a desk holds them: id, username and the private key."""

    operator_id: str
    username: str
    key: Ed25519PrivateKey


@dataclass
class Desk:
    """One enrolled laptop talking to the server: numbers and signs its commands."""

    client: TestClient
    device_id: str
    token: str
    office_code: str
    district_codes: list[str]
    device_no: int
    signer: Signer | None = None
    seq: int = 0
    cursor: int = 0
    seen: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    tombstones: set[tuple[str, str]] = field(default_factory=set)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def envelope(
        self,
        name: str,
        args: dict[str, Any],
        *,
        seq: int | None = None,
        base_versions: dict[str, int] | None = None,
    ) -> dict[str, Any]:
        if seq is None:
            self.seq += 1
            seq = self.seq
        env = {
            "device_seq": seq,
            "command_id": new_id(),
            "name": name,
            "args": args,
            "base_versions": base_versions or {},
            "client_time": AT,
        }
        if self.signer is not None:
            env["operator_id"] = self.signer.operator_id
            env["signature"] = sign(
                self.signer.key,
                canonical_command(
                    self.device_id, self.device_no, seq, env["command_id"], name, args
                ),
            )
        return env

    def sign_as(self, signer: Signer | None) -> Desk:
        """Sign the next commands as `signer` (None: unsigned)."""
        self.signer = signer
        return self

    def push_envelopes(self, envelopes: list[dict[str, Any]]) -> Any:
        return self.client.post(
            "/sync/push",
            headers=self.headers,
            json={"device_id": self.device_id, "commands": envelopes},
        )

    def push(self, name: str, args: dict[str, Any], **kw: Any) -> dict[str, Any]:
        """Push one command; returns its answer."""
        response = self.push_envelopes([self.envelope(name, args, **kw)])
        assert response.status_code == 200, response.text
        return response.json()["results"][0]

    def pull(self, *, limit: int = 5000, checksum: bool = False) -> dict[str, Any]:
        """One page from the desk's cursor, folded into `seen` / `tombstones`."""
        response = self.client.get(
            "/sync/pull",
            headers=self.headers,
            params={"cursor": self.cursor, "limit": limit, "checksum": int(checksum)},
        )
        assert response.status_code == 200, response.text
        page = response.json()
        for table, data in page["tables"].items():
            for row in data["rows"]:
                record = dict(zip(data["columns"], row))
                self.seen[(table, record["id"])] = record
                self.tombstones.discard((table, record["id"]))
        for table, row_id in page["deleted"]:
            self.seen.pop((table, row_id), None)
            self.tombstones.add((table, row_id))
        assert page["cursor"] >= self.cursor
        self.cursor = page["cursor"]
        return page

    def pull_all(self, *, limit: int = 5000, checksum: bool = True) -> dict[str, Any]:
        """Pull until `more` is false; returns the last page."""
        for _ in range(10_000):
            page = self.pull(limit=limit, checksum=checksum)
            if not page["more"]:
                return page
        raise AssertionError("the feed never ended")


@dataclass
class Server:
    client: TestClient
    engine: Engine

    def enrol(
        self,
        office_code: str = "DC-PSH",
        name: str = "counter 1",
        *,
        signed: bool = True,
        district_codes: list[str] | None = None,
    ) -> Desk:
        """A laptop enrolled at the office (demo key), signing as an operator of its
        own: a supervisor of the office's district. `district_codes` widens the device's
        scope as a provincial desk's record would (set on the server's row: enrolment
        itself takes the scope from the office)."""
        body: dict[str, Any] = {
            "enrolment_key": ENROLMENT_KEY,
            "office_code": office_code,
            "device_name": name,
        }
        response = self.client.post("/devices/enrol", json=body)
        assert response.status_code == 200, response.text
        e = response.json()
        if district_codes:
            from server.models import Device

            with session_factory(self.engine).begin() as s:
                s.get(Device, e["device_id"]).district_codes = list(district_codes)
            e["district_codes"] = list(district_codes)
        desk = Desk(
            self.client,
            e["device_id"],
            e["token"],
            e["office_code"],
            e["district_codes"],
            e["device_no"],
        )
        if signed:
            desk.sign_as(
                self.operator(f"desk{e['device_no']}", ["supervisor"], office_code, desks=[desk])
            )
        return desk

    def operator(
        self,
        username: str,
        roles: list[str],
        office_code: str = "DC-PSH",
        *,
        desks: list[Desk] = (),
        active: bool = True,
        **scope: list[str],
    ) -> Signer:
        """An account made straight in the database (no password: it only signs), with
        a key registered for each of `desks`. `scope`: districts, offices, tehsils, prisons."""
        key, public = new_key_pair()
        office = reference.office(office_code)
        now = utcnow()
        operator_id = new_id()
        with session_factory(self.engine).begin() as s:
            op = Operator(
                id=operator_id,
                username=username,
                full_name=username.title(),
                full_name_ur="",
                roles=roles,
                scope=make_scope(office_code, **scope),
                public_keys={d.device_id: public for d in desks},
                active=active,
                district_code=office.district_code,
                office_code=office.code,
                created_at=now,
                updated_at=now,
                sync_state="synced",
            )
            s.add(op)
        return Signer(operator_id, username, key)

    def set_active(self, signer: Signer, active: bool) -> None:
        with session_factory(self.engine).begin() as s:
            s.scalars(
                select(Operator).where(Operator.id == signer.operator_id)
            ).one().active = active


@pytest.fixture
def make_server() -> Iterator[Callable[[Engine], Server]]:
    """Builds the app over a given engine; every client is closed after the test."""
    clients: list[TestClient] = []

    def build(engine: Engine) -> Server:
        client = TestClient(create_app(Settings(enrolment_key=ENROLMENT_KEY), engine=engine))
        client.__enter__()
        clients.append(client)
        return Server(client, engine)

    yield build
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def server(server_engine: Engine, make_server: Callable[[Engine], Server]) -> Server:
    return make_server(server_engine)


# -------------------------------------------------------------------- arguments


def _cnic(n: int) -> str:
    """A well-formed KP CNIC, different for each n (last digit odd: a man)."""
    return f"17301{n:07d}" + "1"


def application_args(
    n: int, *, district_code: str | None = None, prefix: str = "PSH"
) -> dict[str, Any]:
    """A complete new-licence application (documents, licensable weapon and bore)."""
    args: dict[str, Any] = {
        "application_id": new_id(),
        "application_no": f"{prefix}-T-{n:07d}",
        "kind": "new",
        "weapon_type": "pistol",
        "bore": ".30",
        "validity": "district",
        "documents": ["cnic_copy", "affidavit", "police_clearance"],
        "at": AT,
        "applicant": {
            "cnic": _cnic(n),
            "name_en": f"Applicant {n}",
            "name_ur": "",
            "father_name_en": "Father",
            "date_of_birth": date(1980, 1, 1).isoformat(),
            "address": "Peshawar",
            "mobile": "03001234567",
        },
    }
    if district_code:
        args["district_code"] = district_code
    return args


@pytest.fixture
def make_application() -> Callable[..., dict[str, Any]]:
    return application_args
