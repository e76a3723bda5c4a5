"""Aggregator side (ePay style): what the central server calls.

Token from client id + secret; create or activate a PSID for a voucher (idempotent on
the department transaction id); lease blocks of PSIDs for offline devices; status by
PSID; the list of payments settled in a period. Errors are ordinary HTTP statuses
(401, 404, 409, 422) with a ``detail`` a developer can act on.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, BaseModel, Field
from sqlalchemy import select

from domain.ids import to_karachi
from server.sandbox_gateway.config import GatewayConfig
from server.sandbox_gateway.guards import has_control_character
from server.sandbox_gateway.store import (
    ACTIVE,
    RESERVED,
    AccessToken,
    Client,
    GatewayStore,
    Payment,
    Psid,
    aware,
    naive_utc,
)

router = APIRouter(prefix="/aggregator", tags=["aggregator"])

MAX_BLOCK = 10_000
#: 1Bill amounts have 13 digits, the last two paisa: nothing larger can be paid.
MAX_AMOUNT_PAISA = 10**13 - 1


def _no_control_characters(value: str) -> str:
    if has_control_character(value):
        raise ValueError("must not contain control characters such as NUL")
    return value


#: Text of a request field: no NUL or other control character (422 otherwise).
Text = Annotated[str, AfterValidator(_no_control_characters)]
Paisa = Annotated[int, Field(ge=0, le=MAX_AMOUNT_PAISA)]


class TokenRequest(BaseModel):
    client_id: Text = Field(max_length=64)
    client_secret: Text = Field(max_length=200)


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class Head(BaseModel):
    code: Text = Field(min_length=1, max_length=20)
    label: Text = Field(max_length=120)
    amount_paisa: Paisa


class CreatePsid(BaseModel):
    department_transaction_id: Text = Field(min_length=1, max_length=64)
    amount_within_due_paisa: Paisa = Field(gt=0)
    amount_after_due_paisa: Paisa = Field(gt=0)
    due_date: date
    expiry_date: date
    consumer_name: Text = Field(min_length=1, max_length=120)
    cnic: Text = Field(max_length=15)
    mobile: Text = Field(default="", max_length=20)
    district: Text = Field(default="", max_length=60)
    heads: list[Head] = Field(default_factory=list, max_length=20)
    # A leased PSID to activate instead of a new number.
    psid: Text | None = Field(default=None, max_length=30, pattern=r"^[0-9]+$")


class PsidBlockRequest(BaseModel):
    count: int = Field(gt=0, le=MAX_BLOCK)
    request_id: Text | None = Field(default=None, max_length=64)  # makes a retry safe


def gateway_of(request: Request) -> Any:
    return request.app.state.gateway


def authorised_client(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> str:
    """The client id behind a valid, unexpired bearer token, or 401."""
    gateway = gateway_of(request)
    if not authorization or not authorization.lower().startswith("bearer "):
        raise HTTPException(401, "bearer token required", headers={"WWW-Authenticate": "Bearer"})
    digest = _sha256(authorization[7:].strip())
    with gateway.store.read() as session:
        token = session.get(AccessToken, digest)
        if token is None or aware(token.expires_at) <= gateway.config.clock():
            raise HTTPException(
                401, "token unknown or expired", headers={"WWW-Authenticate": "Bearer"}
            )
        return token.client_id


ClientId = Annotated[str, Depends(authorised_client)]


@router.post("/token", response_model=TokenResponse)
def issue_token(body: TokenRequest, request: Request) -> TokenResponse:
    """A bearer token for a known client id and secret, valid ``expires_in`` seconds."""
    gateway = gateway_of(request)
    config: GatewayConfig = gateway.config
    with gateway.store.write() as session:
        client = session.get(Client, body.client_id)
        if client is None or not secrets.compare_digest(
            client.secret_sha256, _sha256(body.client_secret)
        ):
            raise HTTPException(401, "client id or secret is wrong")
        token = secrets.token_urlsafe(32)
        session.add(
            AccessToken(
                token_sha256=_sha256(token),
                client_id=client.client_id,
                expires_at=naive_utc(config.clock() + timedelta(seconds=config.token_ttl_s)),
            )
        )
    return TokenResponse(access_token=token, expires_in=config.token_ttl_s)


@router.post("/psid-block")
def reserve_block(body: PsidBlockRequest, request: Request, client_id: ClientId) -> dict[str, Any]:
    """Reserve ``count`` PSIDs for offline use; banks see them as blocked until activated."""
    gateway = gateway_of(request)
    store: GatewayStore = gateway.store
    with store.write() as session:
        if body.request_id:
            earlier = session.scalars(
                select(Psid.psid)
                .where(Psid.block_request_id == body.request_id)
                .order_by(Psid.psid)
            ).all()
            if earlier:
                return {"psids": list(earlier), "request_id": body.request_id}
        now = naive_utc(gateway.config.clock())
        numbers = [
            format_psid(gateway.config, n) for n in store.next_values(session, "psid", body.count)
        ]
        session.add_all(
            Psid(
                psid=p,
                state=RESERVED,
                client_id=client_id,
                block_request_id=body.request_id,
                reserved_at=now,
            )
            for p in numbers
        )
    return {"psids": numbers, "request_id": body.request_id}


@router.post("/psid")
def create_psid(body: CreatePsid, request: Request, client_id: ClientId) -> JSONResponse:
    """Create (or activate a leased) PSID for a voucher; 201 when new, 200 on a replay.

    Replaying the same department transaction id with the same details returns the
    PSID already given; with different details it is a 409, never a second PSID.
    """
    _check_voucher(body)
    gateway = gateway_of(request)
    config: GatewayConfig = gateway.config
    with gateway.store.write() as session:
        earlier = session.scalars(
            select(Psid).where(Psid.department_transaction_id == body.department_transaction_id)
        ).first()
        if earlier is not None:
            if _details(earlier) != _details_of_request(body) or (
                body.psid and body.psid != earlier.psid
            ):
                raise HTTPException(
                    409,
                    "department_transaction_id was already used for "
                    f"PSID {earlier.psid} with other details",
                )
            return JSONResponse(_created(earlier, False), status_code=200)
        if body.psid is not None:
            row = session.get(Psid, body.psid)
            if row is None:
                raise HTTPException(404, f"PSID {body.psid} was never reserved")
            if row.state != RESERVED:
                raise HTTPException(
                    409, f"PSID {body.psid} is already active for {row.department_transaction_id}"
                )
        else:
            number = format_psid(config, gateway.store.next_values(session, "psid", 1)[0])
            row = Psid(
                psid=number,
                state=RESERVED,
                client_id=client_id,
                reserved_at=naive_utc(config.clock()),
            )
            session.add(row)
        _fill(row, body)
        row.state = ACTIVE
        row.activated_at = naive_utc(config.clock())
        answer = _created(row, True)
    return JSONResponse(answer, status_code=201)


@router.get("/psid/{psid}")
def psid_status(psid: str, request: Request, client_id: ClientId) -> dict[str, Any]:
    """Status of one PSID: unpaid, paid, blocked or expired, with every payment on it."""
    gateway = gateway_of(request)
    with gateway.store.read() as session:
        row = session.get(Psid, psid)
        if row is None:
            raise HTTPException(404, f"PSID {psid} is unknown")
        payments = session.scalars(
            select(Payment).where(Payment.psid == psid).order_by(Payment.id)
        ).all()
        return status_document(row, list(payments), gateway.config.clock())


@router.get("/paid")
def paid_between(
    request: Request,
    client_id: ClientId,
    from_: Annotated[datetime, Query(alias="from")],
    to: Annotated[datetime, Query()],
) -> dict[str, Any]:
    """Payments recorded at or after ``from`` and before ``to`` (settlement list)."""
    gateway = gateway_of(request)
    try:
        start, end = naive_utc(_as_utc(from_)), naive_utc(_as_utc(to))
    except OverflowError:
        raise HTTPException(
            422, "from and to must be times between the years 1 and 9999 in UTC"
        ) from None
    with gateway.store.read() as session:
        rows = session.execute(
            select(Payment, Psid.department_transaction_id)
            .join(Psid, Psid.psid == Payment.psid)
            .where(Payment.paid_at >= start, Payment.paid_at < end)
            .order_by(Payment.paid_at, Payment.id)
        ).all()
        return {"payments": [payment_document(p, txn) for p, txn in rows]}


def preload_vouchers(
    store: GatewayStore,
    vouchers: Iterable[tuple[str, dict[str, Any]]],
    client_id: str = "daftar",
    *,
    now: datetime | None = None,
) -> int:
    """Make vouchers payable under PSIDs the department already printed, as if this
    gateway had issued them: for a demo whose records were seeded straight into the
    server's database. Each voucher is (psid, the body of ``POST /aggregator/psid``)
    and is checked like that body; PSIDs the gateway knows are left alone, so this
    may run at every start. Returns how many were new.

    The central server's activation job later sends each voucher again and gets the
    same PSID back (the replay of an identical voucher), exactly as for a voucher it
    activated itself.
    """
    moment = naive_utc(now or datetime.now(timezone.utc))
    added = 0
    with store.write() as session:
        known = set(session.scalars(select(Psid.psid)))
        taken = set(session.scalars(select(Psid.department_transaction_id)))
        for psid, body in vouchers:
            request = CreatePsid.model_validate({**body, "psid": psid})
            if psid in known or request.department_transaction_id in taken:
                continue
            _check_voucher(request)
            row = Psid(
                psid=psid,
                state=ACTIVE,
                client_id=client_id,
                block_request_id=None,
                reserved_at=moment,
                activated_at=moment,
            )
            _fill(row, request)
            session.add(row)
            known.add(psid)
            taken.add(request.department_transaction_id)
            added += 1
    return added


def format_psid(config: GatewayConfig, number: int) -> str:
    width = config.psid_length - len(config.psid_prefix)
    if number >= 10**width:
        raise HTTPException(507, "the sandbox has run out of PSIDs for this prefix")
    return f"{config.psid_prefix}{number:0{width}d}"


def voucher_status(row: Psid, paid: bool, now: datetime) -> str:
    """unpaid / paid / blocked / expired, as a bank or the department would see it."""
    if row.state != ACTIVE:
        return "blocked"
    if paid:
        return "paid"
    if row.expiry_date is not None and to_karachi(now).date() > row.expiry_date:
        return "expired"
    return "unpaid"


def payment_document(payment: Payment, department_transaction_id: str | None) -> dict[str, Any]:
    """A payment as the intimation body and the settlement list both carry it."""
    return {
        "psid": payment.psid,
        "tran_auth_id": payment.tran_auth_id,
        "amount_paisa": payment.amount_paisa,
        "paid_at": aware(payment.paid_at).isoformat().replace("+00:00", "Z"),
        "bank_mnemonic": payment.bank_mnemonic,
        "tran_date": payment.tran_date,
        "tran_time": payment.tran_time,
        "department_transaction_id": department_transaction_id,
    }


def status_document(row: Psid, payments: list[Payment], now: datetime) -> dict[str, Any]:
    first = payments[0] if payments else None
    return {
        "psid": row.psid,
        "status": voucher_status(row, bool(payments), now),
        "department_transaction_id": row.department_transaction_id,
        "amount_within_due_paisa": row.amount_within_due_paisa,
        "amount_after_due_paisa": row.amount_after_due_paisa,
        "due_date": row.due_date.isoformat() if row.due_date else None,
        "expiry_date": row.expiry_date.isoformat() if row.expiry_date else None,
        "paid_amount_paisa": first.amount_paisa if first else None,
        "paid_total_paisa": sum(p.amount_paisa for p in payments),
        "paid_date": first.tran_date if first else None,
        "paid_time": first.tran_time if first else None,
        "paid_at": payment_document(first, None)["paid_at"] if first else None,
        "bank_mnemonic": first.bank_mnemonic if first else None,
        "tran_auth_id": first.tran_auth_id if first else None,
        "payments": [
            dict(payment_document(p, row.department_transaction_id), kind=p.kind) for p in payments
        ],
    }


def _check_voucher(body: CreatePsid) -> None:
    cnic = body.cnic.replace("-", "")
    if len(cnic) != 13 or not cnic.isdigit():
        raise HTTPException(422, f"cnic must have 13 digits; got {body.cnic!r}")
    if body.amount_after_due_paisa < body.amount_within_due_paisa:
        raise HTTPException(422, "amount_after_due_paisa is less than amount_within_due_paisa")
    if body.expiry_date < body.due_date:
        raise HTTPException(422, "expiry_date is before due_date")
    if body.heads and sum(h.amount_paisa for h in body.heads) != body.amount_within_due_paisa:
        raise HTTPException(422, "heads do not add up to amount_within_due_paisa")


def _details_of_request(body: CreatePsid) -> dict[str, Any]:
    return {
        "amount_within_due_paisa": body.amount_within_due_paisa,
        "amount_after_due_paisa": body.amount_after_due_paisa,
        "due_date": body.due_date,
        "expiry_date": body.expiry_date,
        "consumer_name": body.consumer_name,
        "cnic": body.cnic.replace("-", ""),
        "mobile": body.mobile,
        "district": body.district,
        "heads": [h.model_dump() for h in body.heads],
    }


_DETAIL_FIELDS = (
    "amount_within_due_paisa",
    "amount_after_due_paisa",
    "due_date",
    "expiry_date",
    "consumer_name",
    "cnic",
    "mobile",
    "district",
    "heads",
)


def _details(row: Psid) -> dict[str, Any]:
    return {key: getattr(row, key) for key in _DETAIL_FIELDS}


def _fill(row: Psid, body: CreatePsid) -> None:
    row.department_transaction_id = body.department_transaction_id
    for key, value in _details_of_request(body).items():
        setattr(row, key, value)


def _created(row: Psid, created: bool) -> dict[str, Any]:
    return {
        "psid": row.psid,
        "department_transaction_id": row.department_transaction_id,
        "created": created,
    }


def _as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
