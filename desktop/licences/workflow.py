"""The licence workflow as the desktop runs it: numbers, PSIDs, then `store.execute`.

Everything here runs in the database worker. A command gets every generated value
(ids, application and licence numbers, PSID) in its arguments, so replaying it on
the server gives the same result (DESIGN.md principle 1). Application and licence
numbers come from office series (`desktop.series`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from desktop.db import read_rows
from desktop.licences import queries
from desktop.series import (
    Series,
    next_number,
    run_numbered,
)
from domain.commands import CommandResult
from domain.ids import new_id, utcnow
from sync.store.local import LocalStore

APPLICATION_SERIES = Series("series:application", "", queries.application_no_taken_query)
LICENCE_SERIES = Series("series:licence", "L", queries.licence_no_taken_query)


def next_application_no(store: LocalStore) -> str:
    """The number the next application would get (shown on the form before saving)."""
    return next_number(store, APPLICATION_SERIES)


# -- the operator's last choices ---------------------------------------------------------
_CHOICE_KEYS = ("weapon_type", "bore", "validity")


def _choice_fact(username: str) -> str:
    return f"last_licence_choice:{username}"


def last_choice(store: LocalStore, username: str) -> dict[str, str]:
    """The weapon type, bore and validity this operator chose last (a store fact, so
    it follows the operator on this desk and not the Windows account)."""
    try:
        found = json.loads(store.fact(_choice_fact(username)) or "{}")
    except ValueError:
        return {}
    return {k: str(found[k]) for k in _CHOICE_KEYS if isinstance(found, dict) and k in found}


def remember_choice(store: LocalStore, username: str, values: dict[str, Any]) -> None:
    store.set_facts(
        **{_choice_fact(username): json.dumps({k: values.get(k) or "" for k in _CHOICE_KEYS})}
    )


# -- commands ----------------------------------------------------------------------------
def submit_application(store: LocalStore, actor: str, values: dict[str, Any]) -> CommandResult:
    """A new application: `values` holds the form's fields (command argument names)."""
    app_id = new_id()

    def run(number: str) -> CommandResult:
        result = store.execute(
            "submit_licence_application",
            {**values, "application_id": app_id, "application_no": number},
            actor=actor,
        )
        result.data["application_id"] = app_id
        return result

    return run_numbered(store, APPLICATION_SERIES, run)


def submit_renewal(
    store: LocalStore, actor: str, licence_id: str, documents: list[str], remarks: str = ""
) -> CommandResult:
    app_id = new_id()

    def run(number: str) -> CommandResult:
        result = store.execute(
            "renew_licence",
            {
                "licence_id": licence_id,
                "documents": documents,
                "remarks": remarks,
                "application_id": app_id,
                "application_no": number,
            },
            actor=actor,
        )
        result.data["application_id"] = app_id
        return result

    return run_numbered(store, APPLICATION_SERIES, run)


def next_psid(store: LocalStore) -> str | None:
    """The first PSID leased to this device that no voucher uses yet, or None."""
    me = store.identity()
    for lease in read_rows(store, queries.psid_leases_query(me.device_id, utcnow())):
        psids = [str(p) for p in (lease.psids or [])]
        if not psids:
            continue
        used = {row[0] for row in read_rows(store, queries.used_psids_query(psids))}
        for psid in psids:
            if psid not in used:
                return psid
    return None


def issue_voucher(store: LocalStore, actor: str, app_id: str) -> CommandResult:
    """A voucher with a leased PSID, or a provisional one (no PSID) when none is left."""
    psid = next_psid(store)
    voucher_id = new_id()
    args: dict[str, Any] = {"application_id": app_id, "voucher_id": voucher_id}
    if psid is not None:
        args["psid"] = psid
    result = store.execute("issue_voucher", args, actor=actor)
    result.data.update(voucher_id=voucher_id, psid=psid)
    return result


def issue_licence(store: LocalStore, actor: str, app_id: str) -> CommandResult:
    """Issue the licence; a new application gets the next number of the licence series."""
    app = read_rows(store, queries.application_query(app_id))
    if app and app[0].previous_licence_id:
        return store.execute("issue_licence", {"application_id": app_id}, actor=actor)
    licence_id = new_id()

    def run(number: str) -> CommandResult:
        return store.execute(
            "issue_licence",
            {"application_id": app_id, "licence_no": number, "licence_id": licence_id},
            actor=actor,
        )

    return run_numbered(store, LICENCE_SERIES, run)


def run_command(store: LocalStore, actor: str, name: str, args: dict[str, Any]) -> CommandResult:
    """Any other workflow step (verification, approval, rejection, weapon details)."""
    return store.execute(name, args, actor=actor)


@dataclass(frozen=True)
class LicenceFound:
    id: str
    licence_no: str
    holder_name_en: str
    holder_name_ur: str
    cnic: str
    weapon_type: str
    bore: str
    status: str
    valid_until: Any


def find_licence(store: LocalStore, licence_no: str) -> LicenceFound | None:
    """The licence with this number or, given a CNIC (with or without dashes), the
    holder's newest licence that is not cancelled."""
    digits = "".join(ch for ch in licence_no if ch.isdigit())
    if len(digits) == 13 and not any(ch.isalpha() for ch in licence_no):
        rows = [
            r
            for r in read_rows(store, queries.licences_by_cnic_query(digits))
            if r.status != "cancelled"
        ]
    else:
        rows = read_rows(store, queries.licence_by_number_query(licence_no))
    if not rows:
        return None
    r = rows[0]
    return LicenceFound(
        r.id,
        r.licence_no,
        r.holder_name_en,
        r.holder_name_ur,
        r.cnic,
        r.weapon_type,
        r.bore,
        r.status,
        r.valid_until,
    )
