"""Who did it, provably (issue 14, server side): signatures, accounts, roles, scopes,
throttles and the devices' enrolment, through the real app over a real database."""

from __future__ import annotations

from types import SimpleNamespace as Signer
from typing import Any

import pytest
from sqlalchemy import select

from domain.ids import new_id, utcnow
from domain.models import Mutation
from server import accounts
from server.db import session_factory
from server.deps import token_hash
from server.models import Device
from sync.signing import new_key_pair

AT = "2026-11-20T09:30:00+00:00"
SCAN = "iVBORw0KGgo="


def mutation_args(tehsil: str = "PSH-01", no: str = "1201") -> dict[str, Any]:
    return {
        "mutation_id": new_id(),
        "tehsil_code": tehsil,
        "mutation_no": no,
        "mutation_date": "2026-11-01",
        "mauza": "Pajaggi",
        "mutation_type": "sale",
        "khewat_no": "44",
        "khasra_nos": ["101"],
        "area": "2-5-3",
        "consideration_rupees": 1_500_000,
        "at": AT,
        "parties": [
            {"role": "transferor", "name_en": "Seller", "share": "1/2", "held": "1/2"},
            {"role": "transferee", "name_en": "Buyer", "share": "1/2"},
        ],
        "scan": {"content_b64": SCAN, "media_type": "image/png"},
    }


def test_a_help_desk_cannot_approve_a_licence(server, make_application):
    desk = server.enrol()
    app = make_application(1)
    assert desk.push("submit_licence_application", app)["status"] == "applied"
    desk.sign_as(server.operator("helper", ["help_desk"], desks=[desk]))
    answer = desk.push("approve_application", {"application_id": app["application_id"], "at": AT})
    assert answer["status"] == "rejected" and answer["code"] == "not_permitted"
    assert "approve_application may be run only by licence_officer, supervisor" in answer["message"]
    assert "account helper is help_desk" in answer["message"]


def test_verifying_and_attesting_count_the_signer_never_a_typed_name(server):
    """Today's exploit: one device verified and attested under two other people's
    names. Now the names on the mutation are the signers', and roles are checked."""
    desk = server.enrol("TO-PSH-01")
    clerk_a = server.operator("clerk-a", ["mutation_clerk"], "TO-PSH-01", desks=[desk])
    clerk_b = server.operator("clerk-b", ["mutation_clerk"], "TO-PSH-01", desks=[desk])
    officer = server.operator("tehsildar", ["revenue_officer"], "TO-PSH-01", desks=[desk])
    args = mutation_args()
    assert (
        desk.sign_as(clerk_a).push("record_mutation", {**args, "actor": "someone"})["status"]
        == "applied"
    )
    mine = desk.push(
        "verify_mutation", {"mutation_id": args["mutation_id"], "at": AT, "actor": "clerk-b"}
    )
    assert mine["status"] == "rejected" and mine["code"] == "same_clerk"
    typed = desk.sign_as(clerk_b).push(
        "attest_mutation", {"mutation_id": args["mutation_id"], "at": AT, "actor": "tehsildar"}
    )
    assert typed["status"] == "rejected" and typed["code"] == "not_permitted"
    assert (
        desk.push("verify_mutation", {"mutation_id": args["mutation_id"], "at": AT})["status"]
        == "applied"
    )
    assert (
        desk.sign_as(officer).push(
            "attest_mutation", {"mutation_id": args["mutation_id"], "at": AT, "actor": "clerk-a"}
        )["status"]
        == "applied"
    )
    with server.engine.connect() as conn:
        row = conn.execute(
            select(Mutation.recorded_by, Mutation.verified_by, Mutation.officer).where(
                Mutation.id == args["mutation_id"]
            )
        ).one()
    assert tuple(row) == ("clerk-a", "clerk-b", "tehsildar")


def test_a_command_signed_by_a_but_claiming_b_is_refused(server, make_application):
    desk = server.enrol()
    a = server.operator("amina", ["licence_operator"], desks=[desk])
    b = server.operator("bilal", ["licence_operator"], desks=[desk])
    env = desk.sign_as(a).envelope("submit_licence_application", make_application(1))
    env["operator_id"] = b.operator_id
    answer = desk.push_envelopes([env]).json()["results"][0]
    assert answer["status"] == "rejected" and answer["code"] == "bad_signature"
    assert "bilal" in answer["message"]


def test_an_altered_or_replayed_request_is_refused(server, make_application):
    desk = server.enrol()
    env = desk.envelope("submit_licence_application", make_application(1))
    altered = {**env, "args": {**env["args"], "bore": ".222"}}
    answer = desk.push_envelopes([altered]).json()["results"][0]
    assert answer["code"] == "bad_signature" and "changed after signing" in answer["message"]
    # the signed command again, under the next number: another message, not signed
    replay = {**env, "device_seq": 2}
    answer = desk.push_envelopes([replay]).json()["results"][0]
    assert answer["code"] == "bad_signature"
    # the same command from another desk: signed for this one, refused there
    other = server.enrol(name="counter 2")
    other.seq = 1
    moved = {**env, "operator_id": desk.signer.operator_id}
    answer = other.push_envelopes([moved]).json()["results"][0]
    assert answer["code"] == "bad_signature"


def test_an_unsigned_command_is_refused(server, make_application):
    desk = server.enrol(signed=False)
    answer = desk.push("submit_licence_application", make_application(1))
    assert answer["status"] == "rejected" and answer["code"] == "bad_signature"
    assert answer["template"].startswith("This command is not signed")


def test_a_disabled_operators_queued_commands_come_back_rejected_not_lost(server, make_application):
    desk = server.enrol()
    queued = [desk.envelope("submit_licence_application", make_application(n)) for n in (1, 2, 3)]
    server.set_active(desk.signer, False)
    first = desk.push_envelopes(queued).json()
    assert first["last_seq"] == 3
    assert [a["code"] for a in first["results"]] == ["operator_disabled"] * 3
    assert desk.push_envelopes(queued).json() == first  # answered again, the same


def test_a_clerk_of_one_tehsil_can_neither_push_nor_pull_another_tehsils_rows(server):
    city = server.enrol("TO-PSH-01", "city")
    city.sign_as(
        server.operator(
            "city-clerk", ["mutation_clerk"], "TO-PSH-01", tehsils=["PSH-01"], desks=[city]
        )
    )
    shah = server.enrol("TO-PSH-02", "shah alam")
    shah.sign_as(
        server.operator(
            "shah-clerk", ["mutation_clerk"], "TO-PSH-02", tehsils=["PSH-02"], desks=[shah]
        )
    )
    ours = mutation_args("PSH-01", "1")
    assert city.push("record_mutation", ours)["status"] == "applied"
    refused = city.push("record_mutation", mutation_args("PSH-02", "2"))
    assert refused["status"] == "rejected" and refused["code"] == "out_of_scope"
    assert "tehsils PSH-01" in refused["message"]
    theirs = mutation_args("PSH-02", "3")
    assert shah.push("record_mutation", theirs)["status"] == "applied"
    touch = city.push(
        "return_mutation", {"mutation_id": theirs["mutation_id"], "at": AT, "reason": "x"}
    )
    assert touch["status"] == "rejected" and touch["code"] in ("out_of_scope", "not_permitted")
    page = city.pull_all()
    mutations = {i for t, i in city.seen if t == "mutations"}
    assert mutations == {ours["mutation_id"]}
    parties = [r for (t, _), r in city.seen.items() if t == "mutation_parties"]
    assert parties and all(r["mutation_id"] == ours["mutation_id"] for r in parties)
    assert page["checksum"]["mutations"][0] == 1
    assert page["checksum"]["mutation_parties"][0] == len(parties)
    # Nor the history lines of the other tehsil's mutation (they name it, its number).
    events = {r["record_id"] for (t, _), r in city.seen.items() if t == "record_events"}
    assert events == {ours["mutation_id"]}
    assert page["checksum"]["record_events"][0] == 1


def test_a_nul_in_a_row_id_is_refused_as_a_mistake_for_a_clerk_of_one_tehsil(server):
    """The places check looks up the rows a command names before the command runs;
    PostgreSQL cannot even compare a NUL, so that id is left to the command to refuse."""
    city = server.enrol("TO-PSH-01", "city")
    city.sign_as(
        server.operator(
            "city-clerk", ["mutation_clerk"], "TO-PSH-01", tehsils=["PSH-01"], desks=[city]
        )
    )
    answer = city.push("verify_mutation", {"mutation_id": "Gul\x00 Khan", "at": AT})
    assert answer["status"] == "rejected" and answer["code"] != "cannot_apply", answer
    assert "Mutation id contains a control character" in answer["message"], answer


def test_a_prison_help_desk_pulls_no_licence_applicants(server, make_application):
    dc = server.enrol("DC-UCH", "dc")
    assert (
        dc.push("submit_licence_application", make_application(1, prefix="UCH"))["status"]
        == "applied"
    )
    helpdesk = server.enrol("HD-UCH-01", "help desk", signed=False)
    helpdesk.sign_as(server.operator("hd", ["help_desk"], "HD-UCH-01", desks=[helpdesk]))
    page = helpdesk.pull_all()
    pulled = {t for t, _ in helpdesk.seen}
    assert "licence_applications" not in pulled and "persons" not in pulled
    assert "licence_applications" not in page["checksum"] and "persons" not in page["checksum"]
    assert "visit_slots" in page["checksum"]
    events = [r for (t, _), r in helpdesk.seen.items() if t == "record_events"]
    assert events == []  # not even the history line of the application
    assert page["checksum"]["record_events"] == [0, 0]
    dc.pull_all()
    assert any(t == "licence_applications" for t, _ in dc.seen)


def test_an_operator_acts_only_within_their_districts(server, make_application):
    desk = server.enrol("DC-PSH")
    desk.sign_as(server.operator("mardani", ["supervisor"], "DC-MRD", desks=[desk]))
    answer = desk.push("submit_licence_application", make_application(1))
    assert answer["status"] == "rejected" and answer["code"] == "out_of_scope"


# ------------------------------------------------------------------ login


def test_login_answers_the_account_registers_the_key_and_throttles(
    sqlite_engine, make_server, make_application
):
    server = make_server(sqlite_engine)
    with session_factory(sqlite_engine).begin() as s:
        accounts.add(s, "amina", "secret123", "Amina Khan", ["licence_officer"], "DC-PSH")
        accounts.add(s, "gul", "secret123", "Gul", ["licence_officer"], "DC-MRD")
    desk = server.enrol(signed=False)
    key, public = new_key_pair()

    def login(username: str, password: str, **extra: Any):
        return server.client.post(
            "/auth/login",
            headers=desk.headers,
            json={"username": username, "password": password, **extra},
        )

    ok = login("amina", "secret123", public_key=public)
    assert ok.status_code == 200, ok.text
    operator = ok.json()["operator"]
    assert operator["username"] == "amina" and operator["roles"] == ["licence_officer"]
    assert "password" not in ok.text and "argon2" not in ok.text
    app = make_application(1)
    desk.sign_as(Signer(operator_id=operator["id"], username="amina", key=key))
    assert (
        desk.push("approve_application", {"application_id": app["application_id"], "at": AT})[
            "code"
        ]
        == "not_found"
    )  # signed, permitted
    assert login("gul", "secret123").json()["code"] == "out_of_scope"
    assert login("amina", "x' OR '1'='1").status_code == 401
    assert login("' OR 1=1 --", "secret123").json()["code"] == "bad_credentials"
    assert login("amina" * 100, "p" * 10_000).status_code == 422
    for _ in range(3):  # five wrong passwords from this desk in all
        assert login("amina", "wrong").status_code == 401
    throttled = login("amina", "secret123")
    assert throttled.status_code == 429 and int(throttled.headers["retry-after"]) > 0
    with session_factory(sqlite_engine).begin() as s:
        accounts.set_active(s, "gul", False)
    other = server.enrol("DC-MRD", signed=False)
    disabled = server.client.post(
        "/auth/login", headers=other.headers, json={"username": "gul", "password": "secret123"}
    )
    assert disabled.status_code == 403 and disabled.json()["code"] == "operator_disabled"
    page = desk.pull_all()
    assert "operator_secrets" not in page["tables"]
    assert desk.seen[("operators", operator["id"])]["public_keys"].count(public) == 1


# ------------------------------------------------------------------ devices


def _code(engine, office: str, hours: float = 24) -> str:
    from server import devices

    with session_factory(engine).begin() as s:
        return devices.issue_code(s, office, hours)


def test_an_enrolment_code_enrols_one_laptop_at_its_office_and_only_once(
    sqlite_engine, make_server
):
    server = make_server(sqlite_engine)
    code = _code(sqlite_engine, "TO-PSH-01")
    enrol = lambda body: server.client.post("/devices/enrol", json=body)  # noqa: E731
    first = enrol(
        {
            "enrolment_code": code.lower(),
            "device_name": "counter",
            "district_codes": ["PSH", "ABT", "MRD", "SWT"],
        }
    )
    assert first.status_code == 200, first.text
    assert first.json()["office_code"] == "TO-PSH-01" and first.json()["district_codes"] == ["PSH"]
    again = enrol({"enrolment_code": code, "device_name": "second"})
    assert again.status_code == 403 and "used already" in again.json()["message"]
    wrong_office = enrol(
        {
            "enrolment_code": _code(sqlite_engine, "DC-PSH"),
            "device_name": "x",
            "office_code": "DC-ABT",
        }
    )
    assert wrong_office.status_code == 403 and "for office DC-PSH" in wrong_office.json()["message"]
    expired = enrol(
        {"enrolment_code": _code(sqlite_engine, "DC-PSH", hours=-1), "device_name": "x"}
    )
    assert expired.status_code == 403 and "expired" in expired.json()["message"]


def test_enrolment_attempts_are_throttled(sqlite_engine, make_server):
    server = make_server(sqlite_engine)
    answers = [
        server.client.post(
            "/devices/enrol",
            json={
                "enrolment_code": f"GUES-SXXX-{n:04d}",
                "device_name": "x",
                "office_code": "DC-PSH",
            },
        )
        for n in range(7)
    ]
    codes = [a.status_code for a in answers]
    assert codes[:5] == [403] * 5 and codes[5:] == [429, 429]
    assert int(answers[-1].headers["retry-after"]) > 0
    good = server.client.post(
        "/devices/enrol",
        json={"enrolment_code": _code(sqlite_engine, "DC-PSH"), "device_name": "x"},
    )
    assert good.status_code == 429  # right code or not, until the window passes


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _whoami(server, token: str) -> tuple[int, str | None]:
    answer = server.client.get("/sync/whoami", headers=_bearer(token))
    return answer.status_code, answer.json().get("code")


def test_a_rotated_token_replaces_the_old_one_once_it_is_used(server):
    desk = server.enrol()
    old = desk.token
    rotated = server.client.post("/devices/rotate", headers=desk.headers)
    assert rotated.status_code == 200
    assert _whoami(server, old)[0] == 200  # the desk may not have the answer yet
    new = rotated.json()["token"]
    assert _whoami(server, new)[0] == 200  # first use: the old one goes
    assert _whoami(server, old) == (401, "unknown_token")
    assert _whoami(server, new)[0] == 200


def test_a_lost_rotation_answer_leaves_the_old_token_working_and_it_rotates_again(
    server, make_application
):
    """The server saved the new token but the desk never got it: the desk's next round
    comes with the old token, works, and rotates again; the undelivered token is
    dropped and the first deadline stays."""
    desk = server.enrol()
    old = desk.token
    lost = server.client.post("/devices/rotate", headers=_bearer(old)).json()["token"]
    with session_factory(server.engine).begin() as s:
        deadline = s.get(Device, desk.device_id).previous_token_until
    assert _whoami(server, old)[0] == 200
    again = server.client.post("/devices/rotate", headers=_bearer(old))
    assert again.status_code == 200
    new = again.json()["token"]
    assert _whoami(server, lost) == (401, "unknown_token")
    with session_factory(server.engine).begin() as s:
        assert s.get(Device, desk.device_id).previous_token_until == deadline
    desk.token = new
    assert desk.push("submit_licence_application", make_application(1))["status"] == "applied"
    assert _whoami(server, old) == (401, "unknown_token")
    # and the next rotation, with the token now in use, works as ever
    newest = server.client.post("/devices/rotate", headers=_bearer(new)).json()["token"]
    assert _whoami(server, newest)[0] == 200 and _whoami(server, new)[0] == 401


def test_an_old_token_is_refused_after_its_grace_period(server):
    from datetime import timedelta

    desk = server.enrol()
    assert server.client.post("/devices/rotate", headers=desk.headers).status_code == 200
    with session_factory(server.engine).begin() as s:
        s.get(Device, desk.device_id).previous_token_until = utcnow() - timedelta(seconds=1)
    assert _whoami(server, desk.token) == (401, "token_replaced")
    assert server.client.post("/devices/rotate", headers=desk.headers).status_code == 401


def test_revoking_a_device_refuses_its_old_and_new_token_at_once(server):
    from server.devices import revoke

    desk = server.enrol()
    new = server.client.post("/devices/rotate", headers=desk.headers).json()["token"]
    with session_factory(server.engine).begin() as s:
        revoke(s, desk.device_id)
    assert _whoami(server, desk.token) == (401, "revoked")
    assert _whoami(server, new) == (401, "revoked")
    assert server.client.post("/devices/rotate", headers=desk.headers).status_code == 401


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer",
        "Bearer ",
        "bearer x",
        "Basic dXNlcjpwYXNz",
        "Bearer ' OR 1=1 --",
        "Bearer " + "A" * 20_000,
        b"Bearer \xe9\xff\xfe\x00\x01",  # latin-1 bytes and control characters
        "Bearer 0000000000000000000000000000000000000000000000000000000000000000",
    ],
)
def test_a_hostile_token_gets_401_never_a_server_error(server, authorization: str | bytes):
    desk = server.enrol()
    server.client.post("/devices/rotate", headers=desk.headers)  # a previous token exists
    for path in ("/sync/whoami", "/devices/rotate"):
        call = server.client.get if path == "/sync/whoami" else server.client.post
        answer = call(path, headers={"Authorization": authorization})
        assert answer.status_code == 401, (path, answer.text)
    # the stored hash itself is no token either
    with session_factory(server.engine).begin() as s:
        stored = s.get(Device, desk.device_id).previous_token_hash
    assert stored and _whoami(server, stored)[0] == 401


def test_an_unused_token_expires(server):
    from datetime import timedelta

    from domain.ids import utcnow

    desk = server.enrol()
    with session_factory(server.engine).begin() as s:
        s.get(Device, desk.device_id).last_used_at = utcnow() - timedelta(days=91)
    refused = server.client.get("/sync/whoami", headers=desk.headers)
    assert refused.status_code == 401 and refused.json()["code"] == "token_expired"


def test_oversized_and_malformed_pushes_are_refused_without_a_server_error(
    server, make_application
):
    desk = server.enrol()
    huge = server.client.post(
        "/sync/push",
        headers=desk.headers,
        content=b'{"commands": [' + b'"x",' * 9_000_000 + b'"x"]}',
    )  # > 32 MiB
    assert huge.status_code == 413
    bad_sig = desk.envelope("submit_licence_application", make_application(1))
    bad_sig["signature"] = "'; DROP TABLE operators; --" * 10
    assert desk.push_envelopes([bad_sig]).status_code == 422
    bad_sig["signature"] = "'; DROP TABLE operators; --"
    answer = desk.push_envelopes([bad_sig]).json()["results"][0]
    assert answer["code"] == "bad_signature"
    sqlish = make_application(2)
    sqlish["applicant"]["name_en"] = "Robert'); DROP TABLE persons;--"
    assert desk.push("submit_licence_application", sqlish)["status"] == "applied"
    long_name = make_application(3)
    long_name["applicant"]["name_en"] = "x" * 100_000
    assert desk.push("submit_licence_application", long_name)["status"] == "rejected"


def test_an_attested_mutation_is_not_edited_in_place(server):
    desk = server.enrol("TO-PSH-01")
    clerk_b = server.operator("clerk-b", ["mutation_clerk"], "TO-PSH-01", desks=[desk])
    officer = server.operator("tehsildar", ["revenue_officer"], "TO-PSH-01", desks=[desk])
    args = mutation_args()
    assert desk.push("record_mutation", args)["status"] == "applied"
    desk.sign_as(clerk_b).push("verify_mutation", {"mutation_id": args["mutation_id"], "at": AT})
    desk.sign_as(officer).push("attest_mutation", {"mutation_id": args["mutation_id"], "at": AT})
    edit = desk.sign_as(clerk_b).push(
        "edit_record",
        {
            "table": "mutations",
            "row_id": args["mutation_id"],
            "at": AT,
            "changes": {"mauza": "Elsewhere"},
        },
    )
    assert edit["status"] == "rejected" and edit["code"] == "final"
    assert "correcting order" in edit["message"]


def test_a_server_of_0011_keeps_its_devices_through_the_previous_token_migration(tmp_path):
    """0011 -> 0012 adds the previous token's columns, empty; an enrolled device's token
    works as before; the downgrade takes them away again."""
    from alembic import command
    from fastapi.testclient import TestClient
    from sqlalchemy import inspect, text

    from server.app import create_app
    from server.db import make_engine
    from server.migrate import alembic_config, current_revision, head_revision, upgrade
    from server.models import Device
    from server.settings import Settings

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    try:
        upgrade(engine, "0011")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO devices (device_id, device_no, token_hash, name, office_code, "
                    "district_codes, last_seq, enrolled_at, revoked) VALUES ('d1', 1, :h, "
                    "'old desk', 'DC-PSH', '[\"PSH\"]', 0, :now, 0)"
                ),
                {"h": token_hash("old-token"), "now": utcnow()},
            )
        upgrade(engine)
        assert current_revision(engine) == head_revision() == "0015"
        with session_factory(engine).begin() as s:
            device = s.get(Device, "d1")
            assert (device.previous_token_hash, device.previous_token_until) == (None, None)
        with TestClient(create_app(Settings(), engine=engine)) as client:
            assert client.get("/sync/whoami", headers=_bearer("old-token")).status_code == 200
            new = client.post("/devices/rotate", headers=_bearer("old-token")).json()["token"]
            assert client.get("/sync/whoami", headers=_bearer(new)).status_code == 200
        cfg = alembic_config()
        with engine.connect() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0011")
            conn.commit()
        columns = {c["name"] for c in inspect(engine).get_columns("devices")}
        assert "previous_token_hash" not in columns and "token_hash" in columns
    finally:
        engine.dispose()
