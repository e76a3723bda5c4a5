"""The 1Bill bank-side messages as a bank integrator reads them in the OpenAPI document.

These models describe `POST /bank/bill-inquiry` and `POST /bank/bill-payment` field by
field, with the formats of the 1Link biller interface (DOMAIN.md "Vouchers and
payment"): amounts are 13 digits with the last two paisa (`0000001450000` is
Rs 14,500.00), dates `YYYYMMDD`, times `HHMMSS`, all in Pakistan time. Every answer
is HTTP 200 with a `response_code`; a request that cannot be understood is answered
`04`, never an HTTP error, because a bank switch reads only the code.

The routes (`bank_api.py`) check requests by hand against the same rules, so a
malformed request gets its `04` instead of FastAPI's 422; the models are the
published contract, and `tests/server/test_sandbox_gateway.py` holds the two
together.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

RESPONSE_CODES = {
    "00": "ok: the inquiry is answered / the payment is recorded",
    "01": "unknown consumer number (no voucher has this PSID)",
    "02": "blocked or expired (not payable: leased but not activated, past expiry, or "
    "already paid when another payment arrives)",
    "03": "duplicate transaction (this bank already sent this tran_auth_id on this "
    "tran_date for this consumer number: the original stands)",
    "04": "invalid data (a field is missing or malformed, or the amount is not the amount due)",
    "05": "service failure (nothing was recorded; try again)",
}
BILL_STATUSES = {"U": "unpaid", "P": "paid", "B": "blocked or expired"}

_CODES_TEXT = "; ".join(f"`{k}` {v}" for k, v in RESPONSE_CODES.items())
_STATUS_TEXT = ", ".join(f"`{k}` {v}" for k, v in BILL_STATUSES.items())

#: The part of the gateway's OpenAPI description written for a bank integrator.
BANK_GUIDE = f"""
## For a bank integrator (1Bill)

Two calls, both `POST` with a JSON body, both answered HTTP 200 with a `response_code`:

1. `/bank/bill-inquiry` with the PSID as `consumer_number`: take the money only on
   `00` with `bill_status` `U`. Status letters: {_STATUS_TEXT}.
2. `/bank/bill-payment` with the amount due on your transaction date
   (`amount_within_dd` up to `due_date`, `amount_after_dd` after it), your
   authorisation id and the date and time of the transaction.

Formats: amounts are 13 digits, the last two paisa (`0000001450000` is Rs 14,500.00);
dates `YYYYMMDD` and times `HHMMSS`, Pakistan time. Response codes: {_CODES_TEXT}.
A payment is identified by (`bank_mnemonic`, `tran_auth_id`, `tran_date`,
`consumer_number`): resending those four is answered `03` and pays nothing twice.
"""

ResponseCode = Literal["00", "01", "02", "03", "04", "05"]
PSID_PATTERN = r"^[0-9]{1,30}$"
MNEMONIC_PATTERN = r"^[A-Za-z0-9]{1,12}$"
AMOUNT13_PATTERN = r"^\+?[0-9]{13}$"
DATE_PATTERN = r"^[0-9]{8}$"
TIME_PATTERN = r"^[0-9]{6}$"


def _consumer_number() -> Any:
    return Field(
        description="The PSID printed on the voucher (the 1Bill consumer number), digits only.",
        pattern=PSID_PATTERN,
        examples=["10020000000000001"],
    )


def _bank_mnemonic() -> Any:
    return Field(
        description="The paying bank's mnemonic, 1 to 12 letters or digits (HBL, UBL, MCB...).",
        pattern=MNEMONIC_PATTERN,
        examples=["HBL"],
    )


def _reserved() -> Any:
    return Field(
        default="",
        max_length=200,
        description="Reserved for the network; ignored on input, always empty on output.",
    )


class BillInquiryRequest(BaseModel):
    """What is owed on a voucher: sent by the bank before it takes the money."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"consumer_number": "10020000000000001", "bank_mnemonic": "HBL", "reserved": ""}
            ]
        }
    )

    consumer_number: str = _consumer_number()
    bank_mnemonic: str = _bank_mnemonic()
    reserved: str = _reserved()


class BillInquiryResponse(BaseModel):
    """The voucher as the bank shows it to the citizen. Fields that do not apply are
    empty strings (for example the amounts of an unknown consumer number)."""

    response_code: ResponseCode = Field(description=f"1Link response code: {_CODES_TEXT}.")
    consumer_detail: str = Field(
        max_length=30, description="Name of the payer on the voucher, at most 30 characters."
    )
    bill_status: Literal["U", "P", "B", ""] = Field(
        description=f"{_STATUS_TEXT}; empty when the consumer number is unknown or the "
        "request was invalid."
    )
    due_date: str = Field(
        pattern=r"^([0-9]{8})?$", description="Last day to pay the lower amount, `YYYYMMDD`."
    )
    amount_within_dd: str = Field(
        pattern=r"^([0-9]{13})?$",
        description="Amount due on or before the due date: 13 digits, the last two paisa.",
    )
    amount_after_dd: str = Field(
        pattern=r"^([0-9]{13})?$",
        description="Amount due after the due date (until expiry): 13 digits, the last two paisa.",
    )
    billing_month: str = Field(pattern=r"^([0-9]{4})?$", description="`YYMM` of the due date.")
    date_paid: str = Field(
        pattern=r"^([0-9]{8})?$", description="When paid (status P): the bank's date, `YYYYMMDD`."
    )
    amount_paid: str = Field(
        pattern=r"^([0-9]{13})?$",
        description="When paid (status P): the amount, 13 digits, the last two paisa.",
    )
    tran_auth_id: str = Field(
        max_length=40, description="When paid (status P): the authorisation id of the payment."
    )
    reserved: str = _reserved()


class BillPaymentRequest(BaseModel):
    """The bank took the money: record the payment. Send the amount due on `tran_date`
    (`amount_within_dd` up to the due date, `amount_after_dd` after it)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "consumer_number": "10020000000000001",
                    "tran_auth_id": "004512",
                    "transaction_amount": "0000001450000",
                    "tran_date": "20261122",
                    "tran_time": "101500",
                    "bank_mnemonic": "HBL",
                    "reserved": "",
                }
            ]
        }
    )

    consumer_number: str = _consumer_number()
    tran_auth_id: str = Field(
        pattern=r"^[A-Za-z0-9]{1,40}$",
        examples=["004512"],
        description="The bank's authorisation id, 1 to 40 letters or "
        "digits (usually 6 digits). Ids are the bank's own and may "
        "repeat: a payment is (bank_mnemonic, tran_auth_id, tran_date, "
        "consumer_number), and sending those four again is answered 03.",
    )
    transaction_amount: str = Field(
        pattern=AMOUNT13_PATTERN,
        examples=["0000001450000"],
        description="Amount paid: 13 digits, the last two paisa (a leading `+` is accepted).",
    )
    tran_date: str = Field(
        pattern=DATE_PATTERN,
        examples=["20261122"],
        description="The bank's transaction date, `YYYYMMDD`, Pakistan time.",
    )
    tran_time: str = Field(
        pattern=TIME_PATTERN,
        examples=["101500"],
        description="The bank's transaction time, `HHMMSS`, Pakistan time.",
    )
    bank_mnemonic: str = _bank_mnemonic()
    reserved: str = _reserved()
    sandbox_lenient: bool | None = Field(
        default=None,
        description="Sandbox only (no real network has it): accept a partial, "
        "over, late or second payment instead of refusing it, so the department's "
        "reconciliation can be shown each exception.",
    )


class BillPaymentResponse(BaseModel):
    """Whether the payment was recorded."""

    response_code: ResponseCode = Field(description=f"1Link response code: {_CODES_TEXT}.")
    identification_parameter: str = Field(
        max_length=64, description="On 00: the department's reference of the voucher (or the PSID)."
    )
    reserved: str = _reserved()


def _example(summary: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"summary": summary, "value": value}


_EMPTY_INQUIRY = {
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

INQUIRY_REQUEST_EXAMPLES = {
    "inquiry": _example(
        "Ask what is owed on a PSID",
        {"consumer_number": "10020000000000001", "bank_mnemonic": "HBL", "reserved": ""},
    ),
}
INQUIRY_RESPONSE_EXAMPLES = {
    "unpaid": _example(
        "00, status U: unpaid, the amounts before and after the due date",
        {
            **_EMPTY_INQUIRY,
            "response_code": "00",
            "consumer_detail": "Muhammad Imran Khan",
            "bill_status": "U",
            "due_date": "20261206",
            "amount_within_dd": "0000001450000",
            "amount_after_dd": "0000001595000",
            "billing_month": "2612",
        },
    ),
    "paid": _example(
        "00, status P: already paid, with the date, amount and id",
        {
            **_EMPTY_INQUIRY,
            "response_code": "00",
            "consumer_detail": "Muhammad Imran Khan",
            "bill_status": "P",
            "due_date": "20261206",
            "amount_within_dd": "0000001450000",
            "amount_after_dd": "0000001595000",
            "billing_month": "2612",
            "date_paid": "20261122",
            "amount_paid": "0000001450000",
            "tran_auth_id": "004512",
        },
    ),
    "expired": _example(
        "02, status B: blocked or expired, do not take the money",
        {
            **_EMPTY_INQUIRY,
            "response_code": "02",
            "consumer_detail": "Muhammad Imran Khan",
            "bill_status": "B",
            "due_date": "20261206",
            "amount_within_dd": "0000001450000",
            "amount_after_dd": "0000001595000",
            "billing_month": "2612",
        },
    ),
    "unknown": _example(
        "01: no voucher has this consumer number", {**_EMPTY_INQUIRY, "response_code": "01"}
    ),
    "invalid": _example(
        "04: the request could not be read", {**_EMPTY_INQUIRY, "response_code": "04"}
    ),
}
PAYMENT_REQUEST_EXAMPLES = {
    "within_due_date": _example(
        "Pay the amount due within the due date",
        {
            "consumer_number": "10020000000000001",
            "tran_auth_id": "004512",
            "transaction_amount": "0000001450000",
            "tran_date": "20261122",
            "tran_time": "101500",
            "bank_mnemonic": "HBL",
            "reserved": "",
        },
    ),
    "after_due_date": _example(
        "Pay after the due date: the higher amount",
        {
            "consumer_number": "10020000000000001",
            "tran_auth_id": "118830",
            "transaction_amount": "0000001595000",
            "tran_date": "20261210",
            "tran_time": "143005",
            "bank_mnemonic": "UBL",
            "reserved": "",
        },
    ),
}
PAYMENT_RESPONSE_EXAMPLES = {
    "recorded": _example(
        "00: recorded; the department is told",
        {"response_code": "00", "identification_parameter": "V-1", "reserved": ""},
    ),
    "duplicate": _example(
        "03: this bank sent this transaction already; the first stands",
        {"response_code": "03", "identification_parameter": "", "reserved": ""},
    ),
    "invalid": _example(
        "04: a field is malformed or the amount is not the amount due",
        {"response_code": "04", "identification_parameter": "", "reserved": ""},
    ),
}


def request_body(model: type[BaseModel], examples: dict[str, Any]) -> dict[str, Any]:
    """`openapi_extra` for a route that reads its body by hand: the model's schema and
    the examples, as if FastAPI had declared the body itself."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": model.model_json_schema(), "examples": examples}
            },
        }
    }


def responses(model: type[BaseModel], examples: dict[str, Any]) -> dict[int | str, Any]:
    """`responses` of a bank route: always 200, the codes in the body."""
    return {
        200: {
            "model": model,
            "description": "Always HTTP 200; the outcome is the `response_code`.",
            "content": {"application/json": {"examples": examples}},
        }
    }
