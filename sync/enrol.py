"""Enrolling a store with a central server: the device gets its number, scope and token.

An administrator issues a one-time enrolment code bound to one office (`daftar admin
device code --office OFFICE`); the desk sends it and gets the office, districts and
device number the server has on record for it, never ones it asked for. The demo's
shared key (`make run`) is an explicit convenience of a server started with `--demo`.
The device number starts the office series used for application numbers, and it and
the device id are what every command signed on this desk names.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from domain.ids import utcnow
from sync.store.local import LocalStore
from sync.transport import Transport

#: The server's default `--token-idle-days`, for a store enrolled before servers named it.
DEFAULT_IDLE_DAYS = 90


def enrol(
    store: LocalStore,
    server_url: str,
    code: str,
    *,
    device_name: str,
    office_code: str | None = None,
    demo_key: bool = False,
    ca_bundle: str | Path | None = None,
    district_codes: list[str] | None = None,
) -> dict[str, Any]:
    """Enrol with a one-time `code` (or, with `demo_key`, the demo server's shared key
    for `office_code`) and keep the answer as the store's enrolment record.
    `district_codes` is a wish only older demo servers honoured; a server that enrols
    with codes takes the scope from its record of the office."""
    transport = Transport(server_url, ca_bundle=ca_bundle)
    body: dict[str, Any] = {"device_name": device_name}
    if demo_key:
        body.update(enrolment_key=code, office_code=office_code)
        if district_codes:
            body["district_codes"] = district_codes
    else:
        body["enrolment_code"] = code
        if office_code:
            body["office_code"] = office_code
    try:
        info = transport.enrol(body)
    finally:
        transport.http.close()
    facts: dict[str, Any] = dict(
        server_url=transport.base_url,
        device_token=info["token"],
        token_issued_at=utcnow().isoformat(),
        token_idle_days=int(info.get("token_idle_days") or DEFAULT_IDLE_DAYS),
        device_id=info["device_id"],
        device_no=info["device_no"],
        office_code=info["office_code"],
        district_code=info["district_codes"][0],
        district_codes=",".join(info["district_codes"]),
    )
    if ca_bundle:
        facts["ca_bundle"] = str(ca_bundle)
    store.set_facts(**facts)
    store.lift_revocation()
    return info


def rotation_due(store: LocalStore, now: datetime) -> bool:
    """Whether the device token is due for rotation: it is older than half the days
    after which the server lets an unused token expire (`--token-idle-days`, named in
    the enrolment and rotation answers). A token that leaks is then good for at most
    that long, while a desk away for a few days still comes back with a live one. A
    store that never noted when its token was issued starts counting now."""
    issued = store.fact("token_issued_at")
    if not issued:
        store.set_facts(token_issued_at=now.isoformat())
        return False
    days = int(store.fact("token_idle_days") or DEFAULT_IDLE_DAYS)
    try:
        age = now - datetime.fromisoformat(issued)
    except (TypeError, ValueError):  # an unreadable note: rotate and write a good one
        return True
    return age >= timedelta(days=days) / 2
