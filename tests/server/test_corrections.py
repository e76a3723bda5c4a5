"""An issued licence is changed only by a correcting order (issue 14, point 6): the
`correct_licence` command, signed, allowed to licence officers and supervisors, with a
reason, its values before and after in the licence's history and the command in the
audit chain (`domain.commands.corrections`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from domain.ids import new_id
from domain.models import Licence, LicenceApplication, RecordEvent
from server.db import session_factory
from server.models import AuditEntry

AT = "2026-11-20T09:30:00+00:00"


def _issued(server: Any, make_application: Any) -> tuple[Any, Any, Any, str, str]:
    """(desk, clerk, officer, application id, licence id) of an issued licence. The fee
    is taken as paid and the application as approved (set on the server's row): the
    payment is the gateway's, and the steps between are not what is tested here."""
    desk = server.enrol()
    clerk = server.operator("clerk", ["licence_operator"], desks=[desk])
    officer = server.operator("officer", ["licence_officer"], desks=[desk])
    app = make_application(41)
    assert desk.sign_as(clerk).push("submit_licence_application", app)["status"] == "applied"
    with session_factory(server.engine).begin() as s:
        s.execute(
            update(LicenceApplication)
            .where(LicenceApplication.id == app["application_id"])
            .values(status="approved")
        )
    weapon = {
        "application_id": app["application_id"],
        "bore": ".30",
        "weapon_number": "W-1001",
        "weapon_make": "Daudsons",
        "at": AT,
    }
    assert desk.push("enter_weapon_details", weapon)["status"] == "applied"
    licence_id = new_id()
    issued = desk.sign_as(officer).push(
        "issue_licence",
        {
            "application_id": app["application_id"],
            "licence_id": licence_id,
            "licence_no": "PSH-L-0041",
            "at": AT,
        },
    )
    assert issued["status"] == "applied", issued
    return desk, clerk, officer, app["application_id"], licence_id


def _correction(licence_id: str, **over: Any) -> dict[str, Any]:
    args = {
        "licence_id": licence_id,
        "changes": {"holder_name_en": "Applicant Forty-One", "weapon_number": "W-1010"},
        "reason": "Misspelt on the card; DC's order 12/2026",
        "at": AT,
    }
    args.update(over)
    return args


def test_an_issued_licence_is_corrected_by_an_officers_order_and_the_audit_shows_it(
    server, make_application
):
    desk, clerk, officer, application_id, licence_id = _issued(server, make_application)
    edit = desk.sign_as(clerk).push(
        "edit_record",
        {
            "table": "licence_applications",
            "row_id": application_id,
            "changes": {"applicant_name_en": "Someone Else"},
            "at": AT,
        },
    )
    assert edit["status"] == "rejected" and edit["code"] == "final"

    refused = desk.sign_as(clerk).push("correct_licence", _correction(licence_id))
    assert refused["status"] == "rejected" and refused["code"] == "not_permitted"

    answer = desk.sign_as(officer).push("correct_licence", _correction(licence_id))
    assert answer["status"] == "applied", answer

    with session_factory(server.engine)() as s:
        licence = s.get(Licence, licence_id)
        assert (licence.holder_name_en, licence.weapon_number) == ("Applicant Forty-One", "W-1010")
        app = s.get(LicenceApplication, application_id)
        assert app.applicant_name_en == "Applicant Forty-One"
        assert app.name_key == "applicant forty-one"
        assert app.weapon["weapon_number"] == "W-1010"
        assert app.status == "licence_issued"
        event = s.scalars(
            select(RecordEvent).where(
                RecordEvent.record_id == licence_id, RecordEvent.command == "correct_licence"
            )
        ).one()
        assert event.details["corrected"]["holder_name_en"] == {
            "before": "Applicant 41",
            "after": "Applicant Forty-One",
        }
        assert event.details["reason"].startswith("Misspelt") and event.details["by"] == "officer"
        audit = s.scalars(select(AuditEntry).where(AuditEntry.command == "correct_licence")).all()
        assert [(a.operator, a.status) for a in audit] == [
            ("clerk", "rejected"),
            ("officer", "applied"),
        ]


def test_a_correction_needs_a_reason_and_may_change_only_the_particulars(server, make_application):
    desk, _clerk, officer, _app, licence_id = _issued(server, make_application)
    desk.sign_as(officer)
    cases = [
        (_correction(licence_id, reason="  "), "reason"),
        (_correction(licence_id, changes={"cnic": "1730112345671"}), "cannot be corrected"),
        (_correction(licence_id, changes={"valid_until": "2099-01-01"}), "cannot be corrected"),
        (_correction(licence_id, changes={}), "changes nothing"),
        (_correction(licence_id, changes={"weapon_number": "W-1001"}), "changes nothing"),
        (_correction(licence_id, changes={"bore": "7.62mm"}), "Bore"),
        (_correction(licence_id, changes={"holder_name_en": "x" * 500}), "holder"),
        (
            _correction(licence_id, changes={"holder_name_en": "   "}),
            "needs its holder's name in english",
        ),
        (_correction(licence_id, changes={"weapon_make": "a\x00b"}), "weapon"),
    ]
    for args, says in cases:
        answer = desk.push("correct_licence", args)
        assert answer["status"] == "rejected", (args, answer)
        assert says.lower() in answer["message"].lower(), (says, answer["message"])
