"""Arms licence commands: application, renewal, verification, decision, weapon, licence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain import reference
from domain.commands.args import Args
from domain.commands.catalogue import command
from domain.commands.context import CommandContext, CommandResult, person_id_for, stamp
from domain.commands.corrections import (
    checked_changes,
    correct_fields,
    correction_reason,
    mirrored,
)
from domain.commands.events import log_event
from domain.commands.lookups import find, get_row, value_free
from domain.commands.records import merge_fields, plain
from domain.errors import DomainError, Duplicate, ValidationError, msg
from domain.fees import FeeSchedule
from domain.ids import to_karachi
from domain.models import Licence, LicenceApplication, Person
from domain.models.base import new_row
from domain.states import ARMS_APPLICATION, LICENCE, ensure_transition
from domain.values import Cnic, check_relation, default_relation

MINIMUM_AGE = 21
REQUIRED_DOCUMENTS = {
    "new": ("cnic_copy", "affidavit", "police_clearance"),
    "renewal": ("cnic_copy", "old_licence"),
    "duplicate": ("cnic_copy", "fir_or_affidavit"),
}
VALIDITY_YEARS = {"district": 3, "provincial": 3, "all_pakistan": 3}
#: Documents listed with one application, and the length of a document's code.
DOCUMENTS_MAX = 20
DOCUMENT_CODE_MAX = 40


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


#: The applicant's details an application form carries (the CNIC names the person;
#: gender follows from it).
APPLICANT_FIELDS = (
    "name_en",
    "name_ur",
    "father_name_en",
    "father_name_ur",
    "relation",
    "date_of_birth",
    "address",
    "mobile",
)


def _typed_applicant(pa: Args, gender: str) -> dict[str, Any]:
    """The applicant fields as typed, checked, in the form they travel (dates as text).
    The relation is checked against the CNIC's gender; left out, it is "" (a new
    person then takes S/O or D/O, a known one keeps theirs)."""
    born = pa.date("date_of_birth")
    relation = pa.str("relation", required=False, column=Person.relation)
    return {
        "name_en": pa.str("name_en", max_len=120),
        "name_ur": pa.str("name_ur", required=False, max_len=120),
        "father_name_en": pa.str("father_name_en", required=False, max_len=120),
        "father_name_ur": pa.str("father_name_ur", required=False, max_len=120),
        "relation": check_relation(relation, gender) if relation else "",
        "date_of_birth": plain(born),
        "address": pa.str("address", required=False),
        "mobile": pa.str("mobile", required=False, max_len=15),
    }


def applicant_seen(session: Session, args: dict[str, Any]) -> dict[str, Any] | None:
    """What this desk holds of the applicant an application names, if it holds them:
    {"version", "values"}. The desk adds it to the command's arguments when it runs the
    command (`LocalStore.execute`), so the server can tell a field the operator changed
    from one that was only out of date on this desk (see `_upsert_person`)."""
    applicant = args.get("applicant")
    if not isinstance(applicant, dict) or not isinstance(applicant.get("cnic"), str):
        return None
    try:
        cnic = Cnic.parse(applicant["cnic"]).digits
    except DomainError:
        return None  # the command itself says what is wrong
    person = session.get(Person, person_id_for(cnic))
    if person is None:
        return None
    return {
        "version": person.version,
        "values": {f: plain(getattr(person, f)) for f in APPLICANT_FIELDS},
    }


def check_applicant_born(born: date, today: date) -> None:
    """The applicant's date of birth as the rules want it: not in the future, and
    old enough for an arms licence. The desk's form calls this too, so the operator
    sees the command's own message beside the field before submitting."""
    if born > today:
        raise ValidationError(msg("The date of birth is in the future."), field="date_of_birth")
    if age_on(born, today) < MINIMUM_AGE:
        raise ValidationError(
            msg(
                "The applicant is {age}; an arms licence needs an applicant of {minimum} or older.",
                age=age_on(born, today),
                minimum=MINIMUM_AGE,
            ),
            field="date_of_birth",
        )


def _upsert_person(
    ctx: CommandContext, a: Args, at: datetime
) -> tuple[Person, list[dict[str, Any]]]:
    """The applicant, created or brought up to date; returns (person, field conflicts).

    A CNIC already on record never blanks or silently overwrites a stored detail: a
    field left empty keeps the stored value, and a field typed differently from what
    the desk held (`applicant_seen`) is an edit of that field made on the version the
    desk saw, merged field by field as `edit_record` does: where another office
    changed the same field meanwhile, its value stands and this one is kept beside it
    as a conflict. A desk that did not hold the applicant saw nothing, so every detail
    it typed that differs from the record is such a conflict. The person keeps the
    district that first served them: serving them elsewhere adds that district to the
    person's scope on the server (`server.scope`), it does not move them.
    """
    pa = Args(a.name, a.dict("applicant"))
    cnic = Cnic.parse(pa.str("cnic")).digits
    gender = Cnic(cnic).gender
    typed = _typed_applicant(pa, gender)
    born = date.fromisoformat(typed["date_of_birth"])
    check_applicant_born(born, at.date())
    person = find(ctx, Person, person_id_for(cnic))
    if person is None:
        person = new_row(
            Person,
            id=person_id_for(cnic),
            cnic=cnic,
            gender=gender,
            district_code=_district_code(ctx, a),
            office_code=ctx.office_code,
            **{
                **typed,
                "date_of_birth": born,
                "relation": typed["relation"] or default_relation(gender),
            },
        )
        stamp(person, ctx, at, new=True)
        ctx.add(person)
        return person, []
    seen = Args(a.name, a.dict("applicant_seen", required=False))
    seen_values = seen.dict("values", required=False)
    if seen.raw:
        base_version = seen.int("version", minimum=0)
    else:  # this desk held nothing of the applicant: it saw every field empty
        base_version = 0
        seen_values = {f: None if f == "date_of_birth" else "" for f in APPLICANT_FIELDS}
    changes = {
        f: v
        for f, v in typed.items()
        if v not in ("", None) and v != seen_values.get(f) and v != plain(getattr(person, f))
    }
    if not changes:
        return person, []
    applied, conflicts = merge_fields(
        ctx, "persons", person, changes, base_version=base_version, base_values=seen_values, at=at
    )
    log_event(
        ctx,
        record_id=person.id,
        record_type="persons",
        command=a.name,
        at=at,
        n=1,
        summary=("Details updated from an application: " + ", ".join(applied))
        if applied
        else "Details typed on an application differ from the record",
        district_code=person.district_code,
        details={"changes": applied, "conflicts": [c["field"] for c in conflicts]},
    )
    return person, conflicts


def _district_code(ctx: CommandContext, a: Args) -> str:
    """The district an application names (a known one), else the desk's own."""
    code = a.str("district_code", required=False, column=LicenceApplication.district_code)
    if not code:
        return ctx.district_code
    return reference.district(code).code


def _documents(a: Args) -> list[str]:
    return a.texts("documents", max_items=DOCUMENTS_MAX, limit=DOCUMENT_CODE_MAX)


def _check_weapon(weapon_code: str, bore: str) -> None:
    weapon = reference.weapon_type(weapon_code)
    if not weapon.is_licensable:
        raise ValidationError(
            msg(
                "{weapon} is a prohibited bore weapon; individuals may hold "
                "non-prohibited bore weapons only.",
                weapon=weapon.name_en,
            ),
            field="weapon_type",
        )
    if not weapon.allows_bore(bore):
        raise ValidationError(
            msg(
                "Bore {bore} is not allowed for a {weapon}; choose one of {bores}.",
                bore=repr(bore),
                weapon=weapon.name_en,
                bores=", ".join(weapon.bores),
            ),
            field="bore",
        )


def _check_documents(kind: str, documents: Sequence[object]) -> None:
    missing = [d for d in REQUIRED_DOCUMENTS[kind] if d not in documents]
    if missing:
        raise ValidationError(
            msg(
                "Missing documents: {documents}.",
                documents=", ".join(m.replace("_", " ") for m in missing),
            ),
            field="documents",
        )


def _check_number_free(ctx: CommandContext, application_no: str) -> None:
    if value_free(ctx, LicenceApplication.application_no, application_no):
        return
    taken = ctx.session.scalar(
        select(LicenceApplication.id).where(LicenceApplication.application_no == application_no)
    )
    if taken is not None:
        raise Duplicate(
            msg("Application number {number} is already in use.", number=application_no)
        )


def _new_application(
    ctx: CommandContext,
    a: Args,
    kind: str,
    person: Person,
    at: datetime,
    weapon_type: str,
    bore: str,
    validity: str,
    previous_licence_id: str | None,
) -> LicenceApplication:
    application_id = a.id("application_id", LicenceApplication)
    if find(ctx, LicenceApplication, application_id) is not None:
        raise Duplicate(msg("Application {id} was already submitted.", id=application_id))
    application_no = a.str("application_no", column=LicenceApplication.application_no)
    _check_number_free(ctx, application_no)
    quote = FeeSchedule.for_date(to_karachi(at).date()).licence_fee(kind, validity)
    app = new_row(
        LicenceApplication,
        id=application_id,
        application_no=application_no,
        kind=kind,
        status="submitted",
        person_id=person.id,
        cnic=person.cnic,
        applicant_name_en=person.name_en,
        applicant_name_ur=person.name_ur,
        name_key=person.name_en.lower(),
        weapon_type=weapon_type,
        bore=bore,
        validity=validity,
        fee_paisa=quote.total.paisa,
        fee_schedule_version=quote.schedule_version,
        documents=_documents(a),
        previous_licence_id=previous_licence_id,
        submitted_at=at,
        verification={},
        decision={},
        weapon={},
        remarks=a.str("remarks", required=False, column=LicenceApplication.remarks, multiline=True),
        district_code=_district_code(ctx, a),
        office_code=ctx.office_code,
        sync_state="synced",
    )
    stamp(app, ctx, at, new=True)
    ctx.add(app)
    log_event(
        ctx,
        record_id=app.id,
        record_type="licence_application",
        command=a.name,
        at=at,
        summary=f"{kind.capitalize()} application {application_no} submitted",
        district_code=app.district_code,
    )
    return app


@command(
    "submit_licence_application", roles=("licence_operator", "supervisor"), creates="application_id"
)
def submit_licence_application(ctx: CommandContext, a: Args) -> CommandResult:
    """A new (or duplicate) arms licence application, with its applicant."""
    at = a.time()
    kind = a.choice("kind", ("new", "duplicate"), required=False, default="new") or "new"
    weapon_type = a.str("weapon_type", column=LicenceApplication.weapon_type)
    bore = a.str("bore", column=LicenceApplication.bore)
    validity = a.choice("validity", ("district", "provincial", "all_pakistan"))
    _check_weapon(weapon_type, bore)
    _check_documents(kind, _documents(a))
    person, conflicts = _upsert_person(ctx, a, at)
    app = _new_application(
        ctx,
        a,
        kind,
        person,
        at,
        weapon_type,
        bore,
        validity,
        a.id("previous_licence_id", Licence, required=False) or None,
    )
    changed = [("persons", person.id), ("licence_applications", app.id)]
    changed += [("field_conflicts", c["conflict_id"]) for c in conflicts]
    summary = f"Application {app.application_no} submitted"
    if conflicts:
        summary += (
            "; the applicant's "
            + ", ".join(c["field"] for c in conflicts)
            + " on record differ and wait in Conflicts"
        )
    return CommandResult(a.name, changed, summary, {"conflicts": conflicts})


@command("renew_licence", roles=("licence_operator", "supervisor"), creates="application_id")
def renew_licence(ctx: CommandContext, a: Args) -> CommandResult:
    """A renewal application for an issued licence; weapon and holder come from it."""
    at = a.time()
    licence = get_row(ctx, Licence, a.id("licence_id", Licence), "licence")
    if licence.status == "cancelled":
        raise ValidationError(
            msg("Licence {number} is cancelled and cannot be renewed.", number=licence.licence_no)
        )
    _check_documents("renewal", _documents(a))
    person = get_row(ctx, Person, licence.person_id, "licence holder")
    app = _new_application(
        ctx,
        a,
        "renewal",
        person,
        at,
        licence.weapon_type,
        licence.bore,
        licence.validity,
        licence.id,
    )
    app.weapon = {"weapon_number": licence.weapon_number, "weapon_make": licence.weapon_make}
    return CommandResult(
        a.name,
        [("licence_applications", app.id)],
        f"Renewal {app.application_no} of licence {licence.licence_no} submitted",
    )


def _move(
    ctx: CommandContext,
    a: Args,
    app: LicenceApplication,
    target: str,
    at: datetime,
    summary: str,
    details: dict[str, object] | None = None,
) -> CommandResult:
    ensure_transition(ARMS_APPLICATION, app.status, target)
    app.status = target
    stamp(app, ctx, at, new=False)
    log_event(
        ctx,
        record_id=app.id,
        record_type="licence_application",
        command=a.name,
        at=at,
        summary=summary,
        district_code=app.district_code,
        details=details,
    )
    return CommandResult(a.name, [("licence_applications", app.id)], summary)


@command("record_verification", roles=("licence_operator", "licence_officer", "supervisor"))
def record_verification(ctx: CommandContext, a: Args) -> CommandResult:
    """Police (or the employing department's) verification of a paid application."""
    at = a.time()
    app = get_row(
        ctx, LicenceApplication, a.id("application_id", LicenceApplication), "application"
    )
    result = a.choice("result", ("cleared", "adverse"))
    agency = (
        a.choice("agency", ("police", "department"), required=False, default="police") or "police"
    )
    remarks = a.str("remarks", required=(result == "adverse"), max_len=500, multiline=True)
    app.verification = {
        "agency": agency,
        "result": result,
        "remarks": remarks,
        "by": ctx.actor,
        "at": at.isoformat(),
    }
    target = "verified" if result == "cleared" else "verification_failed"
    return _move(
        ctx, a, app, target, at, f"{agency.capitalize()} verification: {result}", app.verification
    )


@command("approve_application", roles=("licence_officer", "supervisor"))
def approve_application(ctx: CommandContext, a: Args) -> CommandResult:
    at = a.time()
    app = get_row(
        ctx, LicenceApplication, a.id("application_id", LicenceApplication), "application"
    )
    app.decision = {
        "decision": "approved",
        "by": ctx.actor,
        "at": at.isoformat(),
        "remarks": a.str("remarks", required=False, max_len=500, multiline=True),
    }
    return _move(ctx, a, app, "approved", at, "Approved by the Deputy Commissioner")


@command("reject_application", roles=("licence_officer", "supervisor"))
def reject_application(ctx: CommandContext, a: Args) -> CommandResult:
    at = a.time()
    app = get_row(
        ctx, LicenceApplication, a.id("application_id", LicenceApplication), "application"
    )
    reason = a.str("reason", max_len=500, multiline=True)
    app.decision = {"decision": "rejected", "by": ctx.actor, "at": at.isoformat(), "reason": reason}
    return _move(ctx, a, app, "rejected", at, f"Rejected: {reason}")


@command("enter_weapon_details", roles=("licence_operator", "supervisor"))
def enter_weapon_details(ctx: CommandContext, a: Args) -> CommandResult:
    """The weapon bought after approval: number, make and bore go on the licence."""
    at = a.time()
    app = get_row(
        ctx, LicenceApplication, a.id("application_id", LicenceApplication), "application"
    )
    bore = a.str("bore", required=False, column=Licence.bore) or app.bore
    _check_weapon(app.weapon_type, bore)
    app.bore = bore
    app.weapon = {
        "weapon_number": a.str("weapon_number", column=Licence.weapon_number),
        "weapon_make": a.str("weapon_make", column=Licence.weapon_make),
    }
    return _move(
        ctx,
        a,
        app,
        "weapon_entered",
        at,
        f"Weapon {app.weapon['weapon_make']} no. {app.weapon['weapon_number']} entered",
    )


def _years_later(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return date(start.year + years, 2, 28)


@command("issue_licence", roles=("licence_officer", "supervisor"), creates="licence_id")
def issue_licence(ctx: CommandContext, a: Args) -> CommandResult:
    """Issue the licence for an application whose weapon is on record.

    A renewal extends the licence it renews (same number); a duplicate reissues the
    card of the same licence; a new application creates a licence with a new number.
    """
    at = a.time()
    app = get_row(
        ctx, LicenceApplication, a.id("application_id", LicenceApplication), "application"
    )
    if app.kind != "new" and app.status == "approved":
        # A renewal or duplicate keeps the weapon already on record.
        ensure_transition(ARMS_APPLICATION, app.status, "weapon_entered")
        app.status = "weapon_entered"
    issued_on = to_karachi(at).date()  # the office's calendar day, not UTC's
    years = VALIDITY_YEARS[app.validity]
    if app.previous_licence_id:
        licence = get_row(ctx, Licence, app.previous_licence_id, "licence")
        if app.kind == "renewal":
            if licence.status == "expired":
                ensure_transition(LICENCE, licence.status, "active")
            licence.status = "active"
            licence.valid_until = _years_later(max(licence.valid_until, issued_on), years)
        stamp(licence, ctx, at, new=False)
        summary = (
            f"Licence {licence.licence_no} renewed until {licence.valid_until:%d-%m-%Y}"
            if app.kind == "renewal"
            else f"Duplicate of licence {licence.licence_no} issued"
        )
    else:
        licence_no = a.str("licence_no", column=Licence.licence_no)
        if ctx.session.scalar(select(Licence.id).where(Licence.licence_no == licence_no)):
            raise Duplicate(msg("Licence number {number} is already in use.", number=licence_no))
        licence = Licence(
            id=a.id("licence_id", Licence),
            licence_no=licence_no,
            application_id=app.id,
            person_id=app.person_id,
            cnic=app.cnic,
            holder_name_en=app.applicant_name_en,
            holder_name_ur=app.applicant_name_ur,
            weapon_type=app.weapon_type,
            bore=app.bore,
            weapon_number=str(app.weapon.get("weapon_number", "")),
            weapon_make=str(app.weapon.get("weapon_make", "")),
            validity=app.validity,
            status="active",
            issued_on=issued_on,
            valid_until=_years_later(issued_on, years),
            district_code=app.district_code,
            office_code=ctx.office_code,
            sync_state="synced",
        )
        stamp(licence, ctx, at, new=True)
        ctx.session.add(licence)
        summary = f"Licence {licence_no} issued"
    result = _move(ctx, a, app, "licence_issued", at, summary)
    result.changed.append(("licences", licence.id))
    result.data["licence_id"] = licence.id
    return result


#: What a correcting order may put right on an issued licence: the holder's name as
#: written and the weapon's particulars. The holder (CNIC), kind, validity and dates
#: are the licence itself: a different one is a new application, a renewal or a
#: cancellation, never a correction.
CORRECTABLE = ("holder_name_en", "holder_name_ur", "bore", "weapon_number", "weapon_make")
#: The licence's fields the application repeats, under its own names.
_ON_APPLICATION = {"holder_name_en": "applicant_name_en", "holder_name_ur": "applicant_name_ur"}


def licence_changes(a: Args) -> dict[str, Any]:
    """A licence correction's `changes`, checked before the licence is read: only
    `CORRECTABLE` fields, each as its column takes it, and never a blank English name
    (a card needs its holder's name, as a submit does). The desk's dialog runs this
    too, so its messages stand under their fields before the command is sent."""
    changes = checked_changes(a, "licences", CORRECTABLE)
    if "holder_name_en" in changes and not str(changes["holder_name_en"]).strip():
        raise ValidationError(
            msg("A licence card needs its holder's name in English; type it."),
            field="holder_name_en",
        )
    return changes


@command("correct_licence", roles=("licence_officer", "supervisor"))
def correct_licence(ctx: CommandContext, a: Args) -> CommandResult:
    """Put right a mistake in an issued licence, by order of a licence officer.

    An issued licence and its application refuse plain edits (code `final`); this is
    the correcting command `domain.commands.corrections` describes: signed, allowed to
    the officers who issue licences, with a reason, and with the values before and
    after in the licence's history. The application is brought into line with it."""
    at = a.time()
    reason = correction_reason(a)
    changes = licence_changes(a)
    licence = get_row(ctx, Licence, a.id("licence_id", Licence), "licence")
    if licence.status == "cancelled":
        raise ValidationError(
            msg(
                "Licence {number} is cancelled; a cancelled licence is not corrected.",
                number=licence.licence_no,
            ),
            code="final",
        )
    if "bore" in changes:
        _check_weapon(licence.weapon_type, str(changes["bore"]))
    changed = correct_fields(
        ctx,
        a,
        row=licence,
        changes=changes,
        record_type="licence",
        at=at,
        reason=reason,
    )
    app = ctx.session.get(LicenceApplication, licence.application_id)
    touched = [("licences", licence.id)]
    if app is not None:
        for field, value in mirrored(changed, _ON_APPLICATION).items():
            setattr(app, field, value)
        if "applicant_name_en" in mirrored(changed, _ON_APPLICATION):
            app.name_key = app.applicant_name_en.lower()
        if "bore" in changed:
            app.bore = licence.bore
        weapon: dict[str, Any] = {
            f: changed[f]["after"] for f in ("weapon_number", "weapon_make") if f in changed
        }
        if weapon:
            app.weapon = {**(app.weapon or {}), **weapon}
        stamp(app, ctx, at, new=False)
        touched.append(("licence_applications", app.id))
    summary = f"Licence {licence.licence_no} corrected: {', '.join(changed)}"
    return CommandResult(a.name, touched, summary, {"corrected": changed})
