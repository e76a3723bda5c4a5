"""How values look on screen: Karachi times, CNICs with dashes, rupees, labels.

Kept apart from the widgets so the table model (which formats a block of rows in the
worker thread) and the detail pane format the same value the same way.
"""

from __future__ import annotations

from datetime import date, datetime

from desktop.i18n import N_, tr
from domain import reference
from domain.errors import DomainError
from domain.ids import to_karachi
from domain.values import Cnic

STATUS_LABELS: dict[str, str] = {
    "submitted": N_("Submitted"),
    "voucher_issued": N_("Voucher issued"),
    "fee_paid": N_("Fee paid"),
    "verified": N_("Verified"),
    "verification_failed": N_("Verification failed"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
    "weapon_entered": N_("Weapon entered"),
    "licence_issued": N_("Licence issued"),
    "cancelled": N_("Cancelled"),
}
KIND_LABELS: dict[str, str] = {
    "new": N_("New"),
    "renewal": N_("Renewal"),
    "duplicate": N_("Duplicate"),
}
SYNC_LABELS: dict[str, str] = {
    "pending": N_("pending"),
    "synced": N_("synced"),
    "rejected": N_("rejected"),
    "conflict": N_("conflict"),
}
VOUCHER_LABELS: dict[str, str] = {
    "unpaid": N_("Unpaid"),
    "paid": N_("Paid"),
    "expired": N_("Expired"),
    "cancelled": N_("Cancelled"),
}
VALIDITY_LABELS: dict[str, str] = {
    "district": N_("District"),
    "provincial": N_("Provincial"),
    "all_pakistan": N_("All Pakistan"),
}
DOCUMENT_LABELS: dict[str, str] = {
    "cnic_copy": N_("Copy of CNIC"),
    "affidavit": N_("Affidavit"),
    "police_clearance": N_("Police clearance"),
    "old_licence": N_("Old licence"),
    "fir_or_affidavit": N_("FIR or affidavit"),
}
#: Whose name stands beside the person's (`domain.values.relation`), as the forms show it.
RELATION_LABELS: dict[str, str] = {
    "son_of": N_("Son of (S/O)"),
    "daughter_of": N_("Daughter of (D/O)"),
    "wife_of": N_("Wife of (W/O)"),
}
#: Colours of the sync states, used for the dot in the table and the detail badge.
SYNC_COLOURS: dict[str, str] = {
    "pending": "#c77c02",
    "synced": "#2e7d32",
    "rejected": "#c62828",
    "conflict": "#6a1b9a",
}


def ltr(text: str) -> str:
    """Keep a left-to-right token (a bore such as ".30", a number) whole inside
    right-to-left text: without the marks ".30" shows as "30." in Urdu."""
    return f"\u200e{text}\u200e" if text else ""


def label(table: dict[str, str], code: str | None) -> str:
    """The translated label of a code, or the code itself when it is unknown."""
    if not code:
        return ""
    text = table.get(code)
    return tr(text) if text else code


def karachi_time(moment: datetime | None) -> str:
    """`22-11-2026 14:05` in Pakistan time (DESIGN.md principle 6)."""
    return to_karachi(moment).strftime("%d-%m-%Y %H:%M") if moment else ""


def karachi_date(moment: datetime | None) -> str:
    """`22-11-2026`. Not `strftime`: each call imports `time` through PySide6's import
    hook, which made it half the cost of reading a block of 200 list rows."""
    if not moment:
        return ""
    d = to_karachi(moment)
    return f"{d.day:02d}-{d.month:02d}-{d.year:04d}"


def day(d: date | None) -> str:
    return d.strftime("%d-%m-%Y") if d else ""


def cnic(digits: str | None) -> str:
    """XXXXX-XXXXXXX-X; a stored value that is not a valid CNIC is shown as it is."""
    if not digits:
        return ""
    try:
        return Cnic(digits).formatted
    except DomainError:
        return digits


def rupees(paisa: int | None) -> str:
    if paisa is None:
        return ""
    whole, rest = divmod(paisa, 100)
    return f"Rs {whole:,}" if rest == 0 else f"Rs {whole:,}.{rest:02d}"


_district_names: dict[tuple[str, str], str] = {}


def district_name(code: str | None, lang: str) -> str:
    if not code:
        return ""
    key = (code, lang)
    name = _district_names.get(key)
    if name is None:
        try:
            name = reference.district(code).name(lang)
        except DomainError:
            name = code
        _district_names[key] = name
    return name


def weapon_name(code: str | None, lang: str) -> str:
    if not code:
        return ""
    try:
        return reference.weapon_type(code).name(lang)
    except DomainError:
        return code
