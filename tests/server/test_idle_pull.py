"""The idle round answered before routing (`server.idle_pull`, issue 21 point 3): the
same bytes as the route, and only when it is certain to be the route's answer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.idle_pull import _query
from server.settings import Settings
from tests.server.conftest import ENROLMENT_KEY, Server, application_args
from tests.server.test_scale_paths import _wait


@pytest.fixture
def pg_server(pg_engine) -> Iterator[Server]:
    settings = Settings(enrolment_key=ENROLMENT_KEY, token_cache_seconds=60)
    with TestClient(create_app(settings, engine=pg_engine)) as client:
        _wait(lambda: client.app.state.heads.valid, "the feed-heads listener is up")
        yield Server(client, pg_engine)


def _idle_pulls(server: Server):
    stack = server.client.app.middleware_stack
    while type(stack).__name__ != "IdlePulls":
        stack = stack.app
    return stack


@pytest.mark.postgres
def test_an_idle_round_is_answered_before_routing_with_the_routes_own_bytes(pg_server):
    writer, reader = pg_server.enrol(name="writer"), pg_server.enrol(name="reader")
    assert writer.push("submit_licence_application", application_args(1))["status"] == "applied"
    reader.pull_all(checksum=False)
    idle = _idle_pulls(pg_server)
    query = f"cursor={reader.cursor}&limit=5000"
    # An extra parameter sends the round the long way: the route answers it.
    routed = pg_server.client.get(f"/sync/pull?{query}&x=1", headers=reader.headers)
    before = idle.answered
    fast = pg_server.client.get(f"/sync/pull?{query}", headers=reader.headers)
    assert idle.answered == before + 1
    assert (fast.status_code, fast.content) == (routed.status_code, routed.content)
    keep = ("content-type", "content-length", "vary", "daftar-cursor", "daftar-more")
    assert {k: fast.headers[k] for k in keep} == {k: routed.headers[k] for k in keep}
    assert fast.json() == {
        "cursor": reader.cursor,
        "more": False,
        "tables": {},
        "deleted": [],
        "checksum": None,
    }

    # A change in the desk's district: the next round goes to the feed and gets it.
    assert writer.push("submit_licence_application", application_args(2))["status"] == "applied"
    page = reader.pull()
    assert page["tables"]["licence_applications"]["rows"]
    assert idle.answered == before + 1


@pytest.mark.postgres
def test_an_unknown_or_revoked_token_never_gets_the_idle_answer(pg_server):
    from server.db import session_factory
    from server.devices import revoke

    desk = pg_server.enrol(name="soon revoked")
    idle = _idle_pulls(pg_server)
    bad = pg_server.client.get("/sync/pull?cursor=0", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401 and bad.json()["code"] == "unknown_token"
    desk.pull_all(checksum=False)
    assert desk.pull()["more"] is False and idle.answered >= 1
    with session_factory(pg_server.engine).begin() as s:
        revoke(s, desk.device_id)
    _wait(
        lambda: (
            pg_server.client.get(
                f"/sync/pull?cursor={desk.cursor}", headers=desk.headers
            ).status_code
            == 401
        ),
        "the revoked device is refused",
        timeout=5,
    )


def test_only_a_plain_query_takes_the_short_way():
    assert _query(b"cursor=12&limit=5000") == 12
    assert _query(b"cursor=12&limit=5000&checksum=0") == 12
    assert _query(b"limit=10") == 0
    for query in (
        b"",
        b"cursor=12&checksum=1",  # the checksum round reads the database
        b"cursor=-1",
        b"cursor=+1",
        b"cursor=1%00",
        b"cursor=1&cursor=2",
        b"cursor=9223372036854775808",  # beyond 64 bits: the route's 422
        b"cursor=99999999999999999999",
        b"cursor=1&limit=0",
        b"cursor=1&other=2",
        b"cursor",
    ):
        assert _query(query) is None, query
