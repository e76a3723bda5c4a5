"""Laptops joining, rotating their token and being revoked.

A laptop enrols with a one-time code an administrator issued for one office
(`daftar admin device code --office DC-PSH`); its scope is the server's record of
that office, never what the laptop asks for. Codes expire, are spent by the first
enrolment that uses them, and are kept only as their sha256. Wrong codes are counted
per client address and per office (`server.throttle`): past the limit, enrolment is
refused with 429 for a while, right code or not. A shared enrolment key exists only
for demos (`daftar server --demo --enrolment-key K`, used by `make run`).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from domain import reference
from domain.errors import NotFound, msg
from domain.ids import new_id, utcnow
from server.deps import ApiError, token_hash
from server.heads import notify_tokens
from server.models import Device, EnrolmentCode
from server.throttle import Limit, blocked_for, failed, succeeded

#: Letters and digits no one confuses when reading a code aloud (no 0/O, 1/I).
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ENROL_LIMIT = Limit(failures=5, window=timedelta(minutes=15))


def _code_hash(code: str) -> str:
    normal = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normal.encode()).hexdigest()


def issue_code(session: Session, office_code: str, hours: float = 24) -> str:
    """A new one-time code for enrolling one laptop at `office_code` (the caller commits).
    Shown once; the server keeps its hash."""
    office = reference.office(office_code)
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    code = "-".join(raw[i : i + 4] for i in range(0, 12, 4))
    now = utcnow()
    session.add(
        EnrolmentCode(
            code_hash=_code_hash(code),
            office_code=office.code,
            issued_at=now,
            expires_at=now + timedelta(hours=hours),
        )
    )
    return code


def revoke(session: Session, device: str) -> Device:
    """Revoke a device by id or number: its next call is refused with `revoked`."""
    query = select(Device)
    query = (
        query.where(Device.device_no == int(device))
        if device.isdigit()
        else query.where(Device.device_id == device)
    )
    row = session.scalars(query).first()
    if row is None:
        raise NotFound(msg("There is no device {device}.", device=repr(device)))
    row.revoked = True
    notify_tokens(session.connection())  # delivered on commit: workers forget the token
    return row


def _bad_code(message: str) -> ApiError:
    return ApiError(403, "bad_enrolment_code", message)


def _spend_code(session: Session, code: str, office_code: str | None) -> str:
    """The office of a valid, unspent code, marked spent; or a refusal."""
    row = session.get(EnrolmentCode, _code_hash(code), with_for_update=True)
    if row is None:
        raise _bad_code(
            "This enrolment code is not known; ask the server administrator for a "
            "new one (daftar admin device code --office ...)."
        )
    if row.used_at is not None:
        raise _bad_code(
            "This enrolment code was used already; each code enrols one laptop. Ask for a new one."
        )
    if row.expires_at < utcnow():
        raise _bad_code("This enrolment code has expired; ask for a new one.")
    if office_code and office_code != row.office_code:
        raise _bad_code(f"This enrolment code is for office {row.office_code}, not {office_code}.")
    row.used_at = utcnow()
    return row.office_code


def enrol(
    sessions: sessionmaker[Session], body: dict[str, Any], client: str, demo_key: str | None
) -> dict[str, Any]:
    """Enrol a laptop (see the module docstring); the answer of POST /devices/enrol."""
    name = str(body.get("device_name") or "").strip()[:120]
    if not name:
        raise ApiError(
            422, "validation", "device_name is required (for example 'DC Peshawar counter 2')."
        )
    asked_office = body.get("office_code")
    asked_office = asked_office.strip()[:16] if isinstance(asked_office, str) else None
    keys = [f"enrol:client:{client}"] + ([f"enrol:office:{asked_office}"] if asked_office else [])
    code, key = body.get("enrolment_code"), body.get("enrolment_key")
    with sessions.begin() as s:
        wait = blocked_for(s, keys)
    if wait:
        raise ApiError(
            429,
            "throttled",
            f"Too many wrong enrolment attempts; try again in {wait} seconds.",
            headers={"Retry-After": str(wait)},
            retry_after=wait,
        )
    device_id, token = new_id(), secrets.token_urlsafe(32)
    for _attempt in range(5):  # device_no is max+1; a concurrent enrolment may take it
        try:
            with sessions.begin() as s:
                if isinstance(code, str) and code.strip():
                    office_code = _spend_code(s, code[:40], asked_office)
                elif (
                    demo_key
                    and isinstance(key, str)
                    and secrets.compare_digest(key.encode(), demo_key.encode())
                ):
                    office_code = asked_office or ""
                elif isinstance(key, str) and key.strip() and not demo_key:
                    # A desk that still sends its code as `enrolment_key` (older client).
                    office_code = _spend_code(s, key[:40], asked_office)
                else:
                    raise ApiError(
                        403,
                        "bad_enrolment_code" if code else "bad_enrolment_key",
                        "The enrolment code is missing or wrong; ask the server "
                        "administrator for a code for your office.",
                    )
                try:
                    office = reference.office(office_code)
                except NotFound as exc:
                    raise ApiError(422, "unknown_office", exc.message) from None
                device_no = (s.scalar(select(func.max(Device.device_no))) or 0) + 1
                s.add(
                    Device(
                        device_id=device_id,
                        device_no=device_no,
                        token_hash=token_hash(token),
                        name=name,
                        office_code=office.code,
                        district_codes=[office.district_code],
                        last_seq=0,
                        enrolled_at=utcnow(),
                        last_used_at=utcnow(),
                        revoked=False,
                    )
                )
                spent = code if isinstance(code, str) and code.strip() else key
                code_row = (
                    s.get(EnrolmentCode, _code_hash(spent)) if isinstance(spent, str) else None
                )
                if code_row is not None:
                    code_row.device_id = device_id
                succeeded(s, keys)
            break
        except IntegrityError:
            continue
        except ApiError as exc:
            if exc.status == 403:
                with sessions.begin() as s:
                    failed(s, keys, ENROL_LIMIT)
            raise
    else:
        raise ApiError(503, "busy", "Too many enrolments at once; try again.")
    return {
        "device_id": device_id,
        "device_no": device_no,
        "token": token,
        "office_code": office.code,
        "district_codes": [office.district_code],
    }


def rotate(sessions: sessionmaker[Session], device_id: str) -> dict[str, Any]:
    """A new token for the calling device; the old one stops working at once."""
    token = secrets.token_urlsafe(32)
    with sessions.begin() as s:
        device = s.get(Device, device_id, with_for_update=True)
        if device is None:  # removed since its token was checked
            raise ApiError(401, "unknown_token", "This device is not known to the server.")
        device.token_hash = token_hash(token)
        device.last_used_at = utcnow()
        notify_tokens(s.connection())
    return {"device_id": device_id, "token": token}
