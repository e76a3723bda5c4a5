"""The central server over HTTP, on SQLite and on PostgreSQL: enrolment, push, pull.

Each test reads as what happens at a desk; `server` and `make_application` come from
conftest.py.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

import orjson
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import JSON, func, insert, select, update
from sqlalchemy.exc import OperationalError

from domain.ids import new_id
from domain.models import SYNCED_MODELS, Base, LicenceApplication, Person, RecordEvent
from server import apply as apply_module
from server import feed
from server.changes import current_seq, reindex_all
from server.db import read_only, session_factory
from server.feed import FEED_INDEXES, NEVER_SENT
from server.models import ChangeIndex, Device, ServerBase
from server.page_body import page_json, page_lines
from sync.compression import zstd
from sync.transport import _page_from_lines
from sync.wire import encode_rows

AT = "2026-11-20T09:30:00+00:00"


def _rows_in_db(engine, districts: list[str]) -> set[tuple[str, str, int]]:
    with engine.connect() as conn:
        out = set()
        for model in SYNCED_MODELS:
            t = model.__table__
            for row_id, version in conn.execute(
                select(t.c.id, t.c.version).where(t.c.district_code.in_(districts))
            ):
                out.add((t.name, row_id, version))
        return out


def _seen(desk) -> set[tuple[str, str, int]]:
    return {(table, row_id, rec["version"]) for (table, row_id), rec in desk.seen.items()}


# -------------------------------------------------------------------- enrolment, auth


def test_health_and_openapi_need_no_token(server):
    health = server.client.get("/health")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    spec = server.client.get("/openapi.json").json()
    assert {"/sync/push", "/sync/pull", "/devices/enrol", "/sync/whoami"} <= set(spec["paths"])


def test_enrolled_counter_gets_a_token_and_its_district_as_scope(server):
    first = server.enrol("DC-PSH", "counter 1")
    second = server.enrol("DC-MRD", "counter 1")
    assert first.district_codes == ["PSH"] and second.district_codes == ["MRD"]
    assert second.device_no == first.device_no + 1
    me = server.client.get("/sync/whoami", headers=first.headers).json()
    assert me["device_id"] == first.device_id and me["office_code"] == "DC-PSH"
    assert me["last_seq"] == 0


def test_wrong_enrolment_key_or_unknown_office_is_refused(server):
    bad_key = server.client.post(
        "/devices/enrol",
        json={"enrolment_key": "guess", "office_code": "DC-PSH", "device_name": "x"},
    )
    assert bad_key.status_code == 403 and bad_key.json()["code"] == "bad_enrolment_key"
    bad_office = server.client.post(
        "/devices/enrol",
        json={
            "enrolment_key": "test-enrolment-key",
            "office_code": "DC-NOWHERE",
            "device_name": "x",
        },
    )
    assert bad_office.status_code == 422 and bad_office.json()["code"] == "unknown_office"
    asks_more = server.client.post(
        "/devices/enrol",
        json={
            "enrolment_key": "test-enrolment-key",
            "office_code": "DC-PSH",
            "device_name": "x",
            "district_codes": ["PSH", "ABT", "MRD", "SWT"],
        },
    )
    assert asks_more.status_code == 200
    assert asks_more.json()["district_codes"] == ["PSH"]  # the office's, not what was asked


def test_calls_without_a_valid_token_are_refused_with_401_and_a_reason(server):
    no_header = server.client.get("/sync/pull")
    assert no_header.status_code == 401 and "Bearer" in no_header.json()["message"]
    assert no_header.headers["www-authenticate"] == "Bearer"
    unknown = server.client.post(
        "/sync/push", headers={"Authorization": "Bearer nope"}, json={"commands": []}
    )
    assert unknown.status_code == 401 and unknown.json()["code"] == "unknown_token"
    desk = server.enrol()
    with session_factory(server.engine).begin() as s:
        s.get(Device, desk.device_id).revoked = True
    revoked = server.client.get("/sync/whoami", headers=desk.headers)
    assert revoked.status_code == 401 and revoked.json()["code"] == "revoked"


# -------------------------------------------------------------------- push and pull


def test_submitted_application_is_applied_and_pulled_with_its_version(server, make_application):
    desk = server.enrol()
    args = make_application(1)
    answer = desk.push("submit_licence_application", args)
    assert answer["status"] == "applied", answer
    key = f"licence_applications:{args['application_id']}"
    version = answer["versions"][key]
    assert version > 0 and len(answer["versions"]) == 3  # person, application, history line
    page = desk.pull_all()
    row = desk.seen[("licence_applications", args["application_id"])]
    assert row["version"] == version and row["status"] == "submitted"
    assert row["sync_state"] == "synced" and row["office_code"] == "DC-PSH"
    assert isinstance(row["documents"], str)  # JSON travels as the text SQLite stores
    assert row["submitted_at"] == "2026-11-20 09:30:00.000000"
    assert page["cursor"] == max(answer["versions"].values())
    assert list(page["tables"]) == ["operators", "persons", "licence_applications", "record_events"]


def test_resent_command_gets_the_stored_answer_and_is_applied_once(server, make_application):
    desk = server.enrol()
    envelope = desk.envelope("submit_licence_application", make_application(1))
    first = desk.push_envelopes([envelope]).json()
    again = desk.push_envelopes([envelope]).json()
    assert again["results"] == first["results"] and again["last_seq"] == 1
    second = desk.envelope("submit_licence_application", make_application(2))
    both = desk.push_envelopes([envelope, second]).json()
    assert both["results"][0] == first["results"][0]
    assert both["results"][1]["status"] == "applied" and both["last_seq"] == 2
    with server.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(LicenceApplication)) == 2


def test_a_gap_in_command_numbers_is_refused_with_409_and_nothing_applied(server, make_application):
    desk = server.enrol()
    early = desk.envelope("submit_licence_application", make_application(1), seq=3)
    refused = desk.push_envelopes([early])
    assert refused.status_code == 409
    assert refused.json()["code"] == "gap" and refused.json()["expected"] == 1
    assert set(desk.pull_all()["tables"]) == {"operators"}  # the desk's own operator only
    desk.push("submit_licence_application", make_application(2))
    later = desk.envelope("submit_licence_application", make_application(3), seq=3)
    assert desk.push_envelopes([later]).json()["expected"] == 2


def test_a_rejected_command_does_not_block_the_ones_behind_it(server, make_application):
    desk = server.enrol()
    missing_documents = make_application(1)
    missing_documents["documents"] = ["cnic_copy"]
    envelopes = [
        desk.envelope("submit_licence_application", missing_documents),
        desk.envelope("submit_licence_application", make_application(2)),
    ]
    result = desk.push_envelopes(envelopes).json()
    rejected, applied = result["results"]
    assert rejected["status"] == "rejected" and rejected["code"] == "validation"
    assert "affidavit" in rejected["message"]
    assert applied["status"] == "applied" and result["last_seq"] == 2
    # The rejection is processed too: resending it gives the same answer.
    assert desk.push_envelopes(envelopes[:1]).json()["results"][0] == rejected


def test_a_rejected_command_leaves_no_rows_behind(server, make_application):
    desk = server.enrol()
    args = make_application(1)
    args["application_no"] = "PSH-T-DUP"
    desk.push("submit_licence_application", args)
    clash = make_application(2)  # a new person, then a taken application number
    clash["application_no"] = "PSH-T-DUP"
    answer = desk.push("submit_licence_application", clash)
    assert answer["status"] == "rejected" and answer["code"] == "duplicate"
    with server.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Person)) == 1


def test_a_refusal_inside_a_group_undoes_only_its_own_rows(server, make_application):
    """A group runs without savepoints first; a refusal that had written a person
    already sends it round again with one savepoint per command."""
    desk = server.enrol()
    first, clash, third = make_application(1), make_application(2), make_application(3)
    clash["application_no"] = first["application_no"]  # a new person, then a taken number
    result = desk.push_envelopes(
        [desk.envelope("submit_licence_application", a) for a in (first, clash, third)]
    ).json()
    assert [r["status"] for r in result["results"]] == ["applied", "rejected", "applied"]
    assert result["last_seq"] == 3
    with server.engine.connect() as conn:
        cnics = set(conn.scalars(select(Person.cnic)))
        numbers = set(conn.scalars(select(LicenceApplication.application_no)))
    assert cnics == {first["applicant"]["cnic"], third["applicant"]["cnic"]}
    assert numbers == {first["application_no"], third["application_no"]}


def test_command_for_another_district_is_rejected_as_out_of_scope(server, make_application):
    peshawar = server.enrol("DC-PSH")
    mardan = server.enrol("DC-MRD")
    answer = peshawar.push("submit_licence_application", make_application(1, district_code="MRD"))
    assert answer["status"] == "rejected" and answer["code"] == "out_of_scope"
    theirs = make_application(2, prefix="MRD")
    assert mardan.push("submit_licence_application", theirs)["status"] == "applied"
    approve = peshawar.push(
        "approve_application", {"application_id": theirs["application_id"], "at": AT}
    )
    assert approve["status"] == "rejected" and approve["code"] == "out_of_scope"
    peshawar.pull_all()
    assert ("licence_applications", theirs["application_id"]) not in peshawar.seen


def test_desk_serving_two_districts_sees_both(server, make_application):
    # A desk's districts are the server's record of it (an administrator's decision),
    # never what the desk asked for at enrolment.
    both = server.enrol("DC-PSH", "help desk")
    with session_factory(server.engine).begin() as s:
        s.get(Device, both.device_id).district_codes = ["PSH", "MRD"]
    both.sign_as(server.operator("both", ["supervisor"], districts=["PSH", "MRD"], desks=[both]))
    mardan = server.enrol("DC-MRD")
    mine = make_application(1, district_code="MRD")
    assert both.push("submit_licence_application", mine)["status"] == "applied"
    assert (
        mardan.push("submit_licence_application", make_application(2, prefix="MRD"))["status"]
        == "applied"
    )
    both.pull_all()
    apps = [k for k in both.seen if k[0] == "licence_applications"]
    assert len(apps) == 2


def test_payments_cannot_be_recorded_by_a_desk(server):
    desk = server.enrol()
    answer = desk.push(
        "record_payment",
        {"voucher_id": "x", "amount_paisa": 1, "at": AT, "paid_at": AT, "tran_auth_id": "T1"},
    )
    assert answer["status"] == "rejected" and answer["code"] == "server_only"


def test_a_fault_of_the_server_itself_gives_500_and_keeps_only_what_came_before(
    server, make_application, monkeypatch
):
    desk = server.enrol()
    real = apply_module.run_command

    def broken_second(*a: Any, **kw: Any) -> Any:
        result = real(*a, **kw)
        if a[2]["application_no"].endswith("0000002"):
            raise OperationalError(
                "INSERT ...", {}, ConnectionError("server closed the connection")
            )
        return result

    monkeypatch.setattr(apply_module, "run_command", broken_second)
    client = TestClient(server.client.app, raise_server_exceptions=False)
    envelopes = [
        desk.envelope("submit_licence_application", make_application(n)) for n in (1, 2, 3)
    ]
    response = client.post("/sync/push", headers=desk.headers, json={"commands": envelopes})
    assert response.status_code == 500
    me = server.client.get("/sync/whoami", headers=desk.headers).json()
    assert me["last_seq"] == 1  # the one before the fault stands; nothing after it
    monkeypatch.setattr(apply_module, "run_command", real)
    retry = desk.push_envelopes(envelopes).json()  # the client retries the same commands
    assert [a["status"] for a in retry["results"]] == ["applied"] * 3
    assert retry["last_seq"] == 3
    with server.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(LicenceApplication)) == 3


def test_a_backlog_of_many_commands_is_answered_one_by_one_across_groups(server, make_application):
    desk = server.enrol()
    envelopes = []
    for n in range(1, 251):
        args = make_application(n)
        if n % 10 == 0:
            args["documents"] = []  # every tenth is missing its documents
        envelopes.append(desk.envelope("submit_licence_application", args))
    result = desk.push_envelopes(envelopes).json()
    statuses = [a["status"] for a in result["results"]]
    assert statuses == ["rejected" if n % 10 == 0 else "applied" for n in range(1, 251)]
    assert [a["device_seq"] for a in result["results"]] == list(range(1, 251))
    versions = [v for a in result["results"] for v in a.get("versions", {}).values()]
    assert len(versions) == len(set(versions)) == 225 * 3
    desk.pull_all()
    assert _seen(desk) == _rows_in_db(server.engine, ["PSH"])
    assert len([k for k in desk.seen if k[0] == "licence_applications"]) == 225


def test_edit_of_a_field_changed_meanwhile_answers_conflict_and_keeps_both(
    server, make_application
):
    first = server.enrol("DC-PSH", "counter 1")
    second = server.enrol("DC-PSH", "counter 2")
    first.sign_as(server.operator("clerk-a", ["licence_operator"], desks=[first]))
    second.sign_as(server.operator("clerk-b", ["licence_operator"], desks=[second]))
    args = make_application(1)
    app_id = args["application_id"]
    base = first.push("submit_licence_application", args)["versions"][
        f"licence_applications:{app_id}"
    ]
    edit = {"table": "licence_applications", "row_id": app_id, "at": AT}
    won = first.push(
        "edit_record",
        {
            **edit,
            "actor": "clerk-a",
            "changes": {"applicant_name_en": "Gul Khan"},
            "base_values": {"applicant_name_en": "Applicant 1"},
        },
        base_versions={f"licence_applications:{app_id}": base},
    )
    assert won["status"] == "applied"
    answer = second.push(
        "edit_record",
        {
            **edit,
            "actor": "clerk-b",
            "changes": {"applicant_name_en": "Gul Khan Afridi", "remarks": "walk-in"},
            "base_values": {"applicant_name_en": "Applicant 1", "remarks": ""},
        },
        base_versions={f"licence_applications:{app_id}": base},
    )
    assert answer["status"] == "conflict", answer
    assert answer["fields"] == ["applicant_name_en"]
    assert answer["theirs"] == {"applicant_name_en": "Gul Khan"}
    assert answer["ours"] == {"applicant_name_en": "Gul Khan Afridi"}
    second.pull_all()
    row = second.seen[("licence_applications", app_id)]
    assert row["applicant_name_en"] == "Gul Khan" and row["remarks"] == "walk-in"
    conflicts = [r for (t, _), r in second.seen.items() if t == "field_conflicts"]
    assert len(conflicts) == 1 and conflicts[0]["our_author"] == "clerk-b"


def test_a_deleted_row_reaches_desks_as_a_tombstone(server, make_application):
    desk = server.enrol()
    desk.push("submit_licence_application", make_application(1))
    desk.pull_all()
    event_id = next(row_id for (t, row_id) in desk.seen if t == "record_events")
    with session_factory(server.engine).begin() as s:
        s.delete(s.get(RecordEvent, event_id))
    page = desk.pull_all()
    assert page["deleted"] == [["record_events", event_id]]
    assert ("record_events", event_id) not in desk.seen
    newcomer = server.enrol(name="counter 2")
    newcomer.pull_all()
    assert ("record_events", event_id) in newcomer.tombstones
    with server.engine.connect() as conn:
        assert conn.scalar(select(ChangeIndex.deleted).where(ChangeIndex.row_id == event_id))


def test_pages_resume_from_the_cursor_and_the_checksum_matches(server, make_application):
    desk = server.enrol()
    for n in range(1, 8):
        desk.push("submit_licence_application", make_application(n))
    pages = 0
    while True:
        page = desk.pull(limit=4, checksum=True)
        pages += 1
        if not page["more"]:
            break
        assert page["checksum"] is None
    assert pages == 6  # 21 changes in pages of 4
    assert _seen(desk) == _rows_in_db(server.engine, ["PSH"])
    expected = {m.__tablename__: [0, 0] for m in SYNCED_MODELS}
    expected["operators"] = [0, 0]
    for (table, _), row in desk.seen.items():
        expected[table][0] += 1
        expected[table][1] += row["version"]
    assert page["checksum"] == expected
    idle = desk.pull(checksum=True)
    assert idle["tables"] == {} and idle["cursor"] == desk.cursor and not idle["more"]


def test_pull_pages_are_gzipped_when_the_client_accepts_it(server, make_application):
    desk = server.enrol()
    desk.push("submit_licence_application", make_application(1))
    zipped = server.client.get("/sync/pull", headers={**desk.headers, "Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    plain = server.client.get("/sync/pull", headers={**desk.headers, "Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert zipped.json() == plain.json()


def test_pull_pages_are_zstd_packed_for_a_client_that_takes_zstd(server, make_application):
    desk = server.enrol()
    desk.push("submit_licence_application", make_application(1))
    plain = server.client.get("/sync/pull", headers={**desk.headers, "Accept-Encoding": "identity"})
    for accept in ("zstd, gzip", "gzip, deflate, br, zstd"):
        packed = server.client.get(
            "/sync/pull", headers={**desk.headers, "Accept-Encoding": accept}
        )
        assert packed.headers["content-encoding"] == "zstd"
        assert orjson.loads(zstd.decompress(packed.content)) == plain.json()
    refused = server.client.get(
        "/sync/pull", headers={**desk.headers, "Accept-Encoding": "zstd;q=0, gzip"}
    )
    assert refused.headers["content-encoding"] == "gzip"  # q=0 means "not this one"
    assert refused.json() == plain.json()


def test_seeded_rows_are_numbered_by_reindex_all(server, make_application):
    desk = server.enrol()
    desk.push("submit_licence_application", make_application(1))
    rows = [
        {
            "id": f"00000000-0000-7000-8000-{n:012d}",
            "cnic": f"17301{n + 500:07d}1",
            "name_en": f"Seeded {n}",
            "name_ur": "",
            "father_name_en": "",
            "father_name_ur": "",
            "gender": "male",
            "address": "",
            "mobile": "",
            "version": version,
            "district_code": "PSH",
            "office_code": "DC-PSH",
            "sync_state": "synced",
            "created_at": datetime(2026, 1, 1),
            "updated_at": datetime(2026, 1, 1),
        }
        for n, version in enumerate([0, 0, 1, 1000, 1000])
    ]  # unnumbered and clashing
    with server.engine.begin() as conn:
        conn.execute(insert(Person.__table__), rows)
        top = reindex_all(conn)
    with server.engine.connect() as conn:
        versions = conn.execute(select(ChangeIndex.seq)).scalars().all()
        assert len(versions) == len(set(versions)) == 1 + 3 + 5  # the desk's operator too
        assert current_seq(conn) == top == max(versions)
    desk.pull_all()
    assert _seen(desk) == _rows_in_db(server.engine, ["PSH"])
    later = desk.push("submit_licence_application", make_application(2))
    assert min(later["versions"].values()) == top + 1


def test_migrations_leave_the_schema_the_models_describe(server):
    """Apart from the feed indexes, which PostgreSQL servers alone have (migration 0003)."""
    with server.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, [Base.metadata, ServerBase.metadata])
        postgres = conn.dialect.name == "postgresql"
    feed_only = [d for d in diff if d[0] == "remove_index" and d[1].name in FEED_INDEXES.values()]
    assert [d for d in diff if d not in feed_only] == []
    assert len(feed_only) == (len(FEED_INDEXES) if postgres else 0)


def test_pulled_values_are_exactly_what_sync_wire_makes_of_the_rows(server, make_application):
    """The feed formats values in the database for speed; they must equal the shared
    encoders' output (JSON compared as JSON: its spacing is the writer's)."""
    desk = server.enrol()
    assert desk.push("submit_licence_application", make_application(1))["status"] == "applied"
    slot = desk.push(
        "open_visit_slot",
        {
            "slot_id": new_id(),
            "prison_code": "CP-PSH",
            "starts_at": "2026-12-01T05:00:00+00:00",
            "minutes": 30,
            "capacity": 6,
            "seat_quotas": {"DC-PSH": 2},
            "at": AT,
        },
    )
    assert slot["status"] == "applied", slot
    scan = base64.b64encode(b"\x89PNG fake page").decode()
    mutation = desk.push(
        "record_mutation",
        {
            "mutation_id": new_id(),
            "tehsil_code": "PSH-01",
            "mutation_no": "1201",
            "mutation_date": "2026-11-01",
            "mauza": "Pajaggi",
            "mutation_type": "sale",
            "khewat_no": "44",
            "khasra_nos": ["101", "102"],
            "area": "2-5-3",
            "consideration_rupees": 1_500_000,
            "at": AT,
            "parties": [
                {"role": "transferor", "name_en": "Seller", "share": "1/2", "held": "1/2"},
                {"role": "transferee", "name_en": "Buyer", "share": "1/2"},
            ],
            "scan": {"content_b64": scan, "media_type": "image/png"},
        },
    )
    assert mutation["status"] == "applied", mutation
    desk.pull_all()
    with server.engine.connect() as conn:
        for model in SYNCED_MODELS:
            table = model.__table__
            typed = [tuple(r) for r in conn.execute(select(table))]
            for values in encode_rows(table, typed):
                want = dict(zip(table.columns.keys(), values))
                row_id = want["id"]
                got = desk.seen[(table.name, row_id)]
                for name, value in want.items():
                    if (table.name, name) in NEVER_SENT:  # a scan's bytes: never on the wire
                        assert got[name] == "", (table.name, name)
                    elif isinstance(table.c[name].type, JSON):
                        assert orjson.loads(got[name]) == orjson.loads(value), (table.name, name)
                    else:
                        assert got[name] == value, (table.name, name, got[name], value)
    assert any(t == "mutation_scans" for t, _ in desk.seen)


def test_rows_written_as_json_by_the_database_equal_the_rows_read_as_tuples(
    server, make_application
):
    """The HTTP pull takes each row's JSON from the database (`json_rows`); the page
    must be the one the tuple path makes: same rows, same values, change order."""
    desk = server.enrol()
    ids = []
    for n in range(1, 6):
        args = make_application(n)
        ids.append(args["application_id"])
        assert desk.push("submit_licence_application", args)["status"] == "applied"
    edit = {
        "table": "licence_applications",
        "row_id": ids[0],
        "at": AT,
        "actor": "clerk",
        "changes": {"remarks": 'walk-in "quoted" \\ اردو\n'},
        "base_values": {"remarks": ""},
    }
    assert desk.push("edit_record", edit)["status"] == "applied"  # moves to the feed's end
    reader = read_only(server.engine)
    for limit in (3, 1000):
        cursor, more = 0, True
        while more:
            written = feed.pull(reader, ["PSH"], cursor, limit, json_rows=True)
            as_json = orjson.loads(page_json(written))
            as_tuples = orjson.loads(orjson.dumps(feed.pull(reader, ["PSH"], cursor, limit)))
            assert as_json == as_tuples
            for line_rows in (1, 2, 2000):  # as JSON lines, read back as the desk does
                assert _page_from_lines(page_lines(written, line_rows)) == as_tuples
            cursor, more = as_json["cursor"], as_json["more"]
    page = feed.pull(reader, ["PSH"], 0, 1000, json_rows=True)
    assert isinstance(page["tables"]["licence_applications"]["rows"], feed.RowTexts)
    lines = [orjson.loads(line) for line in page_lines(page, 2).splitlines()]
    assert all(rows == [] for rows in (t["rows"] for t in lines[0]["tables"].values()))
    assert [len(line["rows"]) for line in lines[1:]].count(2) >= 4 and len(lines) > 5
    assert all(1 <= len(line["rows"]) <= 2 for line in lines[1:])
    part = orjson.loads(page_json(page))["tables"]["licence_applications"]
    id_at = part["columns"].index("id")
    assert [r[id_at] for r in part["rows"]] == ids[1:] + ids[:1]  # the edited one last


def test_server_command_migrates_and_fills_reference_tables_again_and_again(tmp_path, monkeypatch):
    from domain import reference
    from domain.models import District, Office
    from server.cli import main
    from server.db import make_engine, resolve_url

    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert main(["--db", url, "--migrate-only", "--enrolment-key", "k"]) == 0
    assert main(["--db", url, "--migrate-only", "--enrolment-key", "k"]) == 0  # re-runnable
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(District)) == len(reference.districts())
        assert conn.scalar(select(func.count()).select_from(Office)) == len(reference.offices())
    engine.dispose()
    monkeypatch.setenv("DAFTAR_DATABASE_URL", "postgresql+psycopg://x@127.0.0.1/y")
    assert resolve_url(url) == url
    assert resolve_url() == "postgresql+psycopg://x@127.0.0.1/y"
    monkeypatch.delenv("DAFTAR_DATABASE_URL")
    assert resolve_url().startswith("sqlite:///") and "daftar-server" in resolve_url()


def test_a_page_carries_every_row_even_if_one_version_disagrees_with_its_entry(
    server, make_application
):
    """PostgreSQL reads a page's rows by version range; a row whose version was set by
    hand (not through the numbering) must not drop out of the page."""
    desk = server.enrol()
    for n in (1, 2, 3):
        assert desk.push("submit_licence_application", make_application(n))["status"] == "applied"
    with server.engine.begin() as conn:
        conn.execute(
            update(LicenceApplication)
            .values(version=0)
            .where(LicenceApplication.application_no == make_application(2)["application_no"])
        )
    desk.pull_all()
    numbers = {
        r["application_no"] for (t, _), r in desk.seen.items() if t == "licence_applications"
    }
    assert numbers == {make_application(n)["application_no"] for n in (1, 2, 3)}


def test_a_pull_answer_names_its_cursor_and_more_in_headers_too(server, make_application):
    """The desk asks for the next page on reading these, before unpacking the body."""
    desk = server.enrol()
    for n in range(1, 4):
        desk.push("submit_licence_application", make_application(n))
    cursor = 0
    while True:
        answer = server.client.get(
            "/sync/pull",
            params={"cursor": cursor, "limit": 2},
            headers={**desk.headers, "Accept-Encoding": "zstd"},
        )
        page = orjson.loads(zstd.decompress(answer.content))
        assert answer.headers["daftar-cursor"] == str(page["cursor"])
        assert answer.headers["daftar-more"] == ("1" if page["more"] else "0")
        if not page["more"]:
            break
        cursor = page["cursor"]
    assert cursor > 0
