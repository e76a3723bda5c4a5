"""Enrolling a store with a central server: the device gets its number, scope and token.

Commands made before enrolment stay in the outbox and are pushed in order afterwards;
the device number starts the office series used for application numbers.
"""

from __future__ import annotations

from typing import Any

from sync.store.local import LocalStore
from sync.transport import Transport


def enrol(store: LocalStore, server_url: str, enrolment_key: str, office_code: str, *,
          device_name: str, district_codes: list[str] | None = None) -> dict[str, Any]:
    info = Transport(server_url).enrol(enrolment_key, office_code, device_name, district_codes)
    store.set_facts(server_url=server_url, device_token=info["token"], device_id=info["device_id"],
                    device_no=info["device_no"], office_code=info["office_code"],
                    district_code=info["district_codes"][0],
                    district_codes=",".join(info["district_codes"]))
    return info
