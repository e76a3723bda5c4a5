"""POST /auth/login: an operator proves their password on an enrolled desk.

The answer is the operator's record (what the desk needs to show who is working and
to keep an offline-login verifier); with `public_key`, the key pair the desk just
made for this operator is registered for this device, and commands signed with it
are accepted from then on. Wrong passwords are counted per device and per username
(`server.throttle`): after five in fifteen minutes, 429 with Retry-After.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from domain.errors import DomainError
from domain.ids import utcnow
from server import accounts
from server.deps import ApiError, DeviceInfo
from server.throttle import Limit, blocked_for, failed, succeeded

LOGIN_LIMIT = Limit(failures=5, window=timedelta(minutes=15))


def in_office(scope: dict[str, Any], device: DeviceInfo) -> bool:
    """Whether an operator of this scope may work at this device's office."""
    offices = scope.get("offices") or []
    districts = scope.get("districts") or []
    return (not offices or device.office_code in offices) and any(
        d in districts for d in device.district_codes
    )


def login(
    sessions: sessionmaker[Session], device: DeviceInfo, body: dict[str, Any]
) -> dict[str, Any]:
    username, password = body.get("username"), body.get("password")
    if (
        not isinstance(username, str)
        or not isinstance(password, str)
        or not username.strip()
        or len(username) > 60
        or len(password) > 200
    ):
        raise ApiError(422, "validation", "username and password are required (text).")
    keys = [f"login:device:{device.device_id}", f"login:user:{username.strip().lower()}"]
    with sessions.begin() as s:
        wait = blocked_for(s, keys)
    if wait:
        raise ApiError(
            429,
            "throttled",
            f"Too many wrong passwords; try again in {wait} seconds.",
            headers={"Retry-After": str(wait)},
            retry_after=wait,
        )
    with sessions() as s:
        op = accounts.check_password(s, username, password)
        if op is None:
            failed(s, keys, LOGIN_LIMIT)
            s.commit()
            raise ApiError(401, "bad_credentials", "The username or password is wrong.")
        if not op.active:
            s.rollback()
            raise ApiError(
                403, "operator_disabled", "This account is disabled; ask the administrator."
            )
        if not in_office(op.scope, device):
            s.rollback()
            raise ApiError(
                403,
                "out_of_scope",
                f"Account {op.username} does not work at office {device.office_code}.",
            )
        succeeded(s, keys)
        public_key = body.get("public_key")
        if public_key is not None:
            try:
                accounts.register_key(op, device.device_id, str(public_key))
            except DomainError as exc:
                s.rollback()
                raise ApiError(422, exc.code, str(exc.message)) from None
        view = accounts.OperatorView.of(op)
        s.commit()
    return {"operator": view.as_login(), "server_time": utcnow().isoformat()}
