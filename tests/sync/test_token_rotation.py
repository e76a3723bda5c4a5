"""The desk's side of token rotation (`sync.enrol.rotation_due`,
`SyncEngine.rotate_token_if_due`); against the real server in
tests/e2e/test_identity_desk.py."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from domain.ids import utcnow
from sync.engine import SyncEngine
from sync.enrol import rotation_due
from sync.store.local import LocalStore
from sync.transport import Offline


class RotatingTransport:
    """Answers /devices/rotate with numbered tokens, or is offline."""

    def __init__(self) -> None:
        self.token = "t0"
        self.calls = 0
        self.offline = False

    def post(self, path: str, body: Any) -> Any:
        assert path == "/devices/rotate" and body == {}
        if self.offline:
            raise Offline("no link")
        self.calls += 1
        return {"device_id": "d", "token": f"t{self.calls}", "token_idle_days": 10}


@pytest.fixture
def store(tmp_path):
    s = LocalStore.open("desk", path=tmp_path / "desk.db", key="1" * 64)
    s.set_facts(device_token="t0", token_idle_days=10)
    yield s
    s.close()


def test_a_token_is_due_after_half_the_servers_idle_days(store):
    now = utcnow()
    assert not rotation_due(store, now)  # never noted: starts counting now
    assert store.fact("token_issued_at") == now.isoformat()
    assert not rotation_due(store, now + timedelta(days=4, hours=23))
    assert rotation_due(store, now + timedelta(days=5))
    store.set_facts(token_issued_at="not a time")
    assert rotation_due(store, now)


def test_the_engine_swaps_the_token_and_keeps_it_and_an_offline_try_keeps_the_old(store):
    transport = RotatingTransport()
    engine = SyncEngine(store, transport, lease_top_up=False)  # type: ignore[arg-type]
    store.set_facts(token_issued_at=(utcnow() - timedelta(days=6)).isoformat())

    transport.offline = True
    with pytest.raises(Offline):
        engine.rotate_token_if_due()
    assert store.fact("device_token") == "t0" and transport.token == "t0"

    transport.offline = False
    engine.rotate_token_if_due()
    assert store.fact("device_token") == "t1" and transport.token == "t1"
    engine.rotate_token_if_due()  # fresh now: not asked again
    assert transport.calls == 1
    assert not rotation_due(store, utcnow() + timedelta(days=4))
