"""Payments on the central server, in process: PSID leases, activation at the gateway,
signed intimations into the ledger, every exception kind, the status poll, the
settlement check and the background jobs.

The server app (with the payment router) and the sandbox gateway both run in this
process under TestClients and share a clock the test moves. The gateway's own
intimation sender is driven by hand (`deliver`), posting to the server's TestClient,
so every delivery — and every deliberate duplicate — happens when the test says.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from datetime import time as dtime
from pathlib import Path
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select, update

from domain.fees import FeeSchedule
from domain.ids import new_id, to_karachi
from domain.models import LicenceApplication, PsidLease, RecordEvent, Voucher
from server.app import create_app
from server.payments.config import PaymentSettings
from server.payments.gateway_client import (
    GatewayRejected,
    GatewayUnavailable,
    PaymentRecord,
    SandboxGateway,
)
from server.payments.jobs import PaymentJobs, start_payment_jobs
from server.payments.models import (
    PaymentException,
    PaymentLedgerEntry,
    PsidActivation,
    PsidLeaseBlock,
    SettlementRun,
)
from server.payments.reconcile import settle
from server.payments.routes import build_router, is_payments_route
from server.payments.service import Payments
from server.sandbox_gateway import GatewayConfig
from server.sandbox_gateway import create_app as create_gateway
from server.sandbox_gateway.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign
from server.settings import Settings
from sync.engine import SyncEngine
from sync.psid_lease import next_leased_psid, top_up_leases, unused_psids
from sync.store import LocalStore
from sync.transport import Offline, Received, ServerFault, Transport

SECRET = "test-intimation-secret"
ENROLMENT_KEY = "test-enrolment-key"
# 10:00 in Karachi today: the clock the server and the gateway share starts here, so
# the tests mean the same on any date. Vouchers issued at AT are due 15 days later and
# expire 30 days later.
START = datetime.combine(datetime.now(timezone.utc).date(), dtime(5, 0), timezone.utc)
AT = (START - timedelta(minutes=30)).isoformat()
DUE = (START + timedelta(days=15)).date()
EXPIRY = (START + timedelta(days=30)).date()
_QUOTE = FeeSchedule.for_date(START.date()).licence_fee("new", "district")
FEE = _QUOTE.total.paisa  # within the due date
FEE_AFTER = _QUOTE.after_due.paisa


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def move(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class ToServer:
    """What the gateway's intimation sender posts through: the server's TestClient."""

    def __init__(self, client: TestClient):
        self.client = client
        self.answers: list[Any] = []

    def post(self, url: str, data: bytes, headers: dict[str, str], timeout: float) -> Any:
        answer = self.client.post(
            url.replace("http://testserver", ""), content=data, headers=headers
        )
        self.answers.append(answer)
        return answer

    def close(self) -> None:
        pass


class Switchable:
    """A gateway that can be made unreachable or refusing, for activation tests."""

    def __init__(self, inner: SandboxGateway):
        self.inner = inner
        self.down = False
        self.refuse = False

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.inner, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            if self.down:
                raise GatewayUnavailable("connection refused (test)")
            if self.refuse:
                raise GatewayRejected("422 heads do not add up (test)", status_code=422)
            return method(*args, **kwargs)

        return call


@dataclass
class Desk:
    client: TestClient
    device_id: str
    token: str
    district_codes: list[str]
    seq: int = 0
    cursor: int = 0
    seen: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def push(self, name: str, args: dict[str, Any]) -> dict[str, Any]:
        self.seq += 1
        response = self.client.post(
            "/sync/push",
            headers=self.headers,
            json={
                "device_id": self.device_id,
                "commands": [
                    {
                        "device_seq": self.seq,
                        "command_id": new_id(),
                        "name": name,
                        "args": args,
                        "base_versions": {},
                        "client_time": AT,
                    }
                ],
            },
        )
        assert response.status_code == 200, response.text
        return response.json()["results"][0]

    def pull_all(self) -> int:
        """Pull to the end of the feed; returns how many rows came."""
        got = 0
        while True:
            page = self.client.get(
                "/sync/pull", headers=self.headers, params={"cursor": self.cursor, "limit": 1000}
            ).json()
            for table, data in page["tables"].items():
                for row in data["rows"]:
                    record = dict(zip(data["columns"], row))
                    self.seen[(table, record["id"])] = record
                    got += 1
            self.cursor = page["cursor"]
            if not page["more"]:
                return got

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, headers=self.headers, params=params)

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(path, headers=self.headers, json=body)


def application_args(n: int, district_code: str | None = None) -> dict[str, Any]:
    args: dict[str, Any] = {
        "application_id": new_id(),
        "application_no": f"PSH-P-{n:07d}",
        "kind": "new",
        "weapon_type": "pistol",
        "bore": ".30",
        "validity": "district",
        "documents": ["cnic_copy", "affidavit", "police_clearance"],
        "at": AT,
        "applicant": {
            "cnic": f"17301{n:07d}1",
            "name_en": f"Applicant {n}",
            "name_ur": "",
            "father_name_en": "Father",
            "date_of_birth": "1980-01-01",
            "address": "Peshawar",
            "mobile": "03001234567",
        },
    }
    if district_code:
        args["district_code"] = district_code
    return args


@dataclass
class PayEnv:
    engine: Engine
    client: TestClient
    bank: TestClient
    config: GatewayConfig
    gateway_app: Any
    gateway: Switchable
    payments: Payments
    jobs: PaymentJobs
    clock: Clock
    to_server: ToServer
    n: int = 0

    def enrol(
        self, office: str = "DC-PSH", districts: list[str] | None = None, name: str = "counter 1"
    ) -> Desk:
        body: dict[str, Any] = {
            "enrolment_key": ENROLMENT_KEY,
            "office_code": office,
            "device_name": name,
        }
        if districts:
            body["district_codes"] = districts
        e = self.client.post("/devices/enrol", json=body).json()
        return Desk(self.client, e["device_id"], e["token"], e["district_codes"])

    def lease(self, desk: Desk, count: int = 5, request_id: str | None = None) -> dict[str, Any]:
        response = desk.post(
            "/payments/psid-lease", {"count": count, "request_id": request_id or new_id()}
        )
        assert response.status_code == 200, response.text
        return response.json()

    def voucher(self, desk: Desk, psid: str | None = None, **extra: Any) -> tuple[str, str]:
        """An application and its voucher, pushed by `desk`: (application_id, voucher_id)."""
        self.n += 1
        app = application_args(self.n, extra.pop("district_code", None))
        assert desk.push("submit_licence_application", app)["status"] == "applied"
        voucher_id = new_id()
        args = {
            "voucher_id": voucher_id,
            "application_id": app["application_id"],
            "at": AT,
            **extra,
        }
        if psid:
            args["psid"] = psid
        answer = desk.push("issue_voucher", args)
        assert answer["status"] == "applied", answer
        return app["application_id"], voucher_id

    def activated(self, desk: Desk, psid: str | None = None, **extra: Any) -> tuple[str, str, str]:
        """A voucher made payable: (application_id, voucher_id, psid)."""
        app_id, voucher_id = self.voucher(desk, psid, **extra)
        assert self.jobs.activate_once().activated >= 1
        return app_id, voucher_id, self.row(Voucher, voucher_id).psid

    def inquire(self, psid: str) -> dict[str, Any]:
        return self.bank.post(
            "/bank/bill-inquiry", json={"consumer_number": psid, "bank_mnemonic": "HBL"}
        ).json()

    def pay(
        self,
        psid: str,
        paisa: int | None = None,
        tran: str | None = None,
        bank: str = "HBL",
        lenient: bool | None = None,
    ) -> dict[str, Any]:
        """Pay like a bank: the amount due on today's office day unless given."""
        day = to_karachi(self.clock.now)
        if paisa is None:
            inquiry = self.inquire(psid)
            field_ = (
                "amount_within_dd"
                if day.strftime("%Y%m%d") <= inquiry["due_date"]
                else "amount_after_dd"
            )
            paisa = int(inquiry[field_])
        body: dict[str, Any] = {
            "consumer_number": psid,
            "tran_auth_id": tran or new_id()[-12:].replace("-", "0"),
            "transaction_amount": f"{paisa:013d}",
            "tran_date": day.strftime("%Y%m%d"),
            "tran_time": day.strftime("%H%M%S"),
            "bank_mnemonic": bank,
            "reserved": "",
        }
        if lenient is not None:
            body["sandbox_lenient"] = lenient
        answer = self.bank.post("/bank/bill-payment", json=body).json()
        return dict(answer, tran_auth_id=body["tran_auth_id"], amount_paisa=paisa)

    def deliver(self) -> list[Any]:
        """Let the gateway send every intimation that is due, now."""
        before = len(self.to_server.answers)
        self.gateway_app.state.gateway.sender.deliver_due()
        return self.to_server.answers[before:]

    def row(self, model: Any, key: Any) -> Any:
        with self.payments.sessions() as s:
            return s.get(model, key)

    def count(self, model: Any, *where: Any) -> int:
        with self.payments.sessions() as s:
            return s.scalar(select(func.count()).select_from(model).where(*where)) or 0

    def exceptions(self, **where: Any) -> list[PaymentException]:
        with self.payments.sessions() as s:
            return list(
                s.scalars(select(PaymentException).filter_by(**where).order_by(PaymentException.id))
            )

    def ledger(self) -> list[PaymentLedgerEntry]:
        with self.payments.sessions() as s:
            return list(s.scalars(select(PaymentLedgerEntry).order_by(PaymentLedgerEntry.id)))


def payment_app(engine: Engine, payments: Payments) -> Any:
    """The server app with this test's payment router (replacing one the app may
    already include, which would use the environment's gateway)."""
    app = create_app(Settings(enrolment_key=ENROLMENT_KEY, require_signatures=False), engine=engine)
    app.router.routes = [r for r in app.router.routes if not is_payments_route(r)]
    app.include_router(build_router(Settings(), engine, payments=payments, start_jobs=False))
    return app


@pytest.fixture
def env(server_engine: Engine, tmp_path: Path) -> Iterator[PayEnv]:
    """Everything over the server's database: once on SQLite, once on PostgreSQL."""
    sqlite_engine = server_engine
    clock = Clock()
    config = GatewayConfig(clock=clock, shared_secret=SECRET, random_seed=1)
    gateway_app = create_gateway(tmp_path / "gateway.sqlite3", config)
    bank = TestClient(gateway_app)  # not entered: its sender thread stays off, `deliver` drives it
    gateway = Switchable(
        SandboxGateway("http://testserver", "daftar", "sandbox-secret", session=bank)
    )
    settings = PaymentSettings(intimation_secret=SECRET, poll_every_s=60, settle_lag_s=0)
    payments = Payments(sqlite_engine, settings, gateway, clock)  # type: ignore[arg-type]
    with TestClient(payment_app(sqlite_engine, payments)) as client:
        to_server = ToServer(client)
        sender = gateway_app.state.gateway.sender
        sender._http = to_server
        config.intimation_url = "http://testserver/payments/intimation"
        yield PayEnv(
            sqlite_engine,
            client,
            bank,
            config,
            gateway_app,
            gateway,
            payments,
            PaymentJobs(payments),
            clock,
            to_server,
        )
    gateway_app.state.gateway.store.close()


def signed(body: bytes, secret: str = SECRET, stamp: float | None = None) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: sign(body, secret),
        TIMESTAMP_HEADER: str(int(stamp if stamp is not None else time.time())),
    }


def intimation_body(
    psid: str,
    tran: str,
    paisa: int,
    *,
    bank: str = "HBL",
    paid_at: datetime = START,
    txn: str | None = None,
) -> bytes:
    return orjson.dumps(
        {
            "psid": psid,
            "tran_auth_id": tran,
            "amount_paisa": paisa,
            "paid_at": paid_at.isoformat().replace("+00:00", "Z"),
            "bank_mnemonic": bank,
            "department_transaction_id": txn,
        }
    )


# --- PSID leases -----------------------------------------------------------------------


def test_a_lease_reserves_a_block_at_the_gateway_and_reaches_the_desk_by_pull(env: PayEnv):
    desk = env.enrol()
    lease = env.lease(desk, 5, request_id="req-1")
    assert len(lease["psids"]) == 5 and len(set(lease["psids"])) == 5
    assert all(len(p) == 17 and p.isdigit() for p in lease["psids"])
    assert lease["created"] is True and lease["district_code"] == "PSH"
    # A leased PSID exists at the gateway but a bank is told "blocked" until activation.
    assert env.inquire(lease["psids"][0])["response_code"] == "02"
    desk.pull_all()
    row = desk.seen[("psid_leases", lease["lease_id"])]
    assert row["device_id"] == desk.device_id and orjson.loads(row["psids"]) == lease["psids"]
    assert row["version"] > 0
    # The same request again (a retry after a timeout): the same block, nothing new.
    again = env.lease(desk, 5, request_id="req-1")
    assert again["psids"] == lease["psids"] and again["created"] is False
    assert env.count(PsidLease) == 1 and env.count(PsidLeaseBlock) == 1
    assert desk.pull_all() == 0


def test_lease_requests_are_authenticated_and_checked(env: PayEnv):
    desk = env.enrol()
    assert env.client.post("/payments/psid-lease", json={"count": 5}).status_code == 401
    bad = env.client.post(
        "/payments/psid-lease", json={"count": 5}, headers={"Authorization": "Bearer nope"}
    )
    assert bad.status_code == 401 and bad.json()["code"] == "unknown_token"
    for count in (0, 501, "ten", True):
        answer = desk.post("/payments/psid-lease", {"count": count})
        assert answer.status_code == 422 and answer.json()["code"] == "validation", count
    env.payments.settings = PaymentSettings(intimation_secret=SECRET, lease_outstanding_max=8)
    env.lease(desk, 5)
    refused = desk.post("/payments/psid-lease", {"count": 5})
    assert refused.status_code == 409 and refused.json()["code"] == "enough_leased"
    env.gateway.down = True
    other = env.enrol(name="counter 2")
    down = other.post("/payments/psid-lease", {"count": 5})
    assert down.status_code == 503 and down.json()["code"] == "gateway_unavailable"


def test_an_expired_lease_returns_its_unused_psids_but_keeps_the_offline_promise(env: PayEnv):
    desk = env.enrol()
    lease = env.lease(desk, 4)
    first, printed_offline = lease["psids"][0], lease["psids"][1]
    env.voucher(desk, first)
    env.clock.move(days=8)
    assert env.jobs.expire_leases_once() == 1
    block = env.row(PsidLeaseBlock, lease["lease_id"])
    assert block.state == "expired" and block.returned_psids == lease["psids"][1:]
    assert env.jobs.expire_leases_once() == 0
    # A voucher the desk printed offline before the expiry, synced only now, still stands.
    _app, voucher_id = env.voucher(desk, printed_offline)
    assert env.row(Voucher, voucher_id).psid == printed_offline


# --- activation --------------------------------------------------------------------------


def test_a_voucher_printed_with_a_leased_psid_becomes_payable_once_activated(env: PayEnv):
    desk = env.enrol()
    psid = env.lease(desk, 3)["psids"][0]
    _app, voucher_id = env.voucher(desk, psid)
    assert env.inquire(psid)["response_code"] == "02"  # blocked: the gateway knows no voucher yet
    report = env.jobs.activate_once()
    assert (report.discovered, report.activated) == (1, 1)
    inquiry = env.inquire(psid)
    assert inquiry["response_code"] == "00" and inquiry["bill_status"] == "U"
    assert inquiry["amount_within_dd"] == f"{FEE:013d}" and inquiry["due_date"] == f"{DUE:%Y%m%d}"
    activation = env.row(PsidActivation, voucher_id)
    assert activation.state == "active" and activation.psid == psid
    assert env.jobs.activate_once().activated == 0  # once is enough


def test_a_provisional_voucher_gets_its_psid_at_activation_and_the_desk_learns_it(env: PayEnv):
    desk = env.enrol()
    _app, voucher_id = env.voucher(desk)  # issued offline without a lease
    desk.pull_all()
    assert desk.seen[("vouchers", voucher_id)]["psid"] is None
    assert desk.seen[("vouchers", voucher_id)]["provisional"] in (1, True)
    assert env.jobs.activate_once().activated == 1
    psid = env.row(Voucher, voucher_id).psid
    assert psid and env.inquire(psid)["bill_status"] == "U"
    desk.pull_all()
    pulled = desk.seen[("vouchers", voucher_id)]
    assert pulled["psid"] == psid and pulled["provisional"] in (0, False)
    events = [
        r
        for (t, _), r in desk.seen.items()
        if t == "record_events" and r["command"] == "assign_psid"
    ]
    assert len(events) == 1 and psid in events[0]["summary"]


def test_activation_retries_when_the_gateway_is_down_and_fails_loudly_when_refused(env: PayEnv):
    desk = env.enrol()
    _app, voucher_id = env.voucher(desk)
    env.gateway.down = True
    assert env.jobs.activate_once().retry_later == 1
    row = env.row(PsidActivation, voucher_id)
    assert row.state == "pending" and row.attempts == 1 and "refused" in row.last_error
    env.gateway.down = False
    assert env.jobs.activate_once().activated == 0  # not due yet: backoff
    env.clock.move(seconds=31)
    assert env.jobs.activate_once().activated == 1
    _app2, refused_id = env.voucher(desk)
    env.gateway.refuse = True
    assert env.jobs.activate_once().failed == 1
    assert env.row(PsidActivation, refused_id).state == "failed"
    [problem] = env.exceptions(kind="activation_failed")
    assert problem.voucher_id == refused_id and "heads" in problem.detail


def test_cancelled_and_long_expired_vouchers_are_not_activated(env: PayEnv):
    desk = env.enrol()
    _app, cancelled = env.voucher(desk)
    assert (
        desk.push("cancel_voucher", {"voucher_id": cancelled, "reason": "wrong name", "at": AT})[
            "status"
        ]
        == "applied"
    )
    _app, old = env.voucher(
        desk,
        due_date=(START - timedelta(days=80)).date().isoformat(),
        expiry_date=(START - timedelta(days=66)).date().isoformat(),
    )
    assert env.jobs.activate_once().discovered == 0
    assert env.row(PsidActivation, cancelled) is None and env.row(PsidActivation, old) is None


# --- intimations ----------------------------------------------------------------------------


def test_an_exact_payment_pays_the_voucher_and_the_desk_sees_fee_paid(env: PayEnv):
    desk = env.enrol()
    psid = env.lease(desk, 2)["psids"][0]
    app_id, voucher_id = env.voucher(desk, psid)
    env.jobs.activate_once()
    desk.pull_all()
    env.config.duplicate_rate = 1.0  # the gateway delivers every intimation twice
    paid = env.pay(psid)
    assert paid["response_code"] == "00"
    [first] = env.deliver()
    assert first.status_code == 200 and first.json()["status"] == "recorded"
    assert first.json()["outcome"] == "exact" and first.json()["applied"] is True
    [second] = env.deliver()
    assert second.status_code == 200 and second.json() == dict(
        first.json(), status="duplicate", exceptions=[]
    )
    [entry] = env.ledger()
    assert (entry.source, entry.outcome, entry.applied, entry.amount_paisa) == (
        "intimation",
        "exact",
        True,
        FEE,
    )
    assert env.exceptions() == []
    assert desk.pull_all() >= 3  # voucher, application, history line
    voucher = desk.seen[("vouchers", voucher_id)]
    assert voucher["status"] == "paid" and voucher["paid_amount_paisa"] == FEE
    assert voucher["tran_auth_id"] == paid["tran_auth_id"] and voucher["bank_code"] == "HBL"
    assert desk.seen[("licence_applications", app_id)]["status"] == "fee_paid"
    with env.payments.sessions() as s:
        event = s.scalars(
            select(RecordEvent).where(
                RecordEvent.record_id == app_id, RecordEvent.command == "record_payment"
            )
        ).one()
        assert event.actor == "gateway"
    assert desk.pull_all() == 0  # the duplicate delivery changed nothing


def test_intimations_with_a_bad_signature_are_refused_and_change_nothing(env: PayEnv, caplog):
    desk = env.enrol()
    _app, voucher_id, psid = env.activated(desk)
    body = intimation_body(psid, "900001", FEE, txn=voucher_id)
    tampered = body.replace(str(FEE).encode(), str(FEE + 1).encode())
    cases = {
        "tampered body": (tampered, signed(body)),
        "wrong secret": (body, signed(body, secret="not-the-secret")),
        "stale timestamp": (body, signed(body, stamp=time.time() - 3600)),
        "no signature": (body, {"Content-Type": "application/json"}),
    }
    for name, (content, headers) in cases.items():
        answer = env.client.post("/payments/intimation", content=content, headers=headers)
        assert answer.status_code == 401, name
        assert answer.json()["code"] == "bad_signature", name
    assert env.ledger() == [] and env.exceptions() == []
    assert env.row(Voucher, voucher_id).status == "unpaid"
    assert sum("refused a payment intimation" in r.getMessage() for r in caplog.records) == 4
    good = env.client.post("/payments/intimation", content=body, headers=signed(body))
    assert good.status_code == 200 and good.json()["outcome"] == "exact"


def test_a_replayed_intimation_is_acknowledged_without_a_second_effect(env: PayEnv):
    desk = env.enrol()
    _app, voucher_id, psid = env.activated(desk)
    body = intimation_body(psid, "900002", FEE, txn=voucher_id)
    first = env.client.post("/payments/intimation", content=body, headers=signed(body))
    assert first.json()["status"] == "recorded"
    version = env.row(Voucher, voucher_id).version
    for _ in range(3):  # replayed later with fresh, valid timestamps
        again = env.client.post("/payments/intimation", content=body, headers=signed(body))
        assert again.status_code == 200 and again.json()["status"] == "duplicate"
    assert len(env.ledger()) == 1 and env.exceptions() == []
    assert env.row(Voucher, voucher_id).version == version


def test_malformed_intimations_are_422(env: PayEnv):
    for doc in (
        b"not json",
        b'{"psid": "1"}',
        intimation_body("12ab", "1", 100),
        intimation_body("1002", "1", 0),
    ):
        answer = env.client.post("/payments/intimation", content=doc, headers=signed(doc))
        assert answer.status_code == 422, doc
    assert env.ledger() == []


# --- each exception kind ------------------------------------------------------------------


def test_a_partial_payment_leaves_the_voucher_unpaid_and_raises_partial(env: PayEnv):
    desk = env.enrol()
    app_id, voucher_id, psid = env.activated(desk)
    env.pay(psid, paisa=2_000_000, lenient=True)
    [answer] = env.deliver()
    assert answer.json()["outcome"] == "partial" and answer.json()["applied"] is False
    [problem] = env.exceptions()
    assert (problem.kind, problem.expected_paisa, problem.paid_paisa) == ("partial", FEE, 2_000_000)
    assert env.row(Voucher, voucher_id).status == "unpaid"
    assert env.row(LicenceApplication, app_id).status == "voucher_issued"


def test_an_over_payment_pays_the_voucher_and_raises_over(env: PayEnv):
    desk = env.enrol()
    app_id, voucher_id, psid = env.activated(desk)
    env.pay(psid, paisa=FEE + 100_000, lenient=True)
    [answer] = env.deliver()
    assert answer.json()["outcome"] == "over" and answer.json()["applied"] is True
    [problem] = env.exceptions()
    assert (problem.kind, problem.expected_paisa, problem.paid_paisa) == (
        "over",
        FEE,
        FEE + 100_000,
    )
    assert "Rs 1,000.00 to refund" in problem.detail
    assert env.row(Voucher, voucher_id).status == "paid"
    assert env.row(LicenceApplication, app_id).status == "fee_paid"


def test_a_late_payment_is_recorded_and_raises_late(env: PayEnv):
    desk = env.enrol()
    app_id, voucher_id, psid = env.activated(desk)
    env.clock.now = datetime.combine(EXPIRY + timedelta(days=2), dtime(6, 0), timezone.utc)
    assert env.inquire(psid)["response_code"] == "02"
    env.pay(psid, paisa=FEE_AFTER, lenient=True)  # the amount after the due date
    [answer] = env.deliver()
    assert answer.json()["outcome"] == "late" and answer.json()["applied"] is True
    [problem] = env.exceptions()
    assert problem.kind == "late" and f"expired on {EXPIRY:%d %b %Y}" in problem.detail
    assert env.row(Voucher, voucher_id).status == "paid"
    assert env.row(LicenceApplication, app_id).status == "fee_paid"


def test_a_second_payment_of_a_paid_voucher_raises_duplicate(env: PayEnv):
    desk = env.enrol()
    _app, voucher_id, psid = env.activated(desk)
    first = env.pay(psid)
    env.deliver()
    second = env.pay(psid, paisa=FEE, bank="UBL", lenient=True)
    assert second["response_code"] == "00"
    [answer] = env.deliver()
    assert answer.json()["outcome"] == "duplicate" and answer.json()["applied"] is False
    [problem] = env.exceptions()
    assert problem.kind == "duplicate" and problem.bank_mnemonic == "UBL"
    assert first["tran_auth_id"] in problem.detail
    voucher = env.row(Voucher, voucher_id)
    assert voucher.tran_auth_id == first["tran_auth_id"] and voucher.paid_amount_paisa == FEE


def test_a_payment_of_a_cancelled_voucher_raises_cancelled_voucher(env: PayEnv):
    desk = env.enrol()
    app_id, voucher_id, psid = env.activated(desk)
    assert (
        desk.push("cancel_voucher", {"voucher_id": voucher_id, "reason": "wrong amount", "at": AT})[
            "status"
        ]
        == "applied"
    )
    assert env.pay(psid)["response_code"] == "00"  # the gateway still takes it
    [answer] = env.deliver()
    assert answer.json()["outcome"] == "cancelled_voucher"
    [problem] = env.exceptions()
    assert problem.kind == "cancelled_voucher" and "wrong amount" in problem.detail
    assert env.row(Voucher, voucher_id).status == "cancelled"
    assert env.row(LicenceApplication, app_id).status == "submitted"


def test_a_payment_on_a_psid_without_a_voucher_raises_unknown_psid(env: PayEnv):
    desk = env.enrol()
    # A PSID made at the gateway by someone else (another department's system).
    from server.payments.gateway_client import VoucherForGateway

    stranger = env.gateway.activate(
        VoucherForGateway(
            department_transaction_id="not-ours-1",
            amount_within_due_paisa=100_000,
            amount_after_due_paisa=110_000,
            due_date=START.date() + timedelta(days=5),
            expiry_date=START.date() + timedelta(days=10),
            consumer_name="Someone",
            cnic="1730112345671",
        )
    )
    env.pay(stranger)
    [answer] = env.deliver()
    assert answer.json()["outcome"] == "unknown_psid"
    [problem] = env.exceptions()
    assert problem.kind == "unknown_psid" and problem.district_code is None
    # No district: it is the province's to trace, not a district desk's to see or clear.
    listed = desk.get("/payments/exceptions").json()
    assert listed["exceptions"] == [] and listed["open"] == 0
    assert desk.get("/payments/ledger").json()["entries"] == []
    refused = desk.post(f"/payments/exceptions/{problem.id}/clear", {"note": "refunded by HBL"})
    assert refused.status_code == 403 and refused.json()["code"] == "provincial_exception"
    assert env.exceptions()[0].cleared_at is None


def test_exceptions_are_listed_per_district_and_cleared_with_a_note(env: PayEnv):
    psh = env.enrol()
    mardan = env.enrol(office="DC-MRD", name="mardan desk")
    _a, _v, psid = env.activated(psh)
    env.pay(psid, paisa=1_000_000, lenient=True)
    env.deliver()
    listed = psh.get("/payments/exceptions").json()
    assert listed["open"] == 1 and listed["open_by_kind"] == {"partial": 1}
    [item] = listed["exceptions"]
    assert item["state"] == "open" and item["paid_paisa"] == 1_000_000
    assert mardan.get("/payments/exceptions").json()["exceptions"] == []
    path = f"/payments/exceptions/{item['id']}/clear"
    assert mardan.post(path, {"note": "not mine"}).status_code == 404
    missing_note = psh.post(path, {"note": " "})
    assert missing_note.status_code == 422 and missing_note.json()["code"] == "validation"
    cleared = psh.post(
        path,
        {
            "note": "Citizen paid the rest at the counter, receipt 77",
            "cleared_by": "Aftab (cashier)",
        },
    )
    assert cleared.status_code == 200, cleared.text
    doc = cleared.json()
    assert doc["state"] == "cleared" and doc["cleared_by"] == "Aftab (cashier) (counter 1)"
    assert doc["note"].startswith("Citizen paid") and doc["cleared_at"]
    again = psh.post(path, {"note": "twice"})
    assert again.status_code == 409 and again.json()["code"] == "already_cleared"
    assert psh.get("/payments/exceptions").json()["open"] == 0
    assert [
        e["id"] for e in psh.get("/payments/exceptions", state="cleared").json()["exceptions"]
    ] == [item["id"]]
    assert psh.get("/payments/exceptions", state="bogus").status_code == 422


def test_ledger_and_voucher_status_routes(env: PayEnv):
    desk = env.enrol()
    _app, voucher_id, psid = env.activated(desk)
    env.pay(psid)
    env.deliver()
    entries = desk.get("/payments/ledger", psid=psid).json()["entries"]
    assert [(e["psid"], e["outcome"], e["source"]) for e in entries] == [
        (psid, "exact", "intimation")
    ]
    status = desk.get(f"/payments/vouchers/{voucher_id}").json()
    assert status["status"] == "paid" and status["activation"]["state"] == "active"
    assert len(status["ledger"]) == 1 and status["exceptions"] == []
    assert desk.get(f"/payments/vouchers/{new_id()}").status_code == 404


# --- lost intimations: poll and settlement ------------------------------------------------


def test_a_lost_intimation_is_caught_by_the_status_poll(env: PayEnv):
    desk = env.enrol()
    app_id, _voucher_id, psid = env.activated(desk)
    other = env.activated(desk)
    paid = env.pay(psid)  # its intimation never arrives (not delivered)
    report = env.jobs.poll_once()
    assert (report.asked, report.recorded) == (2, 1)
    [entry] = env.ledger()
    assert (entry.source, entry.outcome, entry.tran_auth_id) == (
        "poll",
        "exact",
        paid["tran_auth_id"],
    )
    assert env.row(LicenceApplication, app_id).status == "fee_paid"
    assert env.jobs.poll_once().asked == 0  # the unpaid one waits poll_every_s
    env.clock.move(seconds=61)
    assert env.jobs.poll_once().asked == 1  # only the one still unpaid
    assert env.row(PsidActivation, other[1]).last_polled_at == env.clock.now
    [late_arrival] = env.deliver()  # the intimation finally comes: already known
    assert late_arrival.json()["status"] == "duplicate"


def test_settlement_records_missing_payments_and_raises_mismatches(env: PayEnv):
    desk = env.enrol()
    vouchers = [env.activated(desk) for _ in range(4)]
    delivered = [env.pay(v[2]) for v in vouchers[:3]]
    env.deliver()
    lost = env.pay(vouchers[3][2])  # never delivered, never polled
    env.clock.move(minutes=5)
    with env.engine.begin() as conn:  # the ledger has drifted from the gateway (a bug, a hand edit)
        conn.execute(
            update(PaymentLedgerEntry)
            .where(PaymentLedgerEntry.tran_auth_id == delivered[0]["tran_auth_id"])
            .values(amount_paisa=FEE - 100_000)
        )
        conn.execute(
            PaymentLedgerEntry.__table__.insert().values(
                bank_mnemonic="MCB",
                tran_auth_id="ghost-1",
                psid=vouchers[1][2],
                amount_paisa=FEE,
                tran_date=to_karachi(START).date(),
                paid_at=START + timedelta(minutes=1),
                source="intimation",
                received_at=START,
                outcome="duplicate",
                applied=False,
                district_code="PSH",
            )
        )
    report = settle(env.payments, START - timedelta(hours=1), env.clock.now)
    assert (report.gateway_count, report.ledger_count) == (4, 4)
    assert (report.missing, report.mismatched, report.not_in_gateway) == (1, 1, 1)
    assert report.new_exceptions == 2 and report.outcomes == {"exact": 1}
    entry = next(e for e in env.ledger() if e.tran_auth_id == lost["tran_auth_id"])
    assert (entry.source, entry.applied) == ("settlement", True)
    assert env.row(Voucher, vouchers[3][1]).status == "paid"
    kinds = sorted(e.kind for e in env.exceptions())
    assert kinds == ["not_in_settlement", "settlement_mismatch"]
    again = settle(env.payments, START - timedelta(hours=1), env.clock.now)
    assert (again.missing, again.new_exceptions) == (0, 0)
    assert env.count(SettlementRun) == 2


def test_settlement_runs_window_after_window(env: PayEnv):
    desk = env.enrol()
    _a, _v, psid = env.activated(desk)
    first = env.jobs.settle_once()
    assert first is not None and first.window_end == env.clock.now
    assert env.jobs.settle_once() is None  # not due yet
    env.pay(psid)
    env.clock.move(seconds=env.payments.settings.settle_every_s + 1)
    second = env.jobs.settle_once()
    assert second is not None and second.window_start == first.window_end
    assert (second.gateway_count, second.missing) == (1, 1)


# --- the jobs ------------------------------------------------------------------------------


def test_one_round_does_every_step_and_only_one_worker_holds_the_jobs(env: PayEnv):
    desk = env.enrol()
    _app, _voucher_id = env.voucher(desk)
    other = PaymentJobs(env.payments)
    report = env.jobs.run_once()
    assert report["activation"].activated == 1 and report["poll"].asked == 1
    assert report["settlement"] is not None and report["leases_expired"] == 0
    assert other.run_once() == {"skipped": "another worker runs the payment jobs"}
    env.clock.move(seconds=env.payments.settings.job_lock_s + 1)  # the holder stopped renewing
    assert "activation" in other.run_once()
    assert env.jobs.run_once() == {"skipped": "another worker runs the payment jobs"}


def test_the_background_thread_activates_and_stops(env: PayEnv):
    desk = env.enrol()
    _app, voucher_id = env.voucher(desk)
    stop = start_payment_jobs(Settings(), env.engine, payments=env.payments, interval_s=0.05)
    try:
        deadline = time.monotonic() + 10
        while (
            env.row(PsidActivation, voucher_id) is None
            or env.row(PsidActivation, voucher_id).state != "active"
        ):
            assert time.monotonic() < deadline, "the job thread did not activate the voucher"
            stop.__self__.wake()  # type: ignore[attr-defined]
            time.sleep(0.02)
    finally:
        stop()
    assert stop.__self__._thread is None  # type: ignore[attr-defined]


def test_jobs_do_not_start_without_a_gateway_or_when_switched_off(env: PayEnv):
    off = start_payment_jobs(Settings(), env.engine, payment_settings=PaymentSettings())
    assert off.__name__ == "_noop"
    disabled = PaymentSettings(gateway_url="http://127.0.0.1:9", jobs_enabled=False)
    assert start_payment_jobs(Settings(), env.engine, payment_settings=disabled).__name__ == "_noop"


def test_payment_settings_come_from_the_environment():
    env_vars = {
        "DAFTAR_GATEWAY_URL": "http://127.0.0.1:8765",
        "DAFTAR_INTIMATION_SECRET": "s",
        "DAFTAR_PAYMENT_JOB_INTERVAL": "0.5",
        "DAFTAR_PAYMENT_JOBS": "0",
        "DAFTAR_PSID_LEASE_DAYS": "3",
    }
    ps = PaymentSettings.from_settings(Settings(), env_vars)
    assert (
        ps.gateway_url,
        ps.intimation_secret,
        ps.job_interval_s,
        ps.jobs_enabled,
        ps.lease_days,
    ) == ("http://127.0.0.1:8765", "s", 0.5, False, 3.0)
    assert PaymentSettings.from_settings(None, {}).gateway_url is None


def test_a_payment_record_parses_the_intimation_shape():
    record = PaymentRecord.from_json(orjson.loads(intimation_body("1002", "77", 100, bank="hbl")))
    assert record.paid_at == START and record.bank_mnemonic == "hbl"


# --- the desk's side: topping up leases, the whole loop through the sync engine ------------


class ClientTransport(Transport):
    """The desk's real Transport, carried over the server's TestClient."""

    def __init__(self, client: TestClient, token: str):
        # The address is never dialled (calls go through the TestClient); loopback keeps
        # the desk's https rule satisfied.
        super().__init__("http://127.0.0.1", token)
        self.client = client
        self.offline = False
        self.lose_answers = False
        self.posts: list[tuple[str, Any]] = []

    def _receive(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        params: dict[str, Any] | None = None,
        accept: str | None = None,
    ) -> Received:
        if self.offline:
            raise Offline("no link (test)")
        if method == "POST" and path.startswith("/payments"):
            self.posts.append((path, body))
        response = self.client.request(
            method,
            path,
            params=params,
            content=orjson.dumps(body) if body is not None else None,
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                **({"Accept": accept} if accept else {}),
            },
        )
        if self.lose_answers:
            raise ServerFault("connection dropped after the request was sent (test)")
        if response.status_code >= 500:
            raise ServerFault(f"HTTP {response.status_code}")
        # The test client has unpacked the body already.
        headers = response.headers.copy()
        headers.pop("content-encoding", None)
        return Received(response.status_code, headers, response.content)


def desktop(env: PayEnv, profile: str = "clerk") -> tuple[LocalStore, SyncEngine, ClientTransport]:
    store = LocalStore.open(profile)
    e = env.client.post(
        "/devices/enrol",
        json={"enrolment_key": ENROLMENT_KEY, "office_code": "DC-PSH", "device_name": profile},
    ).json()
    store.set_facts(
        server_url="http://testserver",
        device_token=e["token"],
        device_id=e["device_id"],
        device_no=e["device_no"],
        office_code=e["office_code"],
        district_code=e["district_codes"][0],
        district_codes=",".join(e["district_codes"]),
    )
    transport = ClientTransport(env.client, e["token"])
    # Leases are topped up by hand here to watch each step; the engine would do it each round.
    return store, SyncEngine(store, transport, lease_top_up=False), transport


def issue_offline(store: LocalStore, n: int, psid: str | None) -> tuple[str, str]:
    app = application_args(10_000 + n)
    store.execute("submit_licence_application", app, actor="clerk")
    voucher_id = new_id()
    args = {"voucher_id": voucher_id, "application_id": app["application_id"]}
    if psid:
        args["psid"] = psid
    store.execute("issue_voucher", args, actor="clerk")
    return app["application_id"], voucher_id


def local(store: LocalStore, model: Any, key: str) -> Any:
    with store.sessions() as s:
        return s.get(model, key)


def test_a_desk_tops_up_its_leases_when_few_psids_remain(env: PayEnv):
    store, engine, transport = desktop(env)
    try:
        first = top_up_leases(store, transport, low_water=5, block=12)
        assert (first.unused, first.requested, first.psids) == (0, 12, 12) and first.lease_id
        assert next_leased_psid(store) is None  # the lease comes by pull, not by the answer
        engine.run_once()
        assert len(unused_psids(store)) == 12
        assert top_up_leases(store, transport, low_water=5, block=12).requested == 0
        assert len(transport.posts) == 1
        for n in range(8):  # offline: vouchers printed with leased PSIDs
            issue_offline(store, n, next_leased_psid(store))
        assert len(unused_psids(store)) == 4
        second = top_up_leases(store, transport, low_water=5, block=12)
        assert second.requested == 12 and second.lease_id != first.lease_id
        report = engine.run_once()
        assert report.rejected == 0 and len(unused_psids(store)) == 16
        assert env.count(Voucher, Voucher.psid.is_not(None)) == 8
    finally:
        store.close()


def test_a_lease_request_whose_answer_was_lost_is_retried_without_a_second_block(env: PayEnv):
    store, engine, transport = desktop(env)
    try:
        transport.lose_answers = True
        lost = top_up_leases(store, transport)
        assert lost.error and "dropped" in lost.error
        transport.lose_answers = False
        retried = top_up_leases(store, transport)
        assert retried.lease_id and retried.error is None
        assert transport.posts[0][1]["request_id"] == transport.posts[1][1]["request_id"]
        assert env.count(PsidLease) == 1  # one block reserved, not two
        engine.run_once()
        assert top_up_leases(store, transport).requested == 0
        transport.offline = True
        with store.sessions.begin() as s:  # the lease nearly over: the desk wants more
            s.execute(
                update(PsidLease).values(expires_at=datetime.now(timezone.utc) + timedelta(hours=1))
            )
        offline = top_up_leases(store, transport)
        assert offline.unused == 0 and offline.error and "no link" in offline.error
    finally:
        store.close()


def test_a_store_that_is_not_enrolled_asks_for_nothing(env: PayEnv):
    store = LocalStore.open("loner")
    try:
        transport = ClientTransport(env.client, "none")
        assert top_up_leases(store, transport).error == "not enrolled"
        assert transport.posts == []
    finally:
        store.close()


def test_the_whole_loop_through_the_desks_sync_engine(env: PayEnv):
    """Lease, issue offline (leased and provisional), sync, activate, pay, intimation
    (twice), sync: the desk shows fee paid; a lost one is found by the poll."""
    store, engine, transport = desktop(env)
    try:
        top_up_leases(store, transport, low_water=5, block=5)
        engine.run_once()
        transport.offline = True
        leased_app, leased_voucher = issue_offline(store, 1, next_leased_psid(store))
        prov_app, prov_voucher = issue_offline(store, 2, None)
        with pytest.raises(Offline):
            engine.run_once()
        transport.offline = False
        engine.run_once()
        assert env.jobs.activate_once().activated == 2
        engine.run_once()
        psid = local(store, Voucher, leased_voucher).psid
        provisional_psid = local(store, Voucher, prov_voucher).psid
        assert provisional_psid and not local(store, Voucher, prov_voucher).provisional
        env.config.duplicate_rate = 1.0
        env.pay(psid)
        assert [a.json()["status"] for a in env.deliver() + env.deliver()] == [
            "recorded",
            "duplicate",
        ]
        env.pay(provisional_psid)  # this intimation is lost
        env.jobs.poll_once(force=True)
        engine.run_once()
        for app_id, voucher_id in ((leased_app, leased_voucher), (prov_app, prov_voucher)):
            assert local(store, LicenceApplication, app_id).status == "fee_paid"
            assert local(store, Voucher, voucher_id).status == "paid"
        assert store.pending_count() == 0 and store.attention_count() == 0
    finally:
        store.close()


# --- concurrency and schema ----------------------------------------------------------------


def test_concurrent_arrivals_of_payments_record_each_once(env: PayEnv):
    """The same payment from eight threads at once (intimation, poll, settlement racing),
    and two different payments of one voucher at once: one ledger row per transaction,
    the voucher paid once, the second payment a duplicate."""
    import threading

    from server.payments.ledger import ingest

    desk = env.enrol()
    _app, voucher_id, psid = env.activated(desk)
    _app2, voucher2, psid2 = env.activated(desk)
    same = PaymentRecord(
        psid=psid,
        tran_auth_id="race-1",
        amount_paisa=FEE,
        paid_at=START,
        bank_mnemonic="HBL",
        department_transaction_id=voucher_id,
    )
    rivals = [
        PaymentRecord(
            psid=psid2,
            tran_auth_id=f"race-{b}",
            amount_paisa=FEE,
            paid_at=START,
            bank_mnemonic=b,
            department_transaction_id=voucher2,
        )
        for b in ("UBL", "MCB")
    ]
    results: list[Any] = []
    failures: list[BaseException] = []
    barrier = threading.Barrier(10)

    def arrive(record: PaymentRecord, source: str) -> None:
        try:
            barrier.wait(10)
            results.append(ingest(env.payments, record, source))
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [
        threading.Thread(target=arrive, args=(same, ("intimation", "poll", "settlement")[i % 3]))
        for i in range(8)
    ]
    threads += [threading.Thread(target=arrive, args=(r, "intimation")) for r in rivals]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert failures == []
    assert len(results) == 10
    entries = env.ledger()
    assert sorted(e.tran_auth_id for e in entries) == ["race-1", "race-MCB", "race-UBL"]
    assert sum(not r.duplicate for r in results) == 3
    assert sorted(e.outcome for e in entries if e.psid == psid2) == ["duplicate", "exact"]
    assert [e.kind for e in env.exceptions()] == ["duplicate"]
    assert (
        env.row(Voucher, voucher_id).status == "paid"
        and env.row(Voucher, voucher2).status == "paid"
    )


def test_the_payment_tables_are_what_the_migration_builds(env: PayEnv):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from domain.models import Base
    from server.feed import FEED_INDEXES
    from server.migrate import current_revision, head_revision
    from server.models import ServerBase

    assert current_revision(env.engine) == head_revision()
    with env.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, [Base.metadata, ServerBase.metadata])
    # The feed indexes of PostgreSQL servers are not in the models on purpose (0003).
    assert [
        d for d in diff if not (d[0] == "remove_index" and d[1].name in FEED_INDEXES.values())
    ] == []


def test_a_gateway_that_is_down_postpones_every_step_without_losing_anything(env: PayEnv):
    desk = env.enrol()
    _app, voucher_id, psid = env.activated(desk)
    env.pay(psid)
    env.gateway.down = True
    env.clock.move(seconds=env.payments.settings.poll_every_s + 1)
    report = env.jobs.run_once()
    assert report["poll"].errors == 1 and report["settlement"] is None
    assert env.count(SettlementRun) == 0 and env.ledger() == []
    env.gateway.down = False
    report = env.jobs.run_once()
    assert report["poll"].recorded == 1 and report["settlement"].gateway_count == 1
    assert env.row(Voucher, voucher_id).status == "paid"


def test_a_partial_payment_reaches_the_desk_as_an_exception_and_is_cleared_there(
    env: PayEnv, qtbot: Any
) -> None:
    """Issue 19.3/19.4: the exception travels by the ordinary pull, shows in the payments
    workspace, and a supervisor's note clears it on the server's ledger too."""
    from desktop.changes import ChangeHub
    from desktop.operators import Operator
    from desktop.payments.workspace import PaymentsWorkspace
    from desktop.qt import Qt
    from desktop.worker import DbWorker
    from desktop.workspace import Desk
    from domain.models import VoucherException

    store, engine, transport = desktop(env)
    worker = DbWorker()
    worker.start()
    try:
        top_up_leases(store, transport, low_water=5, block=5)
        engine.run_once()
        _, voucher_id = issue_offline(store, 1, next_leased_psid(store))
        engine.run_once()
        assert env.jobs.activate_once().activated == 1
        engine.run_once()
        psid = local(store, Voucher, voucher_id).psid
        env.pay(psid, paisa=2_000_000, lenient=True)
        env.deliver()
        engine.run_once()
        desk = Desk(
            store,
            worker,
            None,
            Operator(
                username="sup",
                full_name="Supervisor",  # type: ignore[arg-type]
                roles=("supervisor",),
            ),
            ChangeHub(),
        )
        payments = PaymentsWorkspace(desk)
        desk.changes.records_changed.connect(payments.on_records_changed)
        qtbot.addWidget(payments.page)
        payments.start()
        qtbot.waitUntil(lambda: payments.loaded and len(payments.exceptions) == 1, timeout=5000)
        t = payments.view.exceptions
        row = [t.item(0, c).text().replace("\u200e", "") for c in range(t.columnCount())]
        assert row[0] == "Partial payment" and row[1] == psid and row[6] == "Open"
        assert row[2] == rupees_text(FEE) and row[3] == rupees_text(2_000_000)
        assert payments.view.tabs.tabText(1) == "Exceptions (1)"
        payments.view.tabs.setCurrentIndex(1)
        t.setCurrentCell(0, 0)
        assert payments.actions_by_key["clear"].isEnabled()
        dialog = payments.clear()
        dialog.note.setText("balance Rs 30,000 collected at the counter")
        with qtbot.waitSignal(dialog.done_with, timeout=5000):
            qtbot.mouseClick(dialog.submit_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: len(payments.exceptions) == 0, timeout=5000)  # open ones only
        assert engine.run_once().rejected == 0
        [problem] = env.exceptions()
        assert problem.cleared_by == "sup" and problem.note.startswith("balance Rs 30,000")
        assert local(store, VoucherException, payments_row_id(problem)).status == "cleared"
    finally:
        worker.stop()
        store.close()


def rupees_text(paisa: int) -> str:
    from desktop.formatting import rupees

    return rupees(paisa)


def payments_row_id(problem: Any) -> str:
    from server.payments.exception_rows import row_id

    return row_id(problem.dedupe_key)
