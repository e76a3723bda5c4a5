"""The sync engine against the real server on loopback (DESIGN.md "Sync protocol (v1)",
"Testing"): bootstrap, resumable bootstrap, push, rejections that do not block,
working offline, field merge and field conflicts, and the last visit seat booked by
two offline help desks. Every test runs once on an SQLite and once on a PostgreSQL
server database.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import func, select

from daftar_cli.seed import seed_server
from domain.ids import new_id
from domain.models import FieldConflict, LicenceApplication, VisitBooking, VisitSlot
from sync.protocol import PullPage
from sync.store.client_models import ShadowRow
from sync.transport import Offline, Received, ServerFault, Transport


class RecordingTransport(Transport):
    """The real transport, remembering every pull; breaks after `pages` pages if given."""

    def __init__(self, base_url: str, token: str | None, *, pages: int | None = None):
        super().__init__(base_url, token)
        self.pages_left = pages
        self.pulls: list[tuple[int, PullPage]] = []

    def pull_packed(self, cursor: int, limit: int, *, checksum: bool = False) -> Received:
        if self.pages_left is not None:
            if self.pages_left == 0:
                raise ServerFault("the link broke in the middle of the bootstrap")
            self.pages_left -= 1
        received = super().pull_packed(cursor, limit, checksum=checksum)
        self.pulls.append((cursor, received.payload()))
        return received

    def row_ids(self) -> list[tuple[str, str]]:
        return [
            (table, row[part["columns"].index("id")])
            for _, page in self.pulls
            for table, part in page["tables"].items()
            for row in part["rows"]
        ]


def _rewire(engine: Any, transport: Transport) -> None:
    engine.transport.http.close()
    engine.transport = transport


# ------------------------------------------------------------------ bootstrap


def test_bootstrap_of_a_seeded_server_reaches_the_same_rows_and_checksum(
    live_server, make_device, sync_kit
):
    seed_server(live_server.engine, 3000, districts=["PSH", "MRD"])
    store, engine = make_device("DC-PSH", page_rows=1000)
    indexes = _indexes(store)
    encodings: list[str] = []
    engine.transport.http.hooks["response"].append(
        lambda r, *_a, **_k: (
            encodings.append(r.headers.get("Content-Encoding", ""))
            if "/sync/pull" in r.url
            else None
        )
    )
    report = engine.run_once()
    assert len(encodings) > 2 and set(encodings) == {"zstd"}  # the pages came zstd-packed
    assert _indexes(store) == indexes and len(indexes) > 10
    assert {"persons", "licence_applications"} <= engine.status.changed_tables  # screens re-read
    assert engine.run_once().changed_tables == set()  # nothing new: nothing to re-read
    server_rows = live_server.scope_versions(["PSH"])
    assert sync_kit.differences(sync_kit.local_versions(store), server_rows) == {}
    assert 1000 < len(server_rows["licence_applications"]) < 3000  # only Peshawar's share
    assert report.pulled == sum(len(rows) for rows in server_rows.values())
    assert report.checksum_ok is True
    assert engine.local_checksum() == {t: [len(r), sum(r.values())] for t, r in server_rows.items()}
    # the other district's desk gets the other rows, and nothing of Peshawar's
    other, other_engine = make_device("DC-MRD")
    other_engine.run_once()
    assert (
        sync_kit.differences(sync_kit.local_versions(other), live_server.scope_versions(["MRD"]))
        == {}
    )
    again = engine.run_once()
    assert again.pulled == 0 and again.pushed == 0


def test_bootstrap_broken_after_two_pages_resumes_from_its_stored_cursor(
    live_server, make_device, sync_kit
):
    seed_server(live_server.engine, 3000, districts=["PSH"])
    store, engine = make_device("DC-PSH", page_rows=500)
    token = store.fact("device_token")
    indexes = _indexes(store)
    broken = RecordingTransport(live_server.url, token, pages=2)
    _rewire(engine, broken)
    with pytest.raises(ServerFault):
        engine.run_once()
    assert len(broken.pulls) == 2
    assert _indexes(store) == indexes  # dropped for the bulk load, built again on failure
    stored = int(store.fact("cursor"))
    assert stored == broken.pulls[-1][1]["cursor"] > 0
    first = broken.row_ids()
    assert len(first) == 1000
    have = sync_kit.local_versions(store)
    assert sum(len(rows) for rows in have.values()) == 1000  # both pages were kept

    resumed = RecordingTransport(live_server.url, token)
    _rewire(engine, resumed)
    report = engine.run_once()
    assert resumed.pulls[0][0] == stored  # went on from the stored cursor
    second = resumed.row_ids()
    assert not set(first) & set(second)  # nothing downloaded twice
    server_rows = live_server.scope_versions(["PSH"])
    assert len(first) + len(second) == sum(len(rows) for rows in server_rows.values())
    assert sync_kit.differences(sync_kit.local_versions(store), server_rows) == {}
    assert report.checksum_ok is True
    assert _indexes(store) == indexes


class UnpackedLate(Transport):
    """A pull answer cannot be unpacked until the next page has been asked for, or
    (`headers=False`) from a server that neither names the cursor in its headers nor
    writes JSON lines."""

    def __init__(self, base_url: str, token: str | None, *, headers: bool = True):
        super().__init__(base_url, token)
        self.headers = headers
        self.asked: list[int] = []
        self.types: list[str] = []
        self.next_asked: dict[int, threading.Event] = {}

    def pull_packed(self, cursor: int, limit: int, *, checksum: bool = False) -> Received:
        self.asked.append(cursor)
        self.next_asked.setdefault(cursor, threading.Event())
        for earlier in self.asked[:-1]:
            self.next_asked[earlier].set()
        if not self.headers:  # as a server before the headers and JSON lines answered
            old = self._receive(
                "GET",
                "/sync/pull",
                accept="application/json",
                params={"cursor": cursor, "limit": limit, "checksum": int(checksum)},
            )
            return Received(
                old.status, {"Content-Encoding": old.headers["Content-Encoding"]}, old.raw
            )
        received = super().pull_packed(cursor, limit, checksum=checksum)
        self.types.append(received.headers["Content-Type"])
        position = received.page_position()
        assert position is not None
        if not position[1] or cursor == 0:  # the last page; the first is unpacked at once
            return received
        transport = self

        class Late(Received):
            def payload(self, *, packed_rows: bool = False) -> Any:
                assert transport.next_asked[cursor].wait(10), "unpacked before asking on"
                return super().payload(packed_rows=packed_rows)

        return Late(received.status, received.headers, received.raw)


@pytest.mark.parametrize("headers", [True, False], ids=["cursor-in-headers", "older-server"])
def test_a_bootstrap_asks_for_the_next_page_before_unpacking_the_last(
    live_server, make_device, sync_kit, headers
):
    seed_server(live_server.engine, 1500, districts=["PSH"])
    store, engine = make_device("DC-PSH", page_rows=400)
    transport = UnpackedLate(live_server.url, store.fact("device_token"), headers=headers)
    _rewire(engine, transport)
    report = engine.run_once()
    assert len(transport.asked) > 4
    assert transport.asked == sorted(set(transport.asked))  # each page once, in order
    if headers:  # and as JSON lines, parsed a few thousand rows at a time
        assert {t.split(";")[0] for t in transport.types} == {"application/x-ndjson"}
    server_rows = live_server.scope_versions(["PSH"])
    assert sync_kit.differences(sync_kit.local_versions(store), server_rows) == {}
    assert report.checksum_ok is True


def _indexes(store: Any) -> list[tuple[str, str]]:
    with store.engine.connect() as conn:
        return sorted(
            conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            ).all()
        )


# ------------------------------------------------------------------ push


def test_push_applies_commands_and_their_versions_arrive(live_server, make_device, sync_kit):
    store, engine = make_device("DC-PSH")
    engine.run_once()
    ids = []
    for n in range(1, 4):
        args = sync_kit.application_args(n)
        ids.append(args["application_id"])
        store.execute("submit_licence_application", args, actor="clerk1")
    store.execute(
        "edit_record",
        {"table": "licence_applications", "row_id": ids[0], "changes": {"remarks": "walk-in"}},
        actor="clerk1",
    )
    assert store.pending_count() == 4
    report = engine.run_once()
    assert report.pushed == 4 and report.rejected == 0 and report.conflicts == 0
    assert store.pending_count() == 0 and store.attention_count() == 0
    entries = sync_kit.outbox(store)
    assert [e.state for e in entries] == ["applied"] * 4
    with store.sessions() as s:
        assert s.scalars(select(ShadowRow)).all() == []
        for app_id in ids:
            row = s.get(LicenceApplication, app_id)
            assert row.sync_state == "synced" and row.version > 0
        assert s.get(LicenceApplication, ids[0]).remarks == "walk-in"
        assert (
            s.get(LicenceApplication, ids[0]).version
            == entries[3].answer["versions"][f"licence_applications:{ids[0]}"]
        )
    for entry in entries[:3]:  # each row carries the version the server answered
        for key, version in entry.answer["versions"].items():
            table, row_id = key.split(":", 1)
            if (table, row_id) != ("licence_applications", ids[0]):
                assert sync_kit.local_versions(store)[table][row_id] == version
    assert (
        sync_kit.differences(sync_kit.local_versions(store), live_server.scope_versions(["PSH"]))
        == {}
    )
    assert live_server.processed_count(store.identity().device_id) == 4


def test_a_rejected_command_keeps_the_servers_reason_and_does_not_block_the_next(
    live_server, make_device, sync_kit
):
    first, first_engine = make_device("DC-PSH", name="counter 1")
    second, second_engine = make_device("DC-PSH", name="counter 2")
    first_engine.run_once()
    second_engine.run_once()
    first.execute("submit_licence_application", sync_kit.application_args(1), actor="a")
    clash = sync_kit.application_args(1, cnic=2)  # the same number, another citizen
    behind = sync_kit.application_args(3)
    second.execute("submit_licence_application", clash, actor="b")
    second.execute("submit_licence_application", behind, actor="b")
    first_engine.run_once()
    report = second_engine.run_once()
    assert report.pushed == 2 and report.rejected == 1
    rejected, applied = sync_kit.outbox(second)
    assert rejected.state == "rejected"
    assert rejected.answer["code"] == "duplicate"
    assert clash["application_no"] in rejected.answer["message"]
    assert rejected.args["application_id"] == clash["application_id"]  # the work is kept
    assert applied.state == "applied"
    assert second.pending_count() == 0 and second.attention_count() == 1
    with live_server.engine.connect() as conn:
        numbers = dict(
            conn.execute(select(LicenceApplication.id, LicenceApplication.application_no)).all()
        )
    assert behind["application_id"] in numbers and clash["application_id"] not in numbers
    assert list(numbers.values()).count(clash["application_no"]) == 1
    with second.sessions() as s:  # the clashing row is not shown as if it had synced
        assert s.get(LicenceApplication, clash["application_id"]) is None
        assert s.get(LicenceApplication, behind["application_id"]).sync_state == "synced"
    assert (
        sync_kit.differences(sync_kit.local_versions(second), live_server.scope_versions(["PSH"]))
        == {}
    )


# ------------------------------------------------------------------ offline


def test_offline_the_operator_keeps_working_and_everything_is_applied_once_back_online(
    live_server, make_device, sync_kit
):
    store, engine = make_device("DC-PSH")
    engine.run_once()
    live_server.stop()
    with pytest.raises(Offline):
        engine.run_once()
    made = []
    for n in range(1, 6):
        args = sync_kit.application_args(n)
        result = store.execute("submit_licence_application", args, actor="clerk1")
        assert "submitted" in result.summary
        made.append(args["application_id"])
        assert store.pending_count() == n
        with pytest.raises(Offline):
            engine.run_once()
    with store.sessions() as s:
        assert all(s.get(LicenceApplication, i).sync_state == "pending" for i in made)
    live_server.start()
    report = engine.run_once()
    assert report.pushed == 5 and store.pending_count() == 0
    engine.run_once()
    device_id = store.identity().device_id
    assert live_server.processed_count(device_id) == 5
    with live_server.engine.connect() as conn:
        ids = list(conn.scalars(select(LicenceApplication.id)))
    assert sorted(ids) == sorted(made)
    assert (
        sync_kit.differences(sync_kit.local_versions(store), live_server.scope_versions(["PSH"]))
        == {}
    )


# ------------------------------------------------------------------ field edits


def _shared_application(make_device: Any, sync_kit: Any) -> tuple[Any, Any, Any, Any, str]:
    first, first_engine = make_device("DC-PSH", name="counter 1")
    second, second_engine = make_device("TO-PSH-01", name="tehsil desk")
    args = sync_kit.application_args(1)
    first.execute("submit_licence_application", args, actor="clerk-a")
    first_engine.run_once()
    second_engine.run_once()
    with second.sessions() as s:
        assert s.get(LicenceApplication, args["application_id"]).applicant_name_en == "Applicant 1"
    return first, first_engine, second, second_engine, args["application_id"]


def _edit(store: Any, app_id: str, actor: str, **changes: Any) -> None:
    # As the desktop does it: the table, the row and the changed fields; the store
    # adds what the edit was made on (version, values replaced).
    store.execute(
        "edit_record",
        {"table": "licence_applications", "row_id": app_id, "changes": changes},
        actor=actor,
    )


def test_edits_of_different_fields_on_two_desks_merge(live_server, make_device, sync_kit):
    first, first_engine, second, second_engine, app_id = _shared_application(make_device, sync_kit)
    _edit(first, app_id, "clerk-a", applicant_name_en="Gul Khan")
    _edit(second, app_id, "clerk-b", remarks="walk-in", bore=".32")
    first_engine.run_once()
    report = second_engine.run_once()
    assert report.conflicts == 0 and report.rejected == 0
    first_engine.run_once()
    for store in (first, second):
        with store.sessions() as s:
            row = s.get(LicenceApplication, app_id)
            assert (row.applicant_name_en, row.remarks, row.bore) == ("Gul Khan", "walk-in", ".32")
            assert row.sync_state == "synced"
            assert s.scalar(select(func.count()).select_from(FieldConflict)) == 0
        assert store.attention_count() == 0
    assert (
        sync_kit.local_versions(first)
        == sync_kit.local_versions(second)
        == live_server.scope_versions(["PSH"])
    )


def test_the_same_field_edited_on_two_desks_is_a_conflict_kept_until_resolved(
    live_server, make_device, sync_kit
):
    first, first_engine, second, second_engine, app_id = _shared_application(make_device, sync_kit)
    _edit(first, app_id, "clerk-a", applicant_name_en="Gul Khan")
    _edit(second, app_id, "clerk-b", applicant_name_en="Gul Khan Afridi", remarks="walk-in")
    first_engine.run_once()
    report = second_engine.run_once()
    assert report.conflicts == 1
    entry = sync_kit.outbox(second)[-1]
    assert entry.state == "conflict"
    assert entry.answer["fields"] == ["applicant_name_en"]
    assert entry.answer["theirs"] == {"applicant_name_en": "Gul Khan"}
    assert entry.answer["ours"] == {"applicant_name_en": "Gul Khan Afridi"}
    with live_server.engine.connect() as conn:  # the server's value stands, both are kept
        name, remarks = conn.execute(
            select(LicenceApplication.applicant_name_en, LicenceApplication.remarks).where(
                LicenceApplication.id == app_id
            )
        ).one()
        assert (name, remarks) == ("Gul Khan", "walk-in")
        kept = conn.execute(select(FieldConflict)).one()
        assert (kept.theirs, kept.ours, kept.our_author, kept.status) == (
            "Gul Khan",
            "Gul Khan Afridi",
            "clerk-b",
            "open",
        )
    with second.sessions() as s:  # the desk sees it after its pull
        conflict = s.scalars(select(FieldConflict)).one()
        assert conflict.status == "open" and conflict.row_id == app_id
        assert (conflict.theirs, conflict.ours) == ("Gul Khan", "Gul Khan Afridi")
        row = s.get(LicenceApplication, app_id)
        assert row.sync_state == "conflict"
        assert (row.applicant_name_en, row.remarks) == ("Gul Khan", "walk-in")
    assert second.attention_count() == 2  # the answered command and the open conflict

    second.execute(
        "resolve_conflict",
        {"conflict_id": conflict.id, "value": "Gul Khan Afridi"},
        actor="officer",
    )
    assert second.pending_count() == 1
    second_engine.run_once()
    first_engine.run_once()
    for store in (first, second):
        with store.sessions() as s:
            assert s.get(LicenceApplication, app_id).applicant_name_en == "Gul Khan Afridi"
            resolved = s.get(FieldConflict, conflict.id)
            assert resolved.status == "resolved" and resolved.resolved_by == "officer"
    # the open conflict is gone; the answered command stays listed until dismissed
    assert second.attention_count() == 1 and first.attention_count() == 0
    with live_server.engine.connect() as conn:
        assert (
            conn.scalar(
                select(LicenceApplication.applicant_name_en).where(LicenceApplication.id == app_id)
            )
            == "Gul Khan Afridi"
        )
        assert conn.scalar(select(FieldConflict.status)) == "resolved"
    assert (
        sync_kit.local_versions(first)
        == sync_kit.local_versions(second)
        == live_server.scope_versions(["PSH"])
    )


# ------------------------------------------------------------------ visits


def _visitor(cnic: str, age: int = 40) -> dict[str, Any]:
    return {"cnic": cnic, "name": "Visitor", "age": age}


def test_two_offline_help_desks_book_the_last_seat_one_is_confirmed_the_other_rejected_with_free_slots(
    live_server, make_device, sync_kit
):
    admin, admin_engine = make_device("DC-PSH", name="prison cell, DC office")
    last_seat = sync_kit.visit_slot_args(days_ahead=3, capacity=1)
    later = sync_kit.visit_slot_args(days_ahead=5, capacity=4)
    admin.execute("open_visit_slot", last_seat, actor="admin")
    admin.execute("open_visit_slot", later, actor="admin")
    inmates = []
    for k in (1, 2):
        inmate = {
            "inmate_id": new_id(),
            "prison_code": "CP-PSH",
            "inmate_no": f"CP-{k:05d}",
            "name_en": f"Inmate {k}",
        }
        visitor = {
            "visitor_id": new_id(),
            "inmate_id": inmate["inmate_id"],
            "cnic": sync_kit.cnic(900 + k),
            "name_en": f"Relative {k}",
            "relationship": "brother",
        }
        admin.execute("register_inmate", inmate, actor="admin")
        admin.execute("approve_visitor", visitor, actor="admin")
        inmates.append((inmate["inmate_id"], visitor["cnic"]))
    admin_engine.run_once()
    assert admin.pending_count() == 0 and admin.attention_count() == 0

    desks = [
        make_device("TO-PSH-02", name="help desk 1"),
        make_device("TO-PSH-03", name="help desk 2"),
    ]
    for _store, engine in desks:
        engine.run_once()  # both have the slot, then the link goes down
    live_server.stop()
    bookings = []
    for n, ((store, engine), (inmate_id, cnic)) in enumerate(zip(desks, inmates), start=1):
        booking = {
            "booking_id": new_id(),
            "booking_no": f"VB-{n:05d}",
            "slot_id": last_seat["slot_id"],
            "inmate_id": inmate_id,
            "lead_visitor_cnic": cnic,
            "visitors": [_visitor(cnic), _visitor(cnic, 9)],
        }
        result = store.execute("book_visit", booking, actor=f"desk {n}")
        assert result.data["status"] == "requested"  # no leased seat: provisional
        with pytest.raises(Offline):
            engine.run_once()
        bookings.append(booking)
    live_server.start()
    for _store, engine in desks:
        engine.run_once()

    (won_store, _), (lost_store, _) = desks
    won, lost = sync_kit.outbox(won_store)[-1], sync_kit.outbox(lost_store)[-1]
    assert won.state == "applied"
    assert lost.state == "rejected"
    assert lost.answer["code"] == "slot_full"
    free = lost.answer["hints"]["free_slots"]
    assert free and free[0]["slot_id"] == later["slot_id"] and free[0]["free"] == 4
    # the message says what would work: the next slot that fits, in Karachi time
    assert f"Next slot: {free[0]['local']}." in lost.answer["message"]
    assert lost_store.attention_count() == 1 and won_store.attention_count() == 0
    with live_server.engine.connect() as conn:
        statuses = dict(
            conn.execute(
                select(VisitBooking.id, VisitBooking.status).where(
                    VisitBooking.slot_id == last_seat["slot_id"]
                )
            ).all()
        )
        assert statuses == {bookings[0]["booking_id"]: "booked"}
        assert (
            conn.scalar(select(VisitSlot.booked).where(VisitSlot.id == last_seat["slot_id"])) == 1
        )
    with won_store.sessions() as s:
        assert s.get(VisitBooking, bookings[0]["booking_id"]).status == "booked"  # confirmed
    for _store, engine in desks:
        engine.run_once()
        assert (
            sync_kit.differences(
                sync_kit.local_versions(store), live_server.scope_versions(["PSH"])
            )
            == {}
        )
    with lost_store.sessions() as s:  # the provisional booking is gone, the reason stays
        assert s.get(VisitBooking, bookings[1]["booking_id"]) is None
        slot = s.get(VisitSlot, last_seat["slot_id"])
        assert slot.booked == 1


def test_desks_pushing_bookings_of_one_slot_at_the_same_moment_never_overfill_it(
    live_server, make_device, sync_kit
):
    """The server's capacity rule holds under concurrent pushes (on PostgreSQL two
    transactions could otherwise both count the slot free and both take a seat)."""
    admin, admin_engine = make_device("DC-PSH", name="admin")
    slot = sync_kit.visit_slot_args(days_ahead=3, capacity=2)
    admin.execute("open_visit_slot", slot, actor="admin")
    desks = []
    for k in range(6):
        inmate = {
            "inmate_id": new_id(),
            "prison_code": "CP-PSH",
            "inmate_no": f"C-{k:05d}",
            "name_en": f"Inmate {k}",
        }
        cnic = sync_kit.cnic(700 + k)
        admin.execute("register_inmate", inmate, actor="admin")
        admin.execute(
            "approve_visitor",
            {
                "visitor_id": new_id(),
                "inmate_id": inmate["inmate_id"],
                "cnic": cnic,
                "name_en": "Relative",
                "relationship": "wife",
            },
            actor="admin",
        )
        desks.append((inmate["inmate_id"], cnic))
    admin_engine.run_once()
    made = []
    for k, (inmate_id, cnic) in enumerate(desks):
        store, engine = make_device(f"TO-PSH-0{k + 1}", name=f"help desk {k}")
        engine.run_once()
        store.execute(
            "book_visit",
            {
                "booking_id": new_id(),
                "booking_no": f"CC-{k:05d}",
                "slot_id": slot["slot_id"],
                "inmate_id": inmate_id,
                "lead_visitor_cnic": cnic,
                "visitors": [_visitor(cnic)],
            },
            actor="desk",
        )
        made.append((store, engine))
    start = threading.Barrier(len(made))
    errors: list[BaseException] = []

    def push(engine: Any) -> None:
        try:
            start.wait()
            engine.run_once()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=push, args=(engine,)) for _, engine in made]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    states = [sync_kit.outbox(store)[-1].state for store, _ in made]
    assert sorted(states) == ["applied"] * 2 + ["rejected"] * 4
    with live_server.engine.connect() as conn:
        held = conn.scalar(
            select(func.count())
            .select_from(VisitBooking)
            .where(VisitBooking.slot_id == slot["slot_id"])
        )
        booked = conn.scalar(select(VisitSlot.booked).where(VisitSlot.id == slot["slot_id"]))
    assert held == booked == 2


def test_a_rejected_command_does_not_hide_what_an_earlier_one_in_the_same_push_wrote(
    live_server, make_device, sync_kit
):
    """Two applications of one citizen in one push, the second refused (another desk
    took its number meanwhile): the person the first one created, and the name it
    gave, must still reach every desk (the refused command rewrote that person too)."""
    taker, taker_engine = make_device("DC-PSH", name="counter 1")
    store, engine = make_device("DC-PSH", name="counter 2")
    other, other_engine = make_device("DC-PSH", name="counter 3")
    taken = sync_kit.application_args(5)
    taker.execute("submit_licence_application", taken, actor="a")
    taker_engine.run_once()
    first = sync_kit.application_args(1, cnic=77)
    again = sync_kit.application_args(5, cnic=77)  # same citizen; number 5 is taken
    again["applicant"]["name_en"] = "Renamed By The Refused Command"
    store.execute("submit_licence_application", first, actor="b")
    store.execute("submit_licence_application", again, actor="b")
    report = engine.run_once()
    assert (report.pushed, report.rejected) == (2, 1)
    assert sync_kit.outbox(store)[1].answer["code"] == "duplicate"
    server_rows = live_server.scope_versions(["PSH"])
    assert all(version > 0 for rows in server_rows.values() for version in rows.values())
    assert len(server_rows["persons"]) == 2
    other_engine.run_once()
    taker_engine.run_once()
    for desk in (store, other, taker):
        assert sync_kit.differences(sync_kit.local_versions(desk), server_rows) == {}
        with desk.sessions() as s:
            app = s.get(LicenceApplication, first["application_id"])
            assert app.applicant_name_en == "Applicant 1"
            assert app.person_id in server_rows["persons"]


def test_the_foreign_key_check_after_a_pull_looks_at_what_the_pull_wrote():
    """No server needed: the targeted check finds a pulled child without its parent
    and the children of a pulled deletion, as the whole-store check does."""
    from sync.pull_apply import WrittenRows, foreign_key_problems
    from sync.store import LocalStore
    from sync.store.engine import pragma_outside_transaction

    store = LocalStore.open("fk-check")
    app_id, person_id = new_id(), new_id()
    with store.engine.connect() as conn:
        pragma_outside_transaction(conn, "PRAGMA foreign_keys = OFF")
        with conn.begin():
            conn.exec_driver_sql(
                "INSERT INTO licence_applications (id, version, district_code, office_code, "
                "created_at, updated_at, sync_state, application_no, kind, status, person_id, cnic, "
                "applicant_name_en, applicant_name_ur, name_key, weapon_type, bore, validity, "
                "fee_paisa, fee_schedule_version, documents, submitted_at, verification, decision, "
                "weapon, remarks) VALUES (?, 1, 'PSH', 'DC-PSH', '2026-01-01 00:00:00.000000', "
                "'2026-01-01 00:00:00.000000', 'synced', 'N-1', 'new', 'submitted', ?, "
                "'1730100000011', 'A', '', 'a', 'pistol', '.30', 'district', 1, 'v', '[]', "
                "'2026-01-01 00:00:00.000000', '{}', '{}', '{}', '')",
                (app_id, person_id),
            )
        pragma_outside_transaction(conn, "PRAGMA foreign_keys = ON")
    page = {
        "cursor": 1,
        "more": False,
        "checksum": None,
        "deleted": [["persons", person_id]],
        "tables": {"licence_applications": {"columns": ["id"], "rows": [[app_id]]}},
    }
    written = WrittenRows()
    assert not written
    written.add(page)  # type: ignore[arg-type]
    with store.engine.connect() as conn:
        found = foreign_key_problems(conn, written)
        assert (app_id, "licence_applications", "persons", "person_id") in found
        assert len(found) == 2  # the orphan, and the child of the deleted person
        assert foreign_key_problems(conn, WrittenRows()) == []
        assert len(foreign_key_problems(conn)) == 1  # the whole-store check agrees
    store.close()


def test_a_desk_whose_copy_went_wrong_downloads_its_scope_again_keeping_work_typed_meanwhile(
    live_server, make_device, sync_kit, caplog
):
    """The escape hatch: a checksum mismatch re-downloads the scope; a command the
    operator saved while the round was running stays pending and visible."""
    store, engine = make_device("DC-PSH")
    for n in range(1, 4):
        store.execute("submit_licence_application", sync_kit.application_args(n), actor="clerk")
    engine.run_once()
    lost = sync_kit.outbox(store)[0].args["application_id"]
    with store.engine.begin() as conn:  # the copy goes wrong behind the engine's back
        conn.exec_driver_sql("DELETE FROM licence_applications WHERE id = ?", (lost,))
    typed = sync_kit.application_args(9)
    real_pull = engine.transport.pull

    def pull_while_the_operator_types(*args: Any, **kw: Any) -> Any:
        if sync_kit.outbox(store)[-1].args["application_id"] != typed["application_id"]:
            store.execute("submit_licence_application", typed, actor="clerk")
        return real_pull(*args, **kw)

    engine.transport.pull = pull_while_the_operator_types  # type: ignore[method-assign]
    engine.checksum_every = 1
    with caplog.at_level("WARNING", logger="sync.engine"):
        report = engine.run_once()
    assert "checksum mismatch" in caplog.text
    assert report.checksum_ok is True  # after the re-download
    assert store.pending_count() == 1
    with store.sessions() as s:
        assert s.get(LicenceApplication, lost) is not None
        mine = s.get(LicenceApplication, typed["application_id"])
        assert mine is not None and mine.sync_state == "pending"
    engine.transport.pull = real_pull  # type: ignore[method-assign]
    engine.run_once()
    assert store.pending_count() == 0
    assert (
        sync_kit.differences(sync_kit.local_versions(store), live_server.scope_versions(["PSH"]))
        == {}
    )


def test_an_idle_round_writes_nothing_and_the_next_one_with_work_is_whole(
    live_server, make_device, sync_kit
):
    """A round with nothing to push or pull writes no page and skips the rebase (what
    `bench.profile_idle` times); work typed after it shows at once and is pushed by
    the next round, and another desk's work still arrives."""
    store, engine = make_device("DC-PSH")
    other, other_engine = make_device("DC-PSH")
    engine.run_once()
    other_engine.run_once()
    engine.run_once()
    cursor = store.fact("cursor")
    report = engine.run_once()
    assert report.pushed == 0 and report.pulled == 0 and report.replayed == 0
    assert store.fact("cursor") == cursor
    args = sync_kit.application_args(1)
    store.execute("submit_licence_application", args, actor="clerk1")
    with store.sessions() as s:  # the desk shows its own work at once, before any round
        assert s.get(LicenceApplication, args["application_id"]).sync_state == "pending"
    assert engine.run_once().pushed == 1
    assert store.pending_count() == 0
    theirs = sync_kit.application_args(2)
    other.execute("submit_licence_application", theirs, actor="clerk2")
    other_engine.run_once()
    assert engine.run_once().pulled >= 1
    with store.sessions() as s:
        assert s.get(LicenceApplication, theirs["application_id"]).sync_state == "synced"
        assert s.get(LicenceApplication, args["application_id"]).sync_state == "synced"
