"""Accounts, enrolment codes, signed pushes and revocation against a real server
process (`python -m server`, no demo key), administered with `daftar admin`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import requests

from daftar_cli.demo import free_port, wait_healthy
from daftar_cli.main import main as daftar
from domain.ids import new_id
from sync.signing import canonical_command, new_key_pair, sign

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def live(tmp_path):
    db = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    port = free_port()
    log = open(tmp_path / "server.log", "wb")  # noqa: SIM115 - the server writes to it until the test ends
    process = subprocess.Popen(
        [sys.executable, "-m", "server", "--db", db, "--port", str(port)],
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
        yield db, url
    finally:
        process.terminate()
        process.wait(10)
        log.close()


def test_an_enrolled_desk_pushes_signed_work_until_its_operator_or_it_is_stopped(
    live, make_application, capsys
):
    db, url = live
    assert (
        daftar(
            [
                "admin",
                "--db",
                db,
                "add",
                "amina",
                "--name",
                "Amina Khan",
                "--office",
                "DC-PSH",
                "--role",
                "licence_operator",
                "--password",
                "secret123",
            ]
        )
        == 0
    )
    assert daftar(["admin", "--db", db, "device", "code", "--office", "DC-PSH"]) == 0
    code = capsys.readouterr().out.strip().splitlines()[-1]
    shared = requests.post(
        f"{url}/devices/enrol",
        json={"enrolment_key": "guess", "office_code": "DC-PSH", "device_name": "x"},
        timeout=10,
    )
    assert shared.status_code == 403 and shared.json()["code"] == "bad_enrolment_code"
    # an older desk sends the code as its `enrolment_key`: taken as the code it is
    enrolled = requests.post(
        f"{url}/devices/enrol",
        json={"enrolment_key": code, "office_code": "DC-PSH", "device_name": "counter 1"},
        timeout=10,
    ).json()
    headers = {"Authorization": f"Bearer {enrolled['token']}"}
    key, public = new_key_pair()
    login = requests.post(
        f"{url}/auth/login",
        headers=headers,
        timeout=10,
        json={"username": "amina", "password": "secret123", "public_key": public},
    )
    assert login.status_code == 200, login.text
    operator_id = login.json()["operator"]["id"]

    def envelope(seq: int, n: int) -> dict:
        args, command_id = make_application(n), new_id()
        return {
            "device_seq": seq,
            "command_id": command_id,
            "name": "submit_licence_application",
            "args": args,
            "base_versions": {},
            "client_time": "2026-11-20T09:30:00+00:00",
            "operator_id": operator_id,
            "signature": sign(
                key,
                canonical_command(
                    enrolled["device_id"],
                    enrolled["device_no"],
                    seq,
                    command_id,
                    "submit_licence_application",
                    args,
                ),
            ),
        }

    def push(*envelopes: dict) -> requests.Response:
        return requests.post(
            f"{url}/sync/push",
            headers=headers,
            timeout=30,
            json={"device_id": enrolled["device_id"], "commands": list(envelopes)},
        )

    first = push(envelope(1, 1)).json()["results"][0]
    assert first["status"] == "applied", first
    queued = [envelope(2, 2), envelope(3, 3)]  # made offline, before the account was disabled
    assert daftar(["admin", "--db", db, "disable", "amina"]) == 0
    answers = push(*queued).json()
    assert answers["last_seq"] == 3
    assert [a["code"] for a in answers["results"]] == ["operator_disabled"] * 2
    assert daftar(["admin", "--db", db, "device", "revoke", str(enrolled["device_no"])]) == 0
    refused = requests.get(f"{url}/sync/pull", headers=headers, timeout=10)
    assert refused.status_code == 401 and refused.json()["code"] == "revoked"
    capsys.readouterr()
    assert daftar(["audit", "verify", "--db", db]) == 0
    assert "intact: 3 entries" in capsys.readouterr().out
