"""Faults between a desk and the server (DESIGN.md "Testing"): a connection dropped
after the server applied a push, the same push delivered twice, a server answering
500, and the desk's process killed with SIGKILL in the middle of a push and started
again. In every case nothing is lost and nothing is applied twice.

The faults are made by a small HTTP proxy on 127.0.0.1 between the desk and the real
server (`FaultProxy`): it forwards each request and, as a test tells it to, closes
the connection instead of answering, delivers a request twice, answers 500 itself,
or holds a request (before or after the server saw it) until released.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson
import pytest
from sqlalchemy import select

from daftar_cli.demo import free_port
from daftar_cli.seed import seed_server
from domain.models import LicenceApplication
from sync.transport import ServerFault

REPO = Path(__file__).resolve().parents[2]
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
    "proxy-connection",
    "host",
    "content-length",
}


# ------------------------------------------------------------------ the proxy


@dataclass
class Rule:
    """Do `action` to the next `times` requests whose method and path match."""

    method: str
    path: str
    action: str  # drop | cut | duplicate | fail_500 | hold_before | hold_after
    times: int = 1
    skip: int = 0  # let this many matching requests through first


@dataclass
class Seen:
    method: str
    path: str
    action: str
    status: int | None = None
    bodies: list[bytes] = field(default_factory=list)


class FaultProxy:
    def __init__(self, upstream: str):
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.rules: list[Rule] = []
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        self.in_flight = threading.Event()  # a held request has arrived
        self.release = threading.Event()
        self.port = free_port()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: Any) -> None:
                pass

            def do_GET(self) -> None:
                proxy.handle(self)

            def do_POST(self) -> None:
                proxy.handle(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, name="fault-proxy", daemon=True
        )
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def add(self, rule: Rule) -> None:
        with self.lock:
            self.rules.append(rule)

    def clear(self) -> None:
        with self.lock:
            self.rules.clear()
        self.release.set()

    def _decide(self, method: str, path: str) -> str:
        with self.lock:
            for rule in self.rules:
                if rule.method == method and path.startswith(rule.path) and rule.times > 0:
                    if rule.skip > 0:
                        rule.skip -= 1
                        return "forward"
                    rule.times -= 1
                    return rule.action
        return "forward"

    def _forward(
        self, method: str, path: str, headers: Any, body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        conn = http.client.HTTPConnection(*self.upstream, timeout=60)
        try:
            out = {k: v for k, v in headers.items() if k.lower() not in HOP_BY_HOP}
            out["Connection"] = "close"
            conn.request(method, path, body=body or None, headers=out)
            response = conn.getresponse()
            data = response.read()  # raw: a gzip'd page stays gzip'd
            kept = [(k, v) for k, v in response.getheaders() if k.lower() not in HOP_BY_HOP]
            return response.status, kept, data
        finally:
            conn.close()

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        action = self._decide(h.command, h.path)
        seen = Seen(h.command, h.path, action)
        self.seen.append(seen)
        if action == "fail_500":
            self._answer(
                h,
                500,
                [("Content-Type", "application/json")],
                b'{"code": "injected", "message": "the proxy failed this request"}',
            )
            seen.status = 500
            return
        if action == "hold_before":  # the request is stuck on the way to the server
            self.in_flight.set()
            self.release.wait(120)
        status, headers, data = self._forward(h.command, h.path, h.headers, body)
        seen.bodies.append(data)
        if action == "duplicate":  # the network delivers the same request again
            status, headers, data = self._forward(h.command, h.path, h.headers, body)
            seen.bodies.append(data)
        seen.status = status
        if action == "drop":  # the server applied it; the answer never arrives
            h.close_connection = True
            return
        if action == "cut":  # the link breaks halfway through the answer's body
            self._answer(h, status, headers, data, cut=True)
            h.close_connection = True
            return
        if action == "hold_after":  # applied, and the answer is on its way, slowly
            self.in_flight.set()
            self.release.wait(120)
        try:
            self._answer(h, status, headers, data)
        except OSError:  # the desk is gone (killed): nobody reads the answer
            h.close_connection = True

    @staticmethod
    def _answer(
        h: BaseHTTPRequestHandler,
        status: int,
        headers: list[tuple[str, str]],
        data: bytes,
        *,
        cut: bool = False,
    ) -> None:
        h.send_response(status)
        for key, value in headers:
            if key.lower() not in ("server", "date"):
                h.send_header(key, value)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data[: len(data) // 2] if cut else data)

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def proxy(live_server: Any) -> Iterator[FaultProxy]:
    p = FaultProxy(live_server.url)
    try:
        yield p
    finally:
        p.close()


def _server_applications(live_server: Any) -> list[str]:
    with live_server.engine.connect() as conn:
        return list(conn.scalars(select(LicenceApplication.id)))


def _make(store: Any, kit: Any, numbers: range) -> list[str]:
    ids = []
    for n in numbers:
        args = kit.application_args(n)
        store.execute("submit_licence_application", args, actor="clerk")
        ids.append(args["application_id"])
    return ids


def _pushes(proxy: FaultProxy) -> list[Seen]:
    return [s for s in proxy.seen if s.path.startswith("/sync/push")]


# ------------------------------------------------------------------ dropped, doubled, 500


def test_connection_dropped_after_the_server_applied_a_push_retry_gets_the_stored_answer(
    live_server, make_device, proxy, sync_kit
):
    store, engine = make_device("DC-PSH", url=proxy.url)
    engine.run_once()
    made = _make(store, sync_kit, range(1, 6))
    proxy.add(Rule("POST", "/sync/push", "drop"))
    with pytest.raises(ServerFault):
        engine.run_once()
    device_id = store.identity().device_id
    assert live_server.processed_count(device_id) == 5  # the server did apply them
    assert store.pending_count() == 5  # but the desk never heard
    report = engine.run_once()
    assert report.pushed == 5 and store.pending_count() == 0
    dropped, retried = _pushes(proxy)
    assert dropped.action == "drop" and retried.action == "forward"
    assert orjson.loads(retried.bodies[0])["results"] == orjson.loads(dropped.bodies[0])["results"]
    stored = live_server.processed_answers(device_id)
    assert {e.device_seq: e.answer for e in sync_kit.outbox(store)} == stored
    assert sorted(_server_applications(live_server)) == sorted(made)  # once each
    assert live_server.processed_count(device_id) == 5
    assert (
        sync_kit.differences(sync_kit.local_versions(store), live_server.scope_versions(["PSH"]))
        == {}
    )


def test_the_same_push_delivered_twice_is_applied_once(live_server, make_device, proxy, sync_kit):
    store, engine = make_device("DC-PSH", url=proxy.url)
    made = _make(store, sync_kit, range(1, 4))
    proxy.add(Rule("POST", "/sync/push", "duplicate"))
    report = engine.run_once()
    assert report.pushed == 3
    (push,) = _pushes(proxy)
    first, second = (orjson.loads(b) for b in push.bodies)
    assert first["results"] == second["results"]  # the second got the stored answers
    assert [a["status"] for a in first["results"]] == ["applied"] * 3
    assert sorted(_server_applications(live_server)) == sorted(made)
    assert live_server.processed_count(store.identity().device_id) == 3
    # and a whole round sent again by a confused desk changes nothing either
    envelopes = [
        {
            "device_seq": e.device_seq,
            "command_id": e.command_id,
            "name": e.name,
            "args": e.args,
            "base_versions": e.base_versions,
            "client_time": e.client_time.isoformat(),
        }
        for e in sync_kit.outbox(store)
    ]
    answers, last_seq = engine.transport.push(store.identity().device_id, envelopes)
    assert answers == first["results"] and last_seq == 3
    assert len(_server_applications(live_server)) == 3


def test_server_answering_500_is_retried_until_it_recovers_without_duplicates(
    live_server, make_device, proxy, sync_kit
):
    store, engine = make_device("DC-PSH", url=proxy.url)
    engine.run_once()
    made = _make(store, sync_kit, range(1, 8))
    proxy.add(Rule("POST", "/sync/push", "fail_500", times=2))
    proxy.add(Rule("GET", "/sync/pull", "fail_500", times=1))
    failures = 0
    for _ in range(10):
        try:
            engine.run_once()
            break
        except ServerFault:
            failures += 1
            assert store.pending_count() in (0, 7)
    assert failures == 3  # two refused pushes, then a push that went and a refused pull
    assert store.pending_count() == 0
    assert sorted(_server_applications(live_server)) == sorted(made)
    assert live_server.processed_count(store.identity().device_id) == 7
    assert (
        sync_kit.differences(sync_kit.local_versions(store), live_server.scope_versions(["PSH"]))
        == {}
    )


def test_a_bootstrap_page_cut_off_halfway_is_a_fault_and_the_next_round_resumes(
    live_server, make_device, proxy, sync_kit
):
    seed_server(live_server.engine, 1500, districts=["PSH"])
    store, engine = make_device("DC-PSH", url=proxy.url, page_rows=400)
    proxy.add(Rule("GET", "/sync/pull", "cut", skip=2))
    with pytest.raises(ServerFault):
        engine.run_once()
    pulls = [s for s in proxy.seen if s.path.startswith("/sync/pull")]
    assert [s.action for s in pulls[:3]] == ["forward", "forward", "cut"]
    assert pulls[2].status == 200 and pulls[2].bodies[0]  # the server did answer in full
    kept = sync_kit.local_versions(store)
    assert sum(len(rows) for rows in kept.values()) == 800  # the two whole pages stay
    cursor = int(store.fact("cursor"))
    report = engine.run_once()
    resumed = [s for s in proxy.seen if s.path.startswith("/sync/pull")][3]
    assert f"cursor={cursor}" in resumed.path  # went on from the last whole page
    assert report.checksum_ok is True
    assert (
        sync_kit.differences(sync_kit.local_versions(store), live_server.scope_versions(["PSH"]))
        == {}
    )


class _RecordingWake(threading.Event):
    """The engine's wake-up event, recording each pause instead of sleeping it."""

    def __init__(self) -> None:
        super().__init__()
        self.pauses: list[float | None] = []

    def wait(self, timeout: float | None = None) -> bool:
        self.pauses.append(timeout)
        return True


def test_background_loop_backs_off_on_server_faults_and_recovers(
    live_server, make_device, proxy, sync_kit
):
    store, engine = make_device("DC-PSH", url=proxy.url)
    made = _make(store, sync_kit, range(1, 4))
    proxy.add(Rule("POST", "/sync/push", "fail_500", times=3))
    wake = _RecordingWake()
    engine._wake = wake
    online = threading.Event()
    engine.add_listener(lambda status: online.set() if status.state == "online" else None)
    engine.start()
    try:
        assert online.wait(60), "the loop never got through"
    finally:
        engine.stop()
    backoffs = wake.pauses[:3]
    assert 1 <= backoffs[0] <= 2 and 2 <= backoffs[1] <= 4 and 4 <= backoffs[2] <= 8
    assert wake.pauses[3] == engine.interval  # after the success, the normal pace
    assert store.pending_count() == 0
    assert sorted(_server_applications(live_server)) == sorted(made)
    assert live_server.processed_count(store.identity().device_id) == 3


# ------------------------------------------------------------------ killed mid-push

_CHILD = r"""
import itertools, sys
from daftar_cli.commands import engine_for
from domain.ids import new_id
from sync.store import LocalStore
from sync.transport import TransportError

profile, tag, every = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
store = LocalStore.open(profile, create=False)
# The clerk as logged in, her commands unsigned as tests/conftest.py's stand-in makes
# them (the test server runs with --unsigned-commands).
from sync import signing
from sync.store.signer import Signer
class Unsigned(Signer):
    def sign_command(self, *a, **k):
        return ""
store.sign_in(Unsigned("", "clerk", signing.new_key_pair()[0]))
engine = engine_for(store)
for n in itertools.count(1):
    k = tag * 10_000 + n
    store.execute("submit_licence_application", {
        "application_id": new_id(), "application_no": f"PSH-26-K{k:07d}", "kind": "new",
        "weapon_type": "pistol", "bore": ".30", "validity": "district",
        "documents": ["cnic_copy", "affidavit", "police_clearance"],
        "applicant": {"cnic": f"17301{k:07d}1", "name_en": f"Applicant {k}",
                      "date_of_birth": "1980-01-01"}}, actor="clerk")
    print("made", k, flush=True)
    if n % every == 0:
        try:
            report = engine.run_once()
            print("synced", report.pushed, flush=True)
        except TransportError as exc:
            print("sync failed:", exc, flush=True)
"""


def _child_env(key_file: Path) -> dict[str, str]:
    return dict(os.environ, DAFTAR_KEY_FILE=str(key_file), PYTHONPATH=str(REPO))


def _run_until_held_then_kill(
    proxy: FaultProxy, profile: str, key_file: Path, tag: int, action: str, log: Path
) -> None:
    """Start the desk's sync loop; SIGKILL it while its push is held by the proxy.
    The held request stays held until the caller releases it (`proxy.clear()`)."""
    proxy.in_flight.clear()
    proxy.release.clear()
    proxy.add(Rule("POST", "/sync/push", action, skip=1))  # the first push goes through
    with open(log, "ab") as out:
        child = subprocess.Popen(
            [sys.executable, "-c", _CHILD, profile, str(tag), "3"],
            cwd=REPO,
            env=_child_env(key_file),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        if not proxy.in_flight.wait(90):
            raise AssertionError(f"no push reached the proxy:\n{log.read_text()[-3000:]}")
        child.send_signal(signal.SIGKILL)
        assert child.wait(30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(30)


def test_desk_killed_in_the_middle_of_a_push_loses_nothing_and_doubles_nothing(
    live_server, proxy, sync_kit, tmp_path
):
    from sync.enrol import enrol
    from sync.store import LocalStore

    key_file = tmp_path / "clerk.key"
    profile = "killed-clerk"
    store = LocalStore.open(profile, key_file=key_file)
    enrol(
        store,
        proxy.url,
        live_server.enrolment_key,
        office_code="DC-PSH",
        demo_key=True,
        device_name="killed desk",
    )
    device_id = store.identity().device_id
    store.close()
    log = tmp_path / "child.log"

    def answered_locally() -> tuple[int, int]:
        reopened = LocalStore.open(profile, key_file=key_file, create=False)
        try:
            entries = sync_kit.outbox(reopened)
            return len(entries), sum(e.state == "applied" for e in entries)
        finally:
            reopened.close()

    # killed while its push is on the way (the server has not seen it yet) ...
    _run_until_held_then_kill(proxy, profile, key_file, 1, "hold_before", log)
    made, applied = answered_locally()
    assert applied == 3 and made >= 6  # the first push got through, the second is held
    assert live_server.processed_count(device_id) == 3
    proxy.clear()  # the held request is delivered late, after its sender died
    # ... and, started again, killed after the server applied a push it never heard of
    _run_until_held_then_kill(proxy, profile, key_file, 2, "hold_after", log)
    made, applied = answered_locally()
    assert live_server.processed_count(device_id) == made > applied
    proxy.clear()
    assert log.read_text().count("synced") == 2  # one push of each run got through

    done = subprocess.run(
        [sys.executable, "-m", "daftar_cli.main", "sync", "--once", "--profile", profile],
        cwd=REPO,
        env=_child_env(key_file),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "pushed" in done.stdout

    store = LocalStore.open(profile, key_file=key_file, create=False)
    try:
        entries = sync_kit.outbox(store)
        assert len(entries) >= 6
        assert [e.device_seq for e in entries] == list(range(1, len(entries) + 1))
        assert {e.state for e in entries} == {"applied"}
        made = sorted(e.args["application_id"] for e in entries)
        assert sorted(_server_applications(live_server)) == made  # nothing lost or doubled
        assert live_server.processed_count(device_id) == len(entries)
        stored = live_server.processed_answers(device_id)
        assert {e.device_seq: e.answer for e in entries} == stored
        with store.sessions() as s:
            local = list(s.scalars(select(LicenceApplication)))
        assert sorted(a.id for a in local) == made and {a.sync_state for a in local} == {"synced"}
        assert (
            sync_kit.differences(
                sync_kit.local_versions(store), live_server.scope_versions(["PSH"])
            )
            == {}
        )
    finally:
        store.close()
