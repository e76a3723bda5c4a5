"""The desk side of identity against the real server (`python -m server`, signatures
required, accounts and codes made with `daftar admin`): a code enrols the desk, the
first online login registers the operator's key and her commands are applied; she
can then log in offline; a command signed by one operator but claiming another is
refused; a revoked desk locks its store."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from daftar_cli.demo import free_port, wait_healthy
from desktop.operators import LoginRefused, log_in
from domain.ids import new_id, utcnow
from sync.engine import SyncEngine
from sync.enrol import enrol
from sync.store.client_models import OperatorCredential, OutboxCommand
from sync.store.local import LocalStore
from sync.store.signer import StoreLocked
from sync.transport import DeviceRevoked, Refused, Transport

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.real_signing


class Server:
    def __init__(self, folder: Path):
        self.folder = folder
        self.db = f"sqlite:///{folder / 'server.sqlite3'}"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def admin(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "daftar_cli.main", "admin", "--db", self.db, *args],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
            env=dict(os.environ, PYTHONPATH=str(REPO)),
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout.strip()

    def start(self, *extra: str) -> None:
        log = open(self.folder / "server.log", "ab")  # noqa: SIM115 - the server writes it
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
                self.db,
                *extra,
            ],
            cwd=REPO,
            stdout=log,
            stderr=log,
            env=dict(os.environ, PYTHONPATH=str(REPO)),
        )
        wait_healthy(self.url, self.process)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(15)
            self.process = None


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    s = Server(tmp_path)
    s.admin(
        "add",
        "amina",
        "--name",
        "Amina Bibi",
        "--office",
        "DC-PSH",
        "--role",
        "licence_operator",
        "--password",
        "amina-pass-1",
    )
    s.admin(
        "add",
        "tariq",
        "--name",
        "Tariq Khan",
        "--office",
        "DC-PSH",
        "--role",
        "licence_operator",
        "--password",
        "tariq-pass-1",
    )
    s.start()
    yield s
    s.stop()


@pytest.fixture
def desk(server: Server, tmp_path: Path) -> Iterator[tuple[LocalStore, Transport]]:
    store = LocalStore.open("desk", path=tmp_path / "desk.db", key="1" * 64)
    code = server.admin("device", "code", "--office", "DC-PSH").splitlines()[-1]
    enrol(store, server.url, code, device_name="counter 1")
    transport = Transport(server.url, store.fact("device_token"))
    yield store, transport
    transport.http.close()
    store.close()


def _slot(store: LocalStore) -> None:
    store.execute(
        "open_visit_slot",
        {
            "slot_id": new_id(),
            "prison_code": "CP-PSH",
            "minutes": 30,
            "capacity": 1,
            "starts_at": utcnow().replace(second=0, microsecond=0).isoformat(),
        },
    )


def _application(store: LocalStore, n: int, prefix: str = "PSH") -> None:
    store.execute(
        "submit_licence_application",
        {
            "application_id": new_id(),
            "application_no": f"{prefix}-26-9{n:06d}",
            "kind": "new",
            "weapon_type": "pistol",
            "bore": ".30",
            "validity": "district",
            "documents": ["cnic_copy", "affidavit", "police_clearance"],
            "applicant": {
                "cnic": f"17301{n:07d}1",
                "name_en": f"Applicant {n}",
                "name_ur": "",
                "father_name_en": "Father",
                "date_of_birth": "1980-01-01",
                "address": "Peshawar",
                "mobile": "03001234567",
            },
        },
    )


def test_first_online_login_registers_the_key_and_signed_work_is_applied_then_offline_login_works(
    server, desk
):
    store, transport = desk
    operator = log_in(store, "amina", "amina-pass-1", transport)
    assert operator.full_name == "Amina Bibi"
    _application(store, 1)
    report = SyncEngine(store, transport, lease_top_up=False).run_once()
    assert (report.pushed, report.rejected) == (1, 0)

    store.sign_out()
    server.stop()  # the link goes down: the verifier kept on this desk decides
    with pytest.raises(LoginRefused) as refused:
        log_in(store, "amina", "wrong", transport)
    assert refused.value.code == "wrong_password"
    assert log_in(store, "amina", "amina-pass-1", transport).username == "amina"
    with pytest.raises(LoginRefused) as refused:  # never logged in online here
        log_in(store, "tariq", "tariq-pass-1", transport)
    assert refused.value.code == "not_on_this_desk"


def test_a_command_signed_by_one_operator_but_claiming_another_is_refused(server, desk):
    store, transport = desk
    log_in(store, "tariq", "tariq-pass-1", transport)  # tariq's key is registered too
    store.sign_out()
    log_in(store, "amina", "amina-pass-1", transport)
    _application(store, 2)
    with store.sessions.begin() as s:  # amina's signature, tariq's name
        tariq_id = s.scalar(
            select(OperatorCredential.operator_id).where(OperatorCredential.username == "tariq")
        )
        s.execute(update(OutboxCommand).values(operator_id=tariq_id))
    report = SyncEngine(store, transport, lease_top_up=False).run_once()
    assert report.rejected == 1
    with store.sessions() as s:
        answer: dict[str, Any] = s.query(OutboxCommand).one().answer
    assert answer["code"] == "bad_signature"


def test_a_revoked_desk_is_refused_and_locks_its_store(server, desk):
    store, transport = desk
    log_in(store, "amina", "amina-pass-1", transport)
    server.admin("device", "revoke", store.identity().device_id)
    engine = SyncEngine(store, transport, lease_top_up=False)
    with pytest.raises(DeviceRevoked):
        engine.run_once()
    assert engine.status.state == "revoked" and store.revoked() and store.signer is None
    with pytest.raises(LoginRefused) as refused:
        log_in(store, "amina", "amina-pass-1", transport)
    assert refused.value.code == "revoked"
    with pytest.raises(StoreLocked):
        _slot(store)


def _local_count(store: LocalStore, table: str) -> int:
    with store.engine.connect() as conn:
        return int(conn.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar() or 0)


def test_the_desk_rotates_its_token_on_the_servers_schedule_and_keeps_working(
    tmp_path: Path,
):
    """A server whose tokens expire after 2 idle days: the desk swaps its token once it
    is a day old, in the round itself; the old token is refused, the new one works for
    the round's push and pull and for a login."""
    server = Server(tmp_path)
    server.admin(
        "add", "amina", "--name", "Amina", "--office", "DC-PSH",
        "--role", "licence_operator", "--password", "amina-pass-1",
    )  # fmt: skip
    server.start("--token-idle-days", "2")
    store = LocalStore.open("desk", path=tmp_path / "desk.db", key="1" * 64)
    try:
        code = server.admin("device", "code", "--office", "DC-PSH").splitlines()[-1]
        enrol(store, server.url, code, device_name="counter 1")
        assert store.fact("token_idle_days") == "2"
        transport = Transport(server.url, store.fact("device_token"))
        log_in(store, "amina", "amina-pass-1", transport)
        engine = SyncEngine(store, transport, lease_top_up=False)
        first = store.fact("device_token")
        engine.run_once()
        assert store.fact("device_token") == first  # fresh: not due

        a_day_ago = (utcnow() - timedelta(hours=25)).isoformat()
        store.set_facts(token_issued_at=a_day_ago)
        _application(store, 3)
        report = engine.run_once()
        rotated = store.fact("device_token")
        assert rotated != first and transport.token == rotated
        assert (report.pushed, report.rejected) == (1, 0)
        assert _local_count(store, "licence_applications") == 1
        assert store.fact("token_issued_at") > a_day_ago

        old = Transport(server.url, first)
        with pytest.raises(Refused) as refused:
            old.get("/sync/whoami")
        assert refused.value.status == 401
        old.http.close()
        store.sign_out()
        assert log_in(store, "amina", "amina-pass-1", transport).username == "amina"
        transport.http.close()
    finally:
        store.close()
        server.stop()


def test_a_desk_without_accounts_pulls_no_records_until_its_first_account_arrives(
    tmp_path: Path,
):
    """The office TO-MRD-01 has no account yet: its desk pulls only the accounts list,
    not Mardan's licence applications. Once an administrator adds a licence clerk there,
    the desk's next round brings the applications (it compares the checksum as soon
    as the account's row arrives)."""
    server = Server(tmp_path)
    server.admin(
        "add", "mardan", "--name", "Clerk", "--office", "DC-MRD",
        "--role", "licence_operator", "--password", "mardan-pass-1",
    )  # fmt: skip
    server.start()
    writer = LocalStore.open("writer", path=tmp_path / "writer.db", key="1" * 64)
    reader = LocalStore.open("reader", path=tmp_path / "reader.db", key="2" * 64)
    try:
        enrol(writer, server.url, server.admin("device", "code", "--office", "DC-MRD").splitlines()[-1], device_name="dc")  # fmt: skip
        enrol(reader, server.url, server.admin("device", "code", "--office", "TO-MRD-01").splitlines()[-1], device_name="to")  # fmt: skip
        w = Transport(server.url, writer.fact("device_token"))
        log_in(writer, "mardan", "mardan-pass-1", w)
        _application(writer, 4, prefix="MRD")
        SyncEngine(writer, w, lease_top_up=False).run_once()

        r = Transport(server.url, reader.fact("device_token"))
        engine = SyncEngine(reader, r, lease_top_up=False)
        engine.run_once()
        assert _local_count(reader, "licence_applications") == 0
        assert _local_count(reader, "persons") == 0
        assert _local_count(reader, "operators") == 1  # the Mardan clerk

        server.admin(
            "add", "tclerk", "--name", "Tehsil Clerk", "--office", "TO-MRD-01",
            "--role", "licence_operator", "--password", "tclerk-pass-1",
        )  # fmt: skip
        report = engine.run_once()
        assert report.checksum_ok is True
        assert _local_count(reader, "licence_applications") == 1
        assert _local_count(reader, "operators") == 2
        w.http.close()
        r.http.close()
    finally:
        writer.close()
        reader.close()
        server.stop()
