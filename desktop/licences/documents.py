"""Printing glue: what goes on a challan or a licence card, read from the store.

Runs in the database worker (reading rows, shaping Urdu and writing the PDF take
tens of milliseconds); the renderers themselves are in `desktop/printing/`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.db import read_rows
from desktop.formatting import cnic
from desktop.licences import queries
from desktop.printing.challan import ChallanData, render_challan, render_challans
from desktop.printing.licence_card import LicenceCardData, render_licence_card
from desktop.series import is_provisional_number
from domain import reference
from domain.errors import DomainError, NotFound, msg
from domain.values import Cnic
from domain.values.relation import card_words
from sync.store.local import LocalStore

DEPARTMENT = "Home & Tribal Affairs Department, Khyber Pakhtunkhwa"
KIND_EN = {"new": "new", "renewal": "renewal", "duplicate": "duplicate"}
KIND_UR = {"new": "نیا", "renewal": "تجدید", "duplicate": "ڈپلیکیٹ"}


def _application(store: LocalStore, app_id: str):  # type: ignore[no-untyped-def]
    rows = read_rows(store, queries.application_query(app_id))
    if not rows:
        raise NotFound(
            msg("This application is not in the local store any more; refresh the list.")
        )
    return rows[0]


def challan_data(store: LocalStore, app_id: str) -> ChallanData:
    """The newest voucher of the application that is not cancelled."""
    app = _application(store, app_id)
    vouchers = [
        v for v in read_rows(store, queries.vouchers_query(app_id)) if v.status != "cancelled"
    ]
    if not vouchers:
        raise DomainError(
            msg("This application has no voucher to print; issue one first."), code="no_voucher"
        )
    v = vouchers[0]
    try:
        district = reference.district(app.district_code)
        district_en, district_ur = district.name_en, district.name_ur
    except DomainError:
        district_en = district_ur = app.district_code
    try:
        office_name = reference.office(v.office_code).name_en
    except DomainError:
        office_name = "Office of the Deputy Commissioner"
    try:
        weapon = reference.weapon_type(app.weapon_type).name_en
    except DomainError:
        weapon = app.weapon_type
    return ChallanData(
        psid=v.psid,
        provisional=bool(v.provisional),
        department=DEPARTMENT,
        office_name=office_name,
        district_name_en=district_en,
        district_name_ur=district_ur,
        application_no=app.application_no,
        consumer_name=v.consumer_name,
        consumer_name_ur=app.applicant_name_ur or "",
        cnic=cnic(v.cnic),
        mobile=v.mobile or "",
        purpose_en=f"Arms licence, {KIND_EN.get(app.kind, app.kind)} ({weapon} {app.bore})",
        purpose_ur=f"اسلحہ لائسنس {KIND_UR.get(app.kind, '')}".strip(),
        heads=[(str(h[0]), str(h[1]), int(h[2])) for h in (v.heads or [])],
        amount_within_due_paisa=v.amount_within_due_paisa,
        amount_after_due_paisa=v.amount_after_due_paisa,
        due_date=v.due_date,
        expiry_date=v.expiry_date,
        issued_at=v.issued_at,
        # The server activates a PSID with the bank when the voucher reaches it.
        awaiting_activation=v.psid is not None and not v.provisional and v.sync_state != "synced",
    )


def card_data(store: LocalStore, app_id: str) -> LicenceCardData:
    """The card of the application's licence, with the holder's stored relation (S/O,
    D/O, W/O) before the father's or husband's name."""
    app = _application(store, app_id)
    licences = read_rows(store, queries.licence_of_application_query(app))
    if not licences:
        raise DomainError(
            msg("No licence has been issued on this application yet."), code="no_licence"
        )
    lic = licences[0]
    persons = read_rows(store, queries.person_query(lic.person_id))
    father = persons[0].father_name_en if persons else ""
    father_ur = persons[0].father_name_ur if persons else ""
    relation = relation_of(persons[0] if persons else None, lic.cnic)
    try:
        weapon = reference.weapon_type(lic.weapon_type)
        weapon_en, weapon_ur = weapon.name_en, weapon.name_ur
    except DomainError:
        weapon_en = weapon_ur = lic.weapon_type
    try:
        scope = reference.validity_scope(lic.validity)
        validity_en, validity_ur = scope.name_en, scope.name_ur
    except DomainError:
        validity_en = validity_ur = lic.validity
    try:
        district = reference.district(lic.district_code)
        district_en, district_ur = district.name_en, district.name_ur
    except DomainError:
        district_en = district_ur = lic.district_code
    return LicenceCardData(
        licence_no=lic.licence_no,
        holder_name_en=lic.holder_name_en,
        holder_name_ur=lic.holder_name_ur or "",
        father_name_en=father or "",
        cnic=cnic(lic.cnic),
        weapon_en=weapon_en,
        weapon_ur=weapon_ur,
        bore=lic.bore,
        weapon_number=lic.weapon_number,
        weapon_make=lic.weapon_make,
        validity_en=validity_en,
        validity_ur=validity_ur,
        district_en=district_en,
        district_ur=district_ur,
        issued_on=lic.issued_on,
        valid_until=lic.valid_until,
        provisional=is_provisional_number(lic.licence_no),
        relation=relation,
        father_name_ur=father_ur or "",
    )


def holder_gender(gender: str, cnic_digits: str) -> str:
    """The person's gender, else the CNIC's last digit's (odd for men, even for women)."""
    if gender in ("male", "female"):
        return gender
    try:
        return Cnic(cnic_digits).gender
    except DomainError:
        return "male"


def relation_of(person: Any | None, cnic_digits: str) -> str:
    """S/O, D/O or W/O as the person's record says; a record from before relations
    were stored (or no record) takes what the CNIC's gender implies: S/O or D/O."""
    gender = holder_gender(person.gender if person is not None else "", cnic_digits)
    return card_words(person.relation if person is not None else "", gender)[0]


def write_pdf(path: Path, pdf: bytes) -> Path:
    """Write through a temporary file, so a half-written PDF never has the final name."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".part")
    temporary.write_bytes(pdf)
    temporary.replace(path)
    return path


def print_challan(store: LocalStore, app_id: str, path: Path) -> Path:
    return write_pdf(path, render_challan(challan_data(store, app_id)))


def print_licence_card(store: LocalStore, app_id: str, path: Path, sheet: str = "a4") -> Path:
    return write_pdf(path, render_licence_card(card_data(store, app_id), sheet=sheet))


def print_challans(store: LocalStore, app_ids: list[str], path: Path) -> Path:
    """One PDF, a page per application that has a challan to pay, in the order given
    (a batch printed from a selection); the others are left out."""
    vouchers = []
    first_error: DomainError | None = None
    for app_id in app_ids:
        if not any(v.status == "unpaid" for v in read_rows(store, queries.vouchers_query(app_id))):
            continue  # paid or never issued: a challan would invite paying twice
        try:
            vouchers.append(challan_data(store, app_id))
        except DomainError as exc:
            first_error = first_error or exc
    if not vouchers:
        raise first_error or DomainError(
            msg("None of the selected applications has a challan to pay.")
        )
    return write_pdf(path, render_challans(vouchers))
