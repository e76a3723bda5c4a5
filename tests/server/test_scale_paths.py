"""The server's scale paths (issue 21): idle pulls answered from the worker's feed
heads, load shed with 503 + Retry-After, and the desk waiting as it is told."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient

from server import feed
from server.admission import Admission, Busy
from server.app import create_app
from server.cli import main as server_main
from server.heads import parse
from server.settings import ENV_MAX_QUEUE_SECONDS, Settings
from sync.transport import ServerBusy, Transport
from tests.server.conftest import ENROLMENT_KEY, Server, application_args

pytestmark = pytest.mark.postgres


def _wait(condition: Any, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what}")
        time.sleep(0.01)


@pytest.fixture
def pg_server(pg_engine) -> Iterator[Server]:
    settings = Settings(enrolment_key=ENROLMENT_KEY, token_cache_seconds=60)
    with TestClient(create_app(settings, engine=pg_engine)) as client:  # lifespan: listener
        _wait(lambda: client.app.state.heads.valid, "the feed-heads listener is up")
        yield Server(client, pg_engine)


def test_an_idle_pull_is_answered_without_reading_the_feed_and_a_new_change_is_not_missed(
    pg_server, monkeypatch
):
    writer, reader = pg_server.enrol(name="writer"), pg_server.enrol(name="reader")
    assert writer.push("submit_licence_application", application_args(1))["status"] == "applied"
    reader.pull_all(checksum=False)
    at = reader.cursor

    def no_database(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("an idle pull read the feed")

    real = feed.pull
    monkeypatch.setattr(feed, "pull", no_database)
    for _ in range(3):
        page = reader.pull()
        assert (page["cursor"], page["more"], page["tables"]) == (at, False, {})
    monkeypatch.setattr(feed, "pull", real)
    assert writer.push("submit_licence_application", application_args(2))["status"] == "applied"
    page = reader.pull()  # the same worker committed it: its heads know at once
    assert page["cursor"] > at and page["tables"]["licence_applications"]["rows"]


def test_another_workers_change_reaches_the_heads_by_notification(
    pg_server, pg_engine, monkeypatch
):
    reader = pg_server.enrol(name="reader")
    reader.pull_all(checksum=False)
    heads = pg_server.client.app.state.heads
    assert heads.nothing_after(["PSH"], reader.cursor)
    # Another worker numbers a change: this process is not told by its own commit
    # (no live heads to raise), only by PostgreSQL's notification.
    import server.heads as heads_module

    monkeypatch.setattr(heads_module, "_LIVE", heads_module.weakref.WeakSet())
    other = Server(
        TestClient(create_app(Settings(enrolment_key=ENROLMENT_KEY), engine=pg_engine)), pg_engine
    )
    answer = other.enrol(name="elsewhere").push("submit_licence_application", application_args(3))
    assert answer["status"] == "applied"
    _wait(lambda: not heads.nothing_after(["PSH"], reader.cursor), "the notification")
    page = reader.pull()
    assert page["tables"]["licence_applications"]["rows"]


def test_notification_payloads():
    assert parse("PSH:12,MRD:7") == {"PSH": 12, "MRD": 7}
    assert parse("*") is None and parse("garbage") is None


def test_admission_queues_up_to_its_limit_then_sheds():
    async def scenario() -> list[str]:
        gate = Admission(limit=1, waiting=1, retry_after=3)
        seen: list[str] = []
        release = asyncio.Event()

        async def holder() -> None:
            async with gate.turn():
                seen.append("in")
                await release.wait()

        async def waiter() -> None:
            async with gate.turn():
                seen.append("second in")

        first = asyncio.create_task(holder())
        await asyncio.sleep(0)
        second = asyncio.create_task(waiter())
        await asyncio.sleep(0)
        with pytest.raises(Busy) as refused:
            async with gate.turn():
                pass
        seen.append(f"refused, retry after {refused.value.retry_after}")
        release.set()
        await asyncio.gather(first, second)
        return seen

    assert asyncio.run(scenario()) == ["in", "refused, retry after 3", "second in"]


def test_admission_queues_only_while_the_wait_is_short():
    """A newcomer queues while its expected wait (the queue ahead of it and itself,
    shared among the turns, at the recent turns' length) is within the bound, even
    with room left in `waiting`; the bound follows the worker's pace."""
    now = [0.0]

    async def scenario() -> list[str]:
        gate = Admission(
            limit=2, waiting=50, retry_after=2, max_queue_seconds=1.1, clock=lambda: now[0]
        )
        seen: list[str] = []
        release = asyncio.Event()

        async def turn(name: str, seconds: float, *, hold: bool = False) -> None:
            try:
                async with gate.turn():
                    if hold:
                        await release.wait()
                    now[0] += seconds
            except Busy as busy:
                seen.append(f"{name} refused, retry after {busy.retry_after}")
            else:
                seen.append(f"{name} served")

        for n in range(60):  # the pace settles at 0.4 s a turn
            await turn(f"warm-up {n}", 0.4)
        seen.clear()
        holders = [asyncio.create_task(turn(f"holder {n}", 0.4, hold=True)) for n in (1, 2)]
        await asyncio.sleep(0)
        assert gate.expected_wait() == pytest.approx(0.2)
        queued = []
        for n in range(1, 7):
            queued.append(asyncio.create_task(turn(f"newcomer {n}", 0.4)))
            await asyncio.sleep(0)
        release.set()
        await asyncio.gather(*holders, *queued)
        return seen

    seen = asyncio.run(scenario())
    # waits of 0.2, 0.4, ... 1.0 s are within 1.1 s; the sixth would wait 1.2 s
    assert [s for s in seen if "refused" in s] == ["newcomer 6 refused, retry after 2"]
    assert sum("served" in s for s in seen) == 7


def test_admission_without_a_bound_in_seconds_queues_up_to_waiting():
    async def scenario() -> int:
        gate = Admission(limit=1, waiting=3, retry_after=2)
        gate.pace = 100.0  # very slow turns: without a bound in seconds, still queued
        release = asyncio.Event()
        refused = 0

        async def turn(hold: bool) -> None:
            nonlocal refused
            try:
                async with gate.turn():
                    if hold:
                        await release.wait()
            except Busy:
                refused += 1

        tasks = [asyncio.create_task(turn(n == 0)) for n in range(6)]
        for _ in range(3):
            await asyncio.sleep(0)
        release.set()
        await asyncio.gather(*tasks)
        return refused

    assert asyncio.run(scenario()) == 2  # one in, three queued, two refused


@pytest.mark.parametrize("text, seconds", [("0", 0.0), ("2.5", 2.5), (" 1 ", 1.0)])
def test_the_queue_bound_in_seconds_is_read_from_the_environment(monkeypatch, text, seconds):
    monkeypatch.setenv(ENV_MAX_QUEUE_SECONDS, text)
    assert Settings.from_env().max_queue_seconds == seconds


@pytest.mark.parametrize("text", ["-1", "61", "1s", "nan"])
def test_a_mistyped_queue_bound_stops_the_server_at_start(monkeypatch, tmp_path, capsys, text):
    monkeypatch.setenv(ENV_MAX_QUEUE_SECONDS, text)
    assert server_main(["--migrate-only", "--db", f"sqlite:///{tmp_path / 's.db'}"]) == 2
    assert "daftar server: DAFTAR_MAX_QUEUE_SECONDS must be" in capsys.readouterr().err


def test_a_busy_server_answers_503_with_retry_after(pg_engine, monkeypatch):
    settings = Settings(enrolment_key=ENROLMENT_KEY, max_active=1, max_waiting=0, retry_after=4)
    app = create_app(settings, engine=pg_engine)
    started, release = threading.Event(), threading.Event()
    import server.routes.sync as app_module

    real = app_module.apply_push

    def slow(*args: Any, **kwargs: Any) -> Any:
        started.set()
        release.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(app_module, "apply_push", slow)
    with TestClient(app) as client:
        desk = Server(client, pg_engine).enrol()
        body = {
            "device_id": desk.device_id,
            "commands": [desk.envelope("submit_licence_application", application_args(4))],
        }
        first: dict[str, Any] = {}
        pushing = threading.Thread(
            target=lambda: first.update(
                r=client.post("/sync/push", headers=desk.headers, json=body)
            )
        )
        pushing.start()
        assert started.wait(20)
        busy = client.post("/sync/push", headers=desk.headers, json=body)
        # Turned away before it is read: neither the body nor the token is looked at.
        garbled = client.post("/sync/push", headers={"Authorization": "Bearer x"}, content=b"{")
        pull = client.get("/sync/pull?cursor=0&checksum=1", headers=desk.headers)
        release.set()
        pushing.join(20)
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "4"
    assert busy.json() == {
        "code": "busy",
        "message": "The server is busy; the desk tries again in 4 s.",
        "retry_after": 4,
    }
    for other in (garbled, pull):
        assert other.status_code == 503 and other.content == busy.content
    assert app.state.admission.refused == 3
    # The route's own refusal (a request let past the door as a turn is taken) says
    # the same, byte for byte.
    routed = asyncio.run(app.exception_handlers[Busy](None, Busy(4)))
    assert routed.status_code == 503 and routed.body == busy.content
    assert routed.headers["Retry-After"] == "4"
    assert routed.headers["content-type"] == busy.headers["content-type"]
    assert first["r"].status_code == 200


class _Busy(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(503)
        self.send_header("Retry-After", "7")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    do_POST = do_GET

    def log_message(self, *_args: Any) -> None:
        pass


def test_the_desk_waits_what_retry_after_says_with_jitter():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Busy)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        transport = Transport(f"http://127.0.0.1:{httpd.server_address[1]}", "token")
        with pytest.raises(ServerBusy) as busy:
            transport.pull(0, 10)
    finally:
        httpd.shutdown()
    assert busy.value.retry_after == 7

    from sync.engine import SyncEngine

    engine = SyncEngine.__new__(SyncEngine)  # only the pause is under test
    delays = []
    for _ in range(50):
        engine._retry_after, engine._failures, engine.interval = 7.0, 0, 30.0
        delays.append(engine._delay())
    assert all(7.0 <= d <= 10.5 for d in delays) and len(set(delays)) > 1


def test_a_desk_turned_away_says_the_server_is_busy_not_offline(tmp_path):
    """The engine's loop meets a 503: its status is "busy" with the seconds the server
    asked for (the status bar shows it so, `desktop.status_bar`), not "offline"."""
    from sync.engine import SyncEngine
    from sync.status import SyncStatus
    from sync.store.local import LocalStore

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Busy)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    store = LocalStore.open("desk", path=tmp_path / "desk.db", key="1" * 64)
    seen: list[SyncStatus] = []
    got = threading.Event()

    def listen(status: SyncStatus) -> None:
        seen.append(status)
        if status.state == "busy":
            got.set()

    try:
        store.set_facts(device_token="t0", token_idle_days=10)
        transport = Transport(f"http://127.0.0.1:{httpd.server_address[1]}", "t0")
        engine = SyncEngine(store, transport, lease_top_up=False)
        engine.add_listener(listen)
        engine.start()
        try:
            assert got.wait(20), [s.state for s in seen]
        finally:
            engine.stop()
    finally:
        httpd.shutdown()
        store.close()
    busy = next(s for s in seen if s.state == "busy")
    assert busy.retry_after == 7
    assert busy.message == "The server is busy; trying again in 7 s."


def test_a_revoked_device_is_refused_although_its_token_was_trusted_a_moment_ago(pg_server):
    from server.db import session_factory
    from server.devices import revoke

    desk = pg_server.enrol(name="soon revoked")
    assert pg_server.client.get("/sync/whoami", headers=desk.headers).status_code == 200
    assert pg_server.client.get("/sync/pull", headers=desk.headers).status_code == 200  # cached
    with session_factory(pg_server.engine).begin() as s:
        revoke(s, desk.device_id)
    # The revocation's notification reaches this worker's listener as it commits.
    _wait(
        lambda: pg_server.client.get("/sync/pull", headers=desk.headers).status_code == 401,
        "the revoked device is refused",
        timeout=5,
    )
    assert pg_server.client.get("/sync/pull", headers=desk.headers).json()["code"] == "revoked"


def test_a_rotated_away_token_trusted_by_another_worker_is_refused_once_the_new_one_is_used(
    pg_server, pg_engine
):
    """Two workers trust tokens for a minute. The desk lost a rotation's answer, so
    worker A checked and trusts its old token; the new token's first use on worker B
    ends the old one there and, by notification, on A."""
    desk = pg_server.enrol(name="rotating")
    old = desk.headers
    new = pg_server.client.post("/devices/rotate", headers=old).json()["token"]
    assert pg_server.client.get("/sync/whoami", headers=old).status_code == 200  # trusted
    settings = Settings(enrolment_key=ENROLMENT_KEY, token_cache_seconds=60)
    with TestClient(create_app(settings, engine=pg_engine)) as other:
        _wait(lambda: other.app.state.heads.valid, "worker B's listener is up")
        answer = other.get("/sync/whoami", headers={"Authorization": f"Bearer {new}"})
        assert answer.status_code == 200
        assert other.get("/sync/whoami", headers=old).status_code == 401  # B: at once
        _wait(
            lambda: pg_server.client.get("/sync/whoami", headers=old).status_code == 401,
            "worker A refuses the old token",
            timeout=5,
        )
        assert pg_server.client.get("/sync/whoami", headers=old).json()["code"] == "unknown_token"
        answer = pg_server.client.get("/sync/whoami", headers={"Authorization": f"Bearer {new}"})
        assert answer.status_code == 200


def test_a_prepared_look_up_is_planned_for_its_own_ids_every_time(pg_engine):
    """A generic plan, made once from the table's size when psycopg prepares the
    statement, kept scanning whole tables that had grown since (`server.db.CUSTOM_PLANS`)."""
    from sqlalchemy import select

    from domain.models import Person

    with pg_engine.connect() as conn:
        for n in range(12):  # psycopg prepares a statement from its sixth run on
            conn.execute(select(Person.id).where(Person.id.in_([f"p{n}", f"q{n}"]))).all()
        plans = conn.exec_driver_sql(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
            "WHERE strpos(statement, 'FROM persons') > 0"
        ).all()
    assert plans, "the look-up was never prepared"
    assert [generic for generic, _custom in plans] == [0] * len(plans)
    assert sum(custom for _generic, custom in plans) >= 6
