"""The grace of a rotated-away device token is the server's setting: a `daftar server`
flag or its environment variable, both checked the same way, and the rotation uses it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from domain.ids import utcnow
from server.app import create_app
from server.cli import build_parser, main, worker_environment
from server.db import session_factory
from server.models import Device
from server.settings import ENV_TOKEN_GRACE_HOURS, Settings, token_grace_hours
from tests.server.conftest import ENROLMENT_KEY, Server


@pytest.mark.parametrize("text, hours", [("12", 12.0), ("1.5", 1.5), ("720", 720.0)])
def test_the_flag_takes_hours_and_hands_them_to_the_workers(text, hours):
    args = build_parser().parse_args(["--token-grace-hours", text])
    assert args.token_grace_hours == hours
    env = worker_environment(args)
    assert token_grace_hours(env[ENV_TOKEN_GRACE_HOURS]) == hours


@pytest.mark.parametrize("text", ["0", "-3", "721", "ten", "nan", ""])
def test_the_flag_refuses_what_is_not_a_grace_period(text, capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--token-grace-hours", text])
    assert "--token-grace-hours must be" in capsys.readouterr().err


def test_without_the_flag_the_environment_or_the_default_decides(monkeypatch):
    assert ENV_TOKEN_GRACE_HOURS not in worker_environment(build_parser().parse_args([]))
    monkeypatch.delenv(ENV_TOKEN_GRACE_HOURS, raising=False)
    assert Settings.from_env().token_grace_hours == 72.0
    monkeypatch.setenv(ENV_TOKEN_GRACE_HOURS, "6")
    assert Settings.from_env().token_grace_hours == 6.0


def test_a_mistyped_variable_stops_the_server_at_start(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv(ENV_TOKEN_GRACE_HOURS, "72h")
    assert main(["--migrate-only", "--db", f"sqlite:///{tmp_path / 's.db'}"]) == 2
    assert (
        "DAFTAR_TOKEN_GRACE_HOURS must be a number of hours; got '72h'" in capsys.readouterr().err
    )


def test_a_rotation_keeps_the_old_token_for_the_configured_hours(sqlite_engine):
    settings = Settings(enrolment_key=ENROLMENT_KEY, token_grace_hours=2)
    with TestClient(create_app(settings, engine=sqlite_engine)) as client:
        desk = Server(client, sqlite_engine).enrol()
        before = utcnow()
        assert client.post("/devices/rotate", headers=desk.headers).status_code == 200
    with session_factory(sqlite_engine).begin() as s:
        until = s.get(Device, desk.device_id).previous_token_until
    assert before + timedelta(hours=2) <= until <= utcnow() + timedelta(hours=2)
