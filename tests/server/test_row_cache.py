"""The worker's kept row texts (`server.row_cache`): the desks of one district pull the
same new rows, and from the second on they come from memory, as the database would
have written them, and never as a row stood before its last change."""

from __future__ import annotations

import time

import pytest

from domain.commands import person_id_for
from server import feed
from server.heads import notify_reset
from server.routes.sync import page_json

pytestmark = pytest.mark.postgres


def _edit(desk, table: str, row_id: str, changes: dict, at: str) -> None:
    answer = desk.push(
        "edit_record", {"table": table, "row_id": row_id, "changes": changes, "at": at}
    )
    assert answer["status"] == "applied", answer


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
