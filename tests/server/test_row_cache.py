"""The worker's kept row texts (`server.row_cache`): the desks of one district pull the
same new rows, and from the second on they come from memory, as the database would
have written them, and never as a row stood before its last change."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text

from domain.commands import person_id_for
from domain.roles import tables_for
from server import feed
from server.heads import notify_reset
from server.routes.sync import page_json
from server.row_cache import RowTextCache
from tests.server.test_pull_reach import _khyber_with_two_prisons

VISIT_TABLES = sorted(tables_for(["prison_staff"]))


def _edit(desk, table: str, row_id: str, changes: dict, at: str) -> None:
    answer = desk.push(
        "edit_record", {"table": table, "row_id": row_id, "changes": changes, "at": at}
    )
    assert answer["status"] == "applied", answer


@pytest.mark.postgres
def test_a_second_desk_of_the_district_gets_the_rows_from_memory_as_the_database_writes_them(
    pg_engine, make_server, make_application
):
    server = make_server(pg_engine)
    cache = server.client.app.state.row_cache
    writer, first, second = (server.enrol(name=f"counter {n}") for n in range(3))
    for n in range(1, 6):
        assert writer.push("submit_licence_application", make_application(n))["status"] == "applied"

    first.pull_all(checksum=False)
    kept, hits = len(cache), cache.hits
    assert kept >= 15, "the applications, their applicants and their history lines are kept"
    page = second.pull(checksum=False)
    assert cache.hits - hits >= 15, "the second desk's rows came from memory"
    assert second.seen == first.seen
    # byte for byte the page the database writes without the cache
    reader = server.client.app.state.reader
    fresh = feed.pull(reader, second.district_codes, 0, 5000, json_rows=True, tables=None)
    kept_page = feed.pull(reader, second.district_codes, 0, 5000, json_rows=True, cache=cache)
    assert page_json(kept_page) == page_json(fresh)
    assert page["cursor"] == fresh["cursor"]


@pytest.mark.postgres
def test_a_row_changed_after_it_was_kept_reaches_every_desk_as_changed(
    pg_engine, make_server, make_application
):
    server = make_server(pg_engine)
    writer, early, late = (server.enrol(name=f"counter {n}") for n in range(3))
    args = make_application(1)
    assert writer.push("submit_licence_application", args)["status"] == "applied"
    person = person_id_for(args["applicant"]["cnic"])
    early.pull_all(checksum=False)  # the person's row is kept at its first version
    assert early.seen[("persons", person)]["address"] == "Peshawar"

    _edit(writer, "persons", person, {"address": "House 7, Hayatabad"}, args["at"])
    early.pull_all(checksum=True)  # the checksum agrees: nothing stale was sent
    late.pull_all(checksum=True)
    for desk in (early, late):
        assert desk.seen[("persons", person)]["address"] == "House 7, Hayatabad"
        assert desk.seen[("persons", person)]["version"] > 0


@pytest.mark.postgres
def test_a_reindex_empties_every_workers_kept_rows(pg_engine, make_server, make_application):
    server = make_server(pg_engine)
    cache = server.client.app.state.row_cache
    writer, reader_desk = server.enrol(), server.enrol(name="counter 2")
    assert writer.push("submit_licence_application", make_application(1))["status"] == "applied"
    reader_desk.pull_all(checksum=False)
    assert len(cache) > 0
    with pg_engine.begin() as conn:
        notify_reset(conn)
    deadline = time.monotonic() + 10
    while len(cache) and time.monotonic() < deadline:
        time.sleep(0.05)  # the listener thread hears the notification
    assert len(cache) == 0


@pytest.mark.postgres
def test_a_visits_desk_gets_no_history_of_licences_its_worker_keeps_for_others(
    pg_engine, make_server, make_application
):
    """The history lines a desk's roles do not cover are left out by their own record
    type when they come from memory, as the database's filter leaves them out."""
    server = make_server(pg_engine)
    cache = server.client.app.state.row_cache
    _khyber_with_two_prisons(server, make_application)
    first = server.enrol("DC-KHR", "first counter", signed=False)
    first.sign_as(server.operator("khr-chief", ["supervisor"], "DC-KHR", desks=[first]))
    first.pull_all()
    kinds = {r["record_type"] for (t, _), r in first.seen.items() if t == "record_events"}
    assert "licence_application" in kinds, "the worker keeps the application's history"

    # The office's account now keeps prison visits alone (every prison of the district).
    with pg_engine.begin() as conn:
        conn.execute(
            text("UPDATE operators SET roles = CAST(:r AS json) WHERE username = 'khr-chief'"),
            {"r": '["prison_staff"]'},
        )
    second = server.enrol("DC-KHR", "visits counter", signed=False)
    second.sign_as(server.operator("khr-warden", ["prison_staff"], "DC-KHR", desks=[second]))
    hits = cache.hits
    page = second.pull_all()
    assert cache.hits > hits, "the desk's rows came from memory"
    assert {t for t, _ in second.seen} >= {"inmates", "visit_slots", "approved_visitors"}
    lines = [r for (t, _), r in second.seen.items() if t == "record_events"]
    allowed = set(feed._event_types(VISIT_TABLES))
    assert all(r["record_type"] in allowed for r in lines), lines
    assert page["checksum"]["record_events"][0] == len(lines)


def test_the_kept_rows_stay_within_their_size_whatever_the_rows_hold():
    cache = RowTextCache(chars=10_000)
    cache.keep("persons", [(f"p{n}", 1, "x" * 50) for n in range(100)])  # 5,000 characters
    assert cache.take("persons", [("p0", 1)]) == ["x" * 50]  # p0 is now the most recent
    cache.keep("record_events", [(f"e{n}", 1, "y" * 90) for n in range(80)])  # 7,200 more
    assert cache.held <= 10_000
    assert cache.take("persons", [("p0", 1), ("p1", 1)]) == ["x" * 50, None]  # oldest out first
    cache.keep("record_events", [("huge", 2, "z" * 5_000)])  # half the bound: not kept
    assert cache.take("record_events", [("huge", 2)]) == [None]
    cache.keep("record_events", [("e79", 1, "y" * 90)])  # kept again: counted once
    assert cache.held == sum(len(t) for t in cache._texts.values())
    cache.clear()
    assert cache.held == 0 and len(cache) == 0
