"""On the server: a correcting mutation is role-checked and signed like any command,
goes through a second clerk and the officer, and the certificate endpoint then says
the first mutation's certificate no longer stands; a tampered hash does not match."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from domain import mutation_certificate as cert
from domain.ids import new_id
from domain.models import Mutation, MutationParty
from server.db import session_factory

AT = "2026-11-20T09:30:00+00:00"


def _args(no: str) -> dict[str, Any]:
    return {
        "mutation_id": new_id(),
        "tehsil_code": "PSH-01",
        "mutation_no": no,
        "mutation_date": "1998-03-14",
        "mauza": "Pajaggi",
        "mutation_type": "inheritance",
        "khewat_no": "44",
        "khasra_nos": ["101"],
        "area": "2-5-3",
        "at": AT,
        "parties": [
            {"role": "transferor", "name_en": "Father", "share": "1/2", "held": "1/2"},
            {"role": "transferee", "name_en": "Son", "share": "1/2"},
        ],
    }


def _payload(server: Any, mutation_id: str) -> str:
    with session_factory(server.engine)() as s:
        m = s.get(Mutation, mutation_id)
        parties = s.scalars(select(MutationParty).where(MutationParty.mutation_id == mutation_id))
        return cert.payload(cert.canonical(m, list(parties)))


def _check(server: Any, desk: Any, payload: Any) -> Any:
    return server.client.post(
        "/certificates/verify", json={"payload": payload}, headers=desk.headers
    )


def test_a_correction_goes_through_both_hands_and_the_old_certificate_stops_standing(server):
    desk = server.enrol("TO-PSH-01")
    clerk_a = server.operator("clerk-a", ["mutation_clerk"], "TO-PSH-01", desks=[desk])
    clerk_b = server.operator("clerk-b", ["mutation_clerk"], "TO-PSH-01", desks=[desk])
    officer = server.operator("tehsildar", ["revenue_officer"], "TO-PSH-01", desks=[desk])
    first = _args("2201")
    assert desk.sign_as(clerk_a).push("record_mutation", first)["status"] == "applied"
    desk.sign_as(clerk_b).push("verify_mutation", {"mutation_id": first["mutation_id"], "at": AT})
    desk.sign_as(officer).push("attest_mutation", {"mutation_id": first["mutation_id"], "at": AT})
    printed = _payload(server, first["mutation_id"])
    answer = _check(server, desk, printed).json()
    assert answer == {
        "valid": True,
        "code": "matches",
        "message": "The certificate matches attested mutation 2201.",
    }

    fix = {
        **_args("2201-C"),
        "corrects_id": first["mutation_id"],
        "reason": "The son's share was misread.",
    }
    by_officer = desk.sign_as(officer).push("correct_mutation", fix)
    assert by_officer["status"] == "rejected" and by_officer["code"] == "not_permitted"
    assert desk.sign_as(clerk_a).push("correct_mutation", fix)["status"] == "applied"
    assert _check(server, desk, printed).json()["valid"]  # not attested yet: the first stands
    same = desk.sign_as(clerk_a).push(
        "verify_mutation", {"mutation_id": fix["mutation_id"], "at": AT}
    )
    assert same["status"] == "rejected" and same["code"] == "same_clerk"
    desk.sign_as(clerk_b).push("verify_mutation", {"mutation_id": fix["mutation_id"], "at": AT})
    desk.sign_as(officer).push("attest_mutation", {"mutation_id": fix["mutation_id"], "at": AT})
    answer = _check(server, desk, printed).json()
    assert answer["valid"] is False and answer["code"] == "corrected"
    assert "corrected by attested mutation 2201-C" in answer["message"]
    assert _check(server, desk, _payload(server, fix["mutation_id"])).json()["valid"]


def test_a_tampered_or_unreadable_certificate_is_refused(server):
    desk = server.enrol("TO-PSH-01")
    args = _args("2301")
    desk.push("record_mutation", args)
    printed = _payload(server, args["mutation_id"])
    tampered = printed[:-1] + ("0" if printed[-1] != "0" else "1")
    answer = _check(server, desk, tampered).json()
    assert answer["valid"] is False and answer["code"] == "changed"
    assert (
        _check(server, desk, f"{cert.PREFIX}:{new_id()}:{'a' * 64}").json()["code"] == "not_found"
    )
    for junk in ("hello", None, 42, "x" * 10_000, "DAFTAR-MUTATION:\x00:" + "a" * 64):
        r = _check(server, desk, junk)
        assert r.status_code == 422 and r.json()["code"] == "bad_payload"
    assert server.client.post("/certificates/verify", json={"payload": printed}).status_code == 401
