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
from sync.transport import DeviceRevoked, Transport

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

    def start(self) -> None:
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


def _application(store: LocalStore, n: int) -> None:
    store.execute(
        "submit_licence_application",
        {
            "application_id": new_id(),
            "application_no": f"PSH-26-9{n:06d}",
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
