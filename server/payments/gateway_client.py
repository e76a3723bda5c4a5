"""The central server's view of a payment gateway, and the adapter for the sandbox.

The server is the only party that talks to the aggregator (DESIGN.md "Payments"). It
needs four things: lease blocks of PSIDs for offline devices, create/activate a PSID
for a voucher, ask the status of a PSID, and list what was paid in a period (to catch
any intimation it missed). :class:`PaymentGateway` names exactly those; a real
aggregator is another adapter behind the same interface.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Literal, Protocol, runtime_checkable

import requests

from domain.ids import to_karachi

PsidState = Literal["unpaid", "paid", "blocked", "expired"]


class GatewayError(Exception):
    """The gateway did not do what was asked."""

    def __init__(self, message: str, *, status_code: int | None = None):
        super().__init__(message)
        self.status_code = status_code


class GatewayUnavailable(GatewayError):
    """Network fault or a 5xx: nothing is known to have happened; try again later."""


class GatewayRejected(GatewayError):
    """A 4xx: the request itself is wrong (unknown PSID, reused transaction id...)."""


@dataclass(frozen=True)
class VoucherForGateway:
    """What the aggregator is told about a voucher when its PSID is made payable."""

    department_transaction_id: str  # the voucher id: makes a retry return the same PSID
    amount_within_due_paisa: int
    amount_after_due_paisa: int
    due_date: date
    expiry_date: date
    consumer_name: str
    cnic: str
    mobile: str = ""
    district: str = ""
    heads: Sequence[tuple[str, str, int]] = field(default_factory=tuple)  # code, label, paisa

    def as_json(self) -> dict[str, Any]:
        return {
            "department_transaction_id": self.department_transaction_id,
            "amount_within_due_paisa": self.amount_within_due_paisa,
            "amount_after_due_paisa": self.amount_after_due_paisa,
            "due_date": self.due_date.isoformat(),
            "expiry_date": self.expiry_date.isoformat(),
            "consumer_name": self.consumer_name,
            "cnic": self.cnic,
            "mobile": self.mobile,
            "district": self.district,
            "heads": [{"code": c, "label": label, "amount_paisa": p} for c, label, p in self.heads],
        }


@dataclass(frozen=True)
class PaymentRecord:
    """One payment as the gateway reports it: in an intimation, a status or a settlement list.

    Its identity is (`bank_mnemonic`, `tran_auth_id`, `tran_date`, `psid`), the way banks
    issue authorisation ids: a bank's 6-character ids repeat within days, so the id alone
    (or with the bank) names no payment. `tran_date` is the bank's transaction date
    (`YYYYMMDD` in 1Bill); a gateway that does not send it has it taken as the Karachi
    day of `paid_at`.
    """

    psid: str
    tran_auth_id: str
    amount_paisa: int
    paid_at: datetime  # aware, UTC
    bank_mnemonic: str
    department_transaction_id: str | None
    tran_date: date | None = None

    def __post_init__(self) -> None:
        if self.tran_date is None:
            object.__setattr__(self, "tran_date", to_karachi(self.paid_at).date())

    @property
    def day(self) -> date:
        """The bank's transaction date (always set after construction)."""
        assert self.tran_date is not None
        return self.tran_date

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> PaymentRecord:
        """Parse the JSON shape shared by intimation bodies and ``/aggregator/paid``.

        Raises KeyError, TypeError or ValueError on a document that is not a payment.
        """
        paid_at = datetime.fromisoformat(str(doc["paid_at"]).replace("Z", "+00:00"))
        if paid_at.tzinfo is None:
            paid_at = paid_at.replace(tzinfo=timezone.utc)
        amount = doc["amount_paisa"]
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise TypeError("amount_paisa must be a whole number of paisa")
        tran_date = doc.get("tran_date")
        day = None
        if tran_date is not None:
            if not isinstance(tran_date, str) or len(tran_date) != 8 or not tran_date.isdigit():
                raise ValueError("tran_date must be YYYYMMDD")
            day = datetime.strptime(tran_date, "%Y%m%d").date()
        txn = doc.get("department_transaction_id")
        if txn is not None and not isinstance(txn, str):
            raise TypeError("department_transaction_id must be text")
        return cls(
            psid=str(doc["psid"]),
            tran_auth_id=str(doc["tran_auth_id"]),
            amount_paisa=amount,
            paid_at=paid_at.astimezone(timezone.utc),
            bank_mnemonic=str(doc["bank_mnemonic"]),
            department_transaction_id=txn,
            tran_date=day,
        )


@dataclass(frozen=True)
class PsidStatus:
    psid: str
    status: PsidState
    department_transaction_id: str | None
    payments: tuple[PaymentRecord, ...]  # usually none or one; more is an exception to clear

    @property
    def first_payment(self) -> PaymentRecord | None:
        return self.payments[0] if self.payments else None


@runtime_checkable
class PaymentGateway(Protocol):
    """What the central server needs from any payment aggregator."""

    def reserve_block(self, count: int, *, request_id: str | None = None) -> list[str]:
        """Reserve ``count`` PSIDs for a device; they stay unpayable until activated.

        The same ``request_id`` returns the same block, so a timed-out call can be retried.
        """
        ...

    def activate(self, voucher: VoucherForGateway, psid: str | None = None) -> str:
        """Make a voucher payable: under the leased ``psid``, or a new PSID. Returns the PSID.

        Idempotent on ``voucher.department_transaction_id``.
        """
        ...

    def status(self, psid: str) -> PsidStatus:
        """Unpaid, paid, blocked or expired, with the payments recorded on it."""
        ...

    def paid_between(self, start: datetime, end: datetime) -> list[PaymentRecord]:
        """Payments recorded at or after ``start`` and before ``end`` (aware datetimes)."""
        ...


class SandboxGateway:
    """:class:`PaymentGateway` over the sandbox gateway's HTTP API (``daftar gateway``).

    Keeps its bearer token and fetches a new one shortly before it expires, or once
    when the gateway answers 401 (it may have been restarted with a fresh database).
    """

    REFRESH_MARGIN_S = 30.0

    def __init__(
        self,
        base_url: str,
        client_id: str,
        client_secret: str,
        *,
        timeout_s: float = 10.0,
        session: requests.Session | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self._client_id = client_id
        self._client_secret = client_secret
        self._timeout_s = timeout_s
        self._http = session or requests.Session()
        self._lock = threading.Lock()
        self._token: str | None = None
        self._token_expires = 0.0  # time.monotonic()

    def reserve_block(self, count: int, *, request_id: str | None = None) -> list[str]:
        answer = self._call(
            "POST", "/aggregator/psid-block", json={"count": count, "request_id": request_id}
        )
        return [str(p) for p in answer["psids"]]

    def activate(self, voucher: VoucherForGateway, psid: str | None = None) -> str:
        body = voucher.as_json()
        if psid is not None:
            body["psid"] = psid
        return str(self._call("POST", "/aggregator/psid", json=body)["psid"])

    def status(self, psid: str) -> PsidStatus:
        doc = self._call("GET", f"/aggregator/psid/{psid}")
        return PsidStatus(
            psid=doc["psid"],
            status=doc["status"],
            department_transaction_id=doc.get("department_transaction_id"),
            payments=tuple(PaymentRecord.from_json(p) for p in doc["payments"]),
        )

    def paid_between(self, start: datetime, end: datetime) -> list[PaymentRecord]:
        doc = self._call(
            "GET", "/aggregator/paid", params={"from": start.isoformat(), "to": end.isoformat()}
        )
        return [PaymentRecord.from_json(p) for p in doc["payments"]]

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        for attempt in (1, 2):
            headers = {"Authorization": f"Bearer {self._bearer(renew=attempt == 2)}"}
            response = self._send(method, path, headers=headers, **kwargs)
            if response.status_code == 401 and attempt == 1:
                continue
            return self._json(response)
        raise AssertionError("unreachable")

    def _bearer(self, *, renew: bool) -> str:
        with self._lock:
            if renew or self._token is None or time.monotonic() >= self._token_expires:
                response = self._send(
                    "POST",
                    "/aggregator/token",
                    json={"client_id": self._client_id, "client_secret": self._client_secret},
                )
                doc = self._json(response)
                self._token = str(doc["access_token"])
                lifetime = float(doc.get("expires_in", 60))
                self._token_expires = time.monotonic() + max(
                    0.0, lifetime - min(self.REFRESH_MARGIN_S, lifetime / 2)
                )
            return self._token

    def _send(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        try:
            return self._http.request(
                method, self.base_url + path, timeout=self._timeout_s, **kwargs
            )
        except requests.RequestException as exc:
            raise GatewayUnavailable(f"{method} {path}: {exc}") from exc

    @staticmethod
    def _json(response: requests.Response) -> dict[str, Any]:
        if response.status_code >= 500:
            raise GatewayUnavailable(
                f"gateway answered {response.status_code}", status_code=response.status_code
            )
        if response.status_code >= 400:
            try:
                detail = response.json().get("detail", response.text)
            except ValueError:
                detail = response.text
            raise GatewayRejected(str(detail), status_code=response.status_code)
        doc = response.json()
        if not isinstance(doc, dict):
            raise GatewayUnavailable("gateway answered something that is not a JSON object")
        return doc
