"""Bank-network side (1Bill style): what a bank, ATM or wallet calls.

``BillInquiry`` tells the bank what is owed on a consumer number (the PSID);
``BillPayment`` records that the citizen paid. Every answer is HTTP 200 with a
1Link ``response_code``: 00 ok, 01 unknown consumer number, 02 blocked or expired,
03 duplicate transaction (this bank already sent this tran_auth_id on this tran_date
for this consumer number: a resend), 04 invalid data,
05 service failure. Amounts are 13 digits, the last two paisa (a leading ``+`` is
tolerated on input, never sent).

Choices the real networks leave open, made here and relied on by the tests:

* A second payment of an already paid voucher, under a new tran_auth_id, is refused
  with 02 by default: the voucher is closed, and 02 makes the bank decline without
  debiting the citizen. 03 would be wrong: it tells the bank *its own* transaction was
  already taken, so the bank would keep the money. In lenient mode it is recorded
  (kind ``repeat``) so the central server meets a duplicate payment.
* By default the amount must be exactly what is due on the bank's transaction date
  (within or after due date) and a payment after expiry is refused with 02; lenient
  mode (``GatewayConfig.lenient`` or the sandbox-only request field
  ``sandbox_lenient``) records partial, over and late payments instead.
* A PSID leased in a block and not yet activated is "blocked": 02, in any mode.
"""

from __future__ import annotations

import random
from datetime import date, datetime
from typing import Any

import orjson
from fastapi import APIRouter, Request
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from domain.ids import to_karachi
from server.sandbox_gateway.aggregator_api import payment_document, voucher_status
from server.sandbox_gateway.bank_schema import (
    INQUIRY_REQUEST_EXAMPLES,
    INQUIRY_RESPONSE_EXAMPLES,
    PAYMENT_REQUEST_EXAMPLES,
    PAYMENT_RESPONSE_EXAMPLES,
    BillInquiryRequest,
    BillInquiryResponse,
    BillPaymentRequest,
    BillPaymentResponse,
    request_body,
    responses,
)
from server.sandbox_gateway.store import ACTIVE, Intimation, Payment, Psid, naive_utc

router = APIRouter(prefix="/bank", tags=["bank (1Bill)"])

OK, UNKNOWN, BLOCKED, DUPLICATE, INVALID, FAILURE = "00", "01", "02", "03", "04", "05"
AMOUNT_DIGITS = 13


class Invalid(ValueError):
    """A field the bank sent cannot be understood: answered with 04."""


def amount13(paisa: int) -> str:
    """Paisa as the 13-digit 1Bill amount: ``150000`` -> ``"0000000150000"``."""
    return f"{paisa:0{AMOUNT_DIGITS}d}"


def parse_amount13(text: Any) -> int:
    if not isinstance(text, str):
        raise Invalid("amount must be a string of 13 digits")
    digits = text[1:] if text.startswith("+") else text
    if len(digits) != AMOUNT_DIGITS or not (digits.isascii() and digits.isdigit()):
        raise Invalid(f"amount must be 13 digits, got {text!r}")
    return int(digits)


@router.post(
    "/bill-inquiry",
    response_model=None,
    openapi_extra=request_body(BillInquiryRequest, INQUIRY_REQUEST_EXAMPLES),
    responses=responses(BillInquiryResponse, INQUIRY_RESPONSE_EXAMPLES),
    summary="BillInquiry: what is owed on a PSID",
)
async def bill_inquiry(request: Request) -> dict[str, Any]:
    """What is owed on ``consumer_number``: status U (unpaid), P (paid) or B (blocked or
    expired), the due date and both amounts (13 digits, the last two paisa).

    A bank calls this before taking the money and takes it only on ``00`` with status
    ``U``; the amount to take is ``amount_within_dd`` up to ``due_date`` and
    ``amount_after_dd`` after it. Malformed requests are answered ``04``.
    """
    raw = await request.body()
    return await run_in_threadpool(_guarded, request.app.state.gateway, raw, _inquire)


@router.post(
    "/bill-payment",
    response_model=None,
    openapi_extra=request_body(BillPaymentRequest, PAYMENT_REQUEST_EXAMPLES),
    responses=responses(BillPaymentResponse, PAYMENT_RESPONSE_EXAMPLES),
    summary="BillPayment: record that a PSID was paid",
)
async def bill_payment(request: Request) -> dict[str, Any]:
    """Record a payment on ``consumer_number`` and queue its intimation to the department.

    ``00`` means recorded. The same (``bank_mnemonic``, ``tran_auth_id``, ``tran_date``,
    ``consumer_number``) again is a resend, answered ``03`` without a second payment.
    By default the amount must be the amount due on ``tran_date`` (``04`` otherwise)
    and an expired, blocked or already paid voucher is ``02``. Malformed requests are
    answered ``04``; ``05`` means nothing was recorded and the bank may retry.
    """
    raw = await request.body()
    return await run_in_threadpool(_guarded, request.app.state.gateway, raw, _pay)


def _guarded(gateway: Any, raw: bytes, handler: Any) -> dict[str, Any]:
    """Turn faults into 1Link codes: unreadable input 04, anything broken 05."""
    if gateway.take_bank_failure():
        return {"response_code": FAILURE, "reserved": ""}
    try:
        body = orjson.loads(raw)
        if not isinstance(body, dict):
            raise Invalid("body must be a JSON object")
        return handler(gateway, body)
    except (ValueError, OverflowError):  # Invalid, orjson.JSONDecodeError and the like
        return {"response_code": INVALID, "reserved": ""}
    except SQLAlchemyError:
        return {"response_code": FAILURE, "reserved": ""}


def _inquire(gateway: Any, body: dict[str, Any]) -> dict[str, Any]:
    psid = _consumer_number(body)
    _text(body, "bank_mnemonic", 12)
    answer: dict[str, Any] = {
        "response_code": OK,
        "consumer_detail": "",
        "bill_status": "",
        "due_date": "",
        "amount_within_dd": "",
        "amount_after_dd": "",
        "billing_month": "",
        "date_paid": "",
        "amount_paid": "",
        "tran_auth_id": "",
        "reserved": "",
    }
    with gateway.store.read() as session:
        row = session.get(Psid, psid)
        if row is None:
            return dict(answer, response_code=UNKNOWN)
        first = session.scalars(
            select(Payment).where(Payment.psid == psid).order_by(Payment.id).limit(1)
        ).first()
        status = voucher_status(row, first is not None, gateway.config.clock())
    if row.state == ACTIVE:
        assert row.due_date is not None and row.amount_within_due_paisa is not None
        answer.update(
            consumer_detail=(row.consumer_name or "")[:30],
            due_date=row.due_date.strftime("%Y%m%d"),
            amount_within_dd=amount13(row.amount_within_due_paisa),
            amount_after_dd=amount13(row.amount_after_due_paisa or 0),
            billing_month=row.due_date.strftime("%y%m"),
        )
    if status == "paid":
        assert first is not None
        answer.update(
            bill_status="P",
            date_paid=first.tran_date,
            amount_paid=amount13(first.amount_paisa),
            tran_auth_id=first.tran_auth_id,
        )
    elif status == "unpaid":
        answer.update(bill_status="U")
    else:  # blocked or expired
        answer.update(response_code=BLOCKED, bill_status="B")
    return answer


def _pay(gateway: Any, body: dict[str, Any]) -> dict[str, Any]:
    psid = _consumer_number(body)
    tran_auth_id = _text(body, "tran_auth_id", 40)
    bank = _text(body, "bank_mnemonic", 12).upper()
    amount = parse_amount13(body.get("transaction_amount"))
    tran_date, tran_time = _date(body.get("tran_date")), _time(body.get("tran_time"))
    if amount <= 0:
        raise Invalid("transaction_amount must be more than zero")
    lenient = body.get("sandbox_lenient")
    config = gateway.config
    lenient = config.lenient if lenient is None else bool(lenient)

    with gateway.store.write() as session:
        row = session.get(Psid, psid)
        if row is None:
            return _payment_answer(UNKNOWN)
        if session.scalars(
            select(Payment.id).where(
                Payment.bank_mnemonic == bank,
                Payment.tran_auth_id == tran_auth_id,
                Payment.tran_date == tran_date.strftime("%Y%m%d"),
                Payment.psid == psid,
            )
        ).first():
            return _payment_answer(DUPLICATE)
        if row.state != ACTIVE:
            return _payment_answer(BLOCKED)
        assert row.due_date and row.expiry_date and row.amount_within_due_paisa is not None
        paid_before = session.scalars(select(Payment.id).where(Payment.psid == psid)).first()
        today = to_karachi(config.clock()).date()
        late = max(today, tran_date) > row.expiry_date
        due = (
            row.amount_within_due_paisa
            if tran_date <= row.due_date
            else row.amount_after_due_paisa or row.amount_within_due_paisa
        )
        kind = (
            "repeat"
            if paid_before
            else "late"
            if late
            else "partial"
            if amount < due
            else "over"
            if amount > due
            else "exact"
        )
        if kind != "exact" and not lenient:
            return _payment_answer(BLOCKED if kind in ("repeat", "late") else INVALID)
        payment = Payment(
            psid=psid,
            tran_auth_id=tran_auth_id,
            bank_mnemonic=bank,
            amount_paisa=amount,
            tran_date=tran_date.strftime("%Y%m%d"),
            tran_time=tran_time,
            paid_at=naive_utc(config.clock()),
            kind=kind,
        )
        session.add(payment)
        session.flush()
        document = payment_document(payment, row.department_transaction_id)
        session.add(
            Intimation(
                payment_id=payment.id,
                body=orjson.dumps(document).decode(),
                next_attempt_at=naive_utc(config.clock()),
            )
        )
        reference = row.department_transaction_id or psid
    gateway.wake_sender()
    return _payment_answer(OK, reference)


def _payment_answer(code: str, identification: str = "") -> dict[str, Any]:
    return {"response_code": code, "identification_parameter": identification, "reserved": ""}


def _consumer_number(body: dict[str, Any]) -> str:
    number = body.get("consumer_number")
    if (
        not isinstance(number, str)
        or not number.strip().isdigit()
        or not number.strip().isascii()
        or len(number.strip()) > 30
    ):
        raise Invalid("consumer_number must be 1 to 30 digits")
    return number.strip()


def _text(body: dict[str, Any], name: str, longest: int) -> str:
    value = body.get(name)
    if (
        not isinstance(value, str)
        or not value.strip()
        or len(value.strip()) > longest
        or not (value.strip().isascii() and value.strip().isalnum())
    ):
        raise Invalid(f"{name} must be 1 to {longest} letters or digits")
    return value.strip()


def _date(value: Any) -> date:
    if not isinstance(value, str) or len(value) != 8 or not (value.isascii() and value.isdigit()):
        raise Invalid("tran_date must be YYYYMMDD")
    try:
        return datetime.strptime(value, "%Y%m%d").date()
    except (TypeError, ValueError):
        raise Invalid("tran_date must be YYYYMMDD") from None


def _time(value: Any) -> str:
    if not isinstance(value, str) or len(value) != 6 or not (value.isascii() and value.isdigit()):
        raise Invalid("tran_time must be HHMMSS")
    try:
        datetime.strptime(value, "%H%M%S")
    except (TypeError, ValueError):
        raise Invalid("tran_time must be HHMMSS") from None
    return str(value)


def new_tran_auth_id(rng: random.Random | None = None) -> str:
    """A 6-digit authorisation id of the kind 1Link banks send."""
    return f"{(rng or random).randrange(1_000_000):06d}"
