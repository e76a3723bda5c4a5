"""What the office already knows of a CNIC typed on the new-application form.

A returning applicant is common (renewals, a second weapon, a refused one trying
again). The form fills the stored details in, so the operator checks rather than
retypes them, and any field changed becomes an edit merged field by field by the
command (`_upsert_person`: a known person is never blanked). The desk also says what
should make the operator stop: a licence already held (renew instead?), an
application still open, or a cancelled or refused history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop.db import read_rows
from desktop.formatting import STATUS_LABELS, day, label, ltr
from desktop.i18n import tr
from desktop.licences import queries
from domain import reference
from domain.states import ApplicationStatus as S

#: Applications that are finished, one way or another; the rest are still open.
_CLOSED = {S.LICENCE_ISSUED, S.REJECTED, S.CANCELLED, S.VERIFICATION_FAILED}
_REFUSED = {S.REJECTED, S.VERIFICATION_FAILED}


@dataclass(frozen=True)
class HeldLicence:
    licence_no: str
    weapon_type: str
    bore: str
    status: str
    valid_until: date


@dataclass(frozen=True)
class KnownApplicant:
    """The stored person and their record with this office (all read in the worker)."""

    cnic: str
    person: dict[str, Any]
    licences: list[HeldLicence] = field(default_factory=list)
    open_applications: list[tuple[str, str]] = field(default_factory=list)  # (number, status)
    refused: list[str] = field(default_factory=list)  # application numbers
    cancelled_licences: list[str] = field(default_factory=list)

    @property
    def active_licence(self) -> HeldLicence | None:
        return next(
            (lic for lic in self.licences if lic.status in ("active", "expired", "suspended")), None
        )


PERSON_FIELDS = (
    "name_en",
    "name_ur",
    "father_name_en",
    "father_name_ur",
    "relation",
    "date_of_birth",
    "mobile",
    "address",
    "gender",
)


def find_known(store: Any, cnic: str) -> KnownApplicant | None:
    """The person with this CNIC (13 digits) and what they hold, or None."""
    rows = read_rows(store, queries.person_by_cnic_query(cnic))
    if not rows:
        return None
    p = rows[0]
    person = {f: getattr(p, f) for f in PERSON_FIELDS}
    licences = [
        HeldLicence(r.licence_no, r.weapon_type, r.bore, r.status, r.valid_until)
        for r in read_rows(store, queries.licences_by_cnic_query(cnic))
    ]
    apps = read_rows(store, queries.applications_by_cnic_query(cnic))
    return KnownApplicant(
        cnic=cnic,
        person=person,
        licences=[lic for lic in licences if lic.status != "cancelled"],
        open_applications=[(a.application_no, a.status) for a in apps if a.status not in _CLOSED],
        refused=[a.application_no for a in apps if a.status in _REFUSED],
        cancelled_licences=[lic.licence_no for lic in licences if lic.status == "cancelled"],
    )


def describe(known: KnownApplicant, lang: str) -> list[str]:
    """One line per thing the operator should know, most important first."""
    lines = [
        tr(
            "This CNIC is on record: the applicant's details are filled in; "
            "check them, and change only what is new."
        )
    ]
    held = known.active_licence
    if held is not None:
        weapon = reference.weapon_type(held.weapon_type)
        lines.append(
            tr(
                "Already holds licence {number} ({weapon} {bore}), valid until "
                "{date}. Renew instead? (Ctrl+R)"
            ).format(
                number=held.licence_no,
                weapon=weapon.name(lang) if weapon else held.weapon_type,
                bore=ltr(held.bore),
                date=day(held.valid_until),
            )
        )
    for number, status in known.open_applications:
        lines.append(
            tr("Application {number} is still open ({status}).").format(
                number=number, status=label(STATUS_LABELS, status)
            )
        )
    if known.cancelled_licences:
        lines.append(
            tr("Licence cancelled before: {numbers}.").format(
                numbers=", ".join(known.cancelled_licences)
            )
        )
    if known.refused:
        lines.append(tr("Refused before: {numbers}.").format(numbers=", ".join(known.refused)))
    return lines
