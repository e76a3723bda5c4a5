"""The sandbox payment gateway: the aggregator API the server calls, the 1Bill API banks
call, and signed payment intimations pushed back to the server.

Unit tests drive the FastAPI app in-process with a clock the test moves; the last tests
run the real gateway as a subprocess on 127.0.0.1, pay through ``daftar gateway pay``
and receive its intimations on a small HTTP server, as the central server would.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from fastapi.testclient import TestClient

from server.payments.gateway_client import (
    GatewayRejected,
    PaymentGateway,
    SandboxGateway,
    VoucherForGateway,
)
from server.sandbox_gateway import GatewayConfig, create_app
from server.sandbox_gateway.cli import main as gateway_main
from server.sandbox_gateway.intimation import backoff_s
from server.sandbox_gateway.signing import sign, verify

REPO = Path(__file__).resolve().parents[2]
SECRET = "test-shared-secret"
# 10:00 in Karachi on 22 November 2026; the voucher is due 6 December, expires 21 December.
START = datetime(2026, 11, 22, 5, 0, tzinfo=timezone.utc)


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Sandbox:
    client: TestClient
    config: GatewayConfig
    clock: Clock
    headers: dict[str, str] = field(default_factory=dict)

    def login(self) -> None:
        """A fresh bearer token (after the clock moved past the last one's expiry)."""
        token = self.client.post(
            "/aggregator/token", json={"client_id": "daftar", "client_secret": "sandbox-secret"}
        ).json()["access_token"]
        self.headers = {"Authorization": f"Bearer {token}"}

    def psid(self, txn: str = "V-1", **changes: Any) -> str:
        answer = self.client.post(
            "/aggregator/psid", headers=self.headers, json=voucher_json(txn, **changes)
        )
        assert answer.status_code == 201, answer.text
        return str(answer.json()["psid"])

    def inquire(self, psid: str) -> dict[str, Any]:
        return self.client.post(
            "/bank/bill-inquiry", json={"consumer_number": psid, "bank_mnemonic": "HBL"}
        ).json()

    def pay(
        self,
        psid: str,
        paisa: int = 1_450_000,
        tran_auth_id: str = "100001",
        tran_date: str = "20261122",
        **extra: Any,
    ) -> dict[str, Any]:
        body = {
            "consumer_number": psid,
            "tran_auth_id": tran_auth_id,
            "transaction_amount": f"{paisa:013d}",
            "tran_date": tran_date,
            "tran_time": "101500",
            "bank_mnemonic": "HBL",
            "reserved": "",
        }
        body.update(extra)
        return self.client.post("/bank/bill-payment", json=body).json()

    def status(self, psid: str) -> dict[str, Any]:
        answer = self.client.get(f"/aggregator/psid/{psid}", headers=self.headers)
        assert answer.status_code == 200, answer.text
        return answer.json()


def voucher_json(txn: str, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "department_transaction_id": txn,
        "amount_within_due_paisa": 1_450_000,
        "amount_after_due_paisa": 1_595_000,
        "due_date": "2026-12-06",
        "expiry_date": "2026-12-21",
        "consumer_name": "Muhammad Imran Khan",
        "cnic": "17301-1234567-9",
        "mobile": "03001234567",
        "district": "Peshawar",
        "heads": [
            {"code": "C02101", "label": "Arms licence fee", "amount_paisa": 1_250_000},
            {"code": "C02102", "label": "Processing fee", "amount_paisa": 200_000},
        ],
    }
    body.update(changes)
    return body


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    clock = Clock()
    config = GatewayConfig(clock=clock, shared_secret=SECRET)
    with TestClient(create_app(tmp_path / "gateway.sqlite3", config)) as client:
        sandbox = Sandbox(client, config, clock)
        sandbox.login()
        yield sandbox


# --- aggregator side -------------------------------------------------------------------


def test_token_needs_the_right_secret_and_expires(sandbox: Sandbox):
    wrong = sandbox.client.post(
        "/aggregator/token", json={"client_id": "daftar", "client_secret": "guess"}
    )
    assert wrong.status_code == 401
    assert sandbox.client.get("/aggregator/psid/1", headers={}).status_code == 401
    sandbox.clock.now += timedelta(seconds=sandbox.config.token_ttl_s + 1)
    expired = sandbox.client.get("/aggregator/psid/1", headers=sandbox.headers)
    assert expired.status_code == 401


def test_psid_is_17_digits_and_a_retry_of_the_same_voucher_returns_the_same_psid(sandbox: Sandbox):
    first = sandbox.client.post(
        "/aggregator/psid", headers=sandbox.headers, json=voucher_json("V-1")
    )
    again = sandbox.client.post(
        "/aggregator/psid", headers=sandbox.headers, json=voucher_json("V-1")
    )
    assert first.status_code == 201 and again.status_code == 200
    psid = first.json()["psid"]
    assert again.json()["psid"] == psid and len(psid) == 17 and psid.isdigit()
    assert sandbox.psid("V-2") != psid
    changed = sandbox.client.post(
        "/aggregator/psid",
        headers=sandbox.headers,
        json=voucher_json("V-1", consumer_name="Someone Else"),
    )
    assert changed.status_code == 409


def test_voucher_details_that_cannot_be_paid_are_refused(sandbox: Sandbox):
    for changes in (
        {"cnic": "1730112345"},
        {"amount_after_due_paisa": 1},
        {"expiry_date": "2026-12-01"},
        {"heads": [{"code": "C1", "label": "fee", "amount_paisa": 5}]},
    ):
        answer = sandbox.client.post(
            "/aggregator/psid", headers=sandbox.headers, json=voucher_json("V-9", **changes)
        )
        assert answer.status_code == 422, changes


def test_leased_psid_is_blocked_to_banks_until_the_server_activates_it(sandbox: Sandbox):
    block = sandbox.client.post(
        "/aggregator/psid-block",
        headers=sandbox.headers,
        json={"count": 3, "request_id": "lease-1"},
    ).json()["psids"]
    assert len(block) == 3 and len(set(block)) == 3
    retry = sandbox.client.post(
        "/aggregator/psid-block",
        headers=sandbox.headers,
        json={"count": 3, "request_id": "lease-1"},
    ).json()["psids"]
    assert retry == block
    leased = block[1]
    assert sandbox.inquire(leased)["response_code"] == "02"
    assert sandbox.inquire(leased)["bill_status"] == "B"
    assert sandbox.pay(leased, tran_auth_id="200001")["response_code"] == "02"
    assert sandbox.status(leased)["status"] == "blocked"

    activated = sandbox.client.post(
        "/aggregator/psid", headers=sandbox.headers, json=voucher_json("V-offline", psid=leased)
    )
    assert activated.status_code == 201 and activated.json()["psid"] == leased
    assert sandbox.inquire(leased)["bill_status"] == "U"
    reused = sandbox.client.post(
        "/aggregator/psid", headers=sandbox.headers, json=voucher_json("V-other", psid=leased)
    )
    assert reused.status_code == 409
    never = sandbox.client.post(
        "/aggregator/psid",
        headers=sandbox.headers,
        json=voucher_json("V-x", psid="99999999999999999"),
    )
    assert never.status_code == 404


# --- bank side: inquiry ----------------------------------------------------------------


def test_inquiry_of_an_unpaid_voucher_gives_13_digit_amounts_and_due_date(sandbox: Sandbox):
    answer = sandbox.inquire(sandbox.psid())
    assert answer["response_code"] == "00"
    assert answer["bill_status"] == "U"
    assert answer["amount_within_dd"] == "0000001450000"
    assert answer["amount_after_dd"] == "0000001595000"
    assert answer["due_date"] == "20261206" and answer["billing_month"] == "2612"
    assert answer["consumer_detail"] == "Muhammad Imran Khan"


def test_inquiry_of_an_unknown_consumer_number_is_01(sandbox: Sandbox):
    assert sandbox.inquire("10029999999999999")["response_code"] == "01"


def test_inquiry_after_expiry_is_02_blocked(sandbox: Sandbox):
    psid = sandbox.psid()
    sandbox.clock.now = datetime(2026, 12, 21, 19, 1, tzinfo=timezone.utc)  # 22 Dec in Karachi
    answer = sandbox.inquire(psid)
    assert (answer["response_code"], answer["bill_status"]) == ("02", "B")
    sandbox.login()
    assert sandbox.status(psid)["status"] == "expired"


def test_unreadable_requests_are_04(sandbox: Sandbox):
    assert sandbox.inquire("12AB")["response_code"] == "04"
    raw = sandbox.client.post(
        "/bank/bill-inquiry", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert raw.status_code == 200 and raw.json()["response_code"] == "04"
    psid = sandbox.psid()
    assert sandbox.pay(psid, tran_date="2026-11-22")["response_code"] == "04"
    assert sandbox.pay(psid, transaction_amount="1450000")["response_code"] == "04"
    assert sandbox.pay(psid, paisa=0)["response_code"] == "04"
    assert sandbox.pay(psid, tran_time="251500")["response_code"] == "04"


def test_service_failure_is_05_and_changes_nothing(sandbox: Sandbox):
    psid = sandbox.psid()
    knobs = sandbox.client.post("/sandbox/knobs", json={"fail_next_bank_calls": 2}).json()
    assert knobs["fail_next_bank_calls"] == 2
    assert sandbox.inquire(psid)["response_code"] == "05"
    assert sandbox.pay(psid)["response_code"] == "05"
    assert sandbox.status(psid)["status"] == "unpaid"
    assert sandbox.pay(psid)["response_code"] == "00"  # the bank retries and it goes through


# --- bank side: payment ----------------------------------------------------------------


def test_exact_payment_is_00_and_shows_as_paid_with_bank_time_and_tran_auth_id(sandbox: Sandbox):
    psid = sandbox.psid()
    answer = sandbox.pay(psid, tran_auth_id="123456")
    assert answer == {"response_code": "00", "identification_parameter": "V-1", "reserved": ""}
    status = sandbox.status(psid)
    assert status["status"] == "paid"
    assert status["paid_amount_paisa"] == 1_450_000
    assert (status["paid_date"], status["paid_time"]) == ("20261122", "101500")
    assert (status["bank_mnemonic"], status["tran_auth_id"]) == ("HBL", "123456")
    assert status["paid_at"] == "2026-11-22T05:00:00Z"
    inquiry = sandbox.inquire(psid)
    assert (inquiry["bill_status"], inquiry["tran_auth_id"]) == ("P", "123456")
    assert inquiry["amount_paid"] == "0000001450000" and inquiry["date_paid"] == "20261122"


def test_same_tran_auth_id_again_is_03_duplicate_transaction(sandbox: Sandbox):
    psid = sandbox.psid()
    assert sandbox.pay(psid, tran_auth_id="555555")["response_code"] == "00"
    assert sandbox.pay(psid, tran_auth_id="555555")["response_code"] == "03"
    assert len(sandbox.status(psid)["payments"]) == 1


def test_after_the_due_date_the_higher_amount_is_owed(sandbox: Sandbox):
    psid = sandbox.psid()
    assert sandbox.pay(psid, 1_450_000, tran_date="20261207")["response_code"] == "04"
    assert sandbox.pay(psid, 1_595_000, tran_date="20261207")["response_code"] == "00"


def test_strict_gateway_refuses_partial_over_late_and_second_payments(sandbox: Sandbox):
    psid = sandbox.psid()
    assert sandbox.pay(psid, 1_000_000, tran_auth_id="1")["response_code"] == "04"
    assert sandbox.pay(psid, 2_000_000, tran_auth_id="2")["response_code"] == "04"
    assert sandbox.pay(psid, tran_auth_id="3", tran_date="20261222")["response_code"] == "02"
    assert sandbox.pay(psid, tran_auth_id="4")["response_code"] == "00"
    assert sandbox.pay(psid, tran_auth_id="5")["response_code"] == "02"  # already paid
    assert [p["tran_auth_id"] for p in sandbox.status(psid)["payments"]] == ["4"]


def test_lenient_gateway_records_the_exceptions_the_server_must_reconcile(sandbox: Sandbox):
    partial, over, late = sandbox.psid("V-p"), sandbox.psid("V-o"), sandbox.psid("V-l")
    assert sandbox.pay(partial, 1_000_000, "11", sandbox_lenient=True)["response_code"] == "00"
    sandbox.client.post("/sandbox/knobs", json={"lenient": True})
    assert sandbox.pay(over, 2_000_000, "12")["response_code"] == "00"
    assert sandbox.pay(late, 1_595_000, "13", tran_date="20261222")["response_code"] == "00"
    assert sandbox.pay(partial, 450_000, "14")["response_code"] == "00"  # second payment
    kinds = {
        psid: [p["kind"] for p in sandbox.status(psid)["payments"]]
        for psid in (partial, over, late)
    }
    assert kinds == {partial: ["partial", "repeat"], over: ["over"], late: ["late"]}
    assert sandbox.status(partial)["paid_total_paisa"] == 1_450_000


def test_settlement_list_holds_the_payments_of_the_period(sandbox: Sandbox):
    first, second = sandbox.psid("V-a"), sandbox.psid("V-b")
    sandbox.pay(first, tran_auth_id="700001")
    sandbox.clock.now = START + timedelta(hours=2)
    sandbox.pay(second, tran_auth_id="700002")
    sandbox.login()
    window = {
        "from": (START - timedelta(minutes=1)).isoformat(),
        "to": (START + timedelta(hours=1)).isoformat(),
    }
    paid = sandbox.client.get("/aggregator/paid", params=window, headers=sandbox.headers).json()
    assert [p["tran_auth_id"] for p in paid["payments"]] == ["700001"]
    assert paid["payments"][0] == {
        "psid": first,
        "tran_auth_id": "700001",
        "amount_paisa": 1_450_000,
        "paid_at": "2026-11-22T05:00:00Z",
        "bank_mnemonic": "HBL",
        "tran_date": "20261122",
        "tran_time": "101500",
        "department_transaction_id": "V-a",
    }


def test_openapi_and_health_are_served(sandbox: Sandbox):
    assert sandbox.client.get("/health").json() == {"status": "ok"}
    paths = sandbox.client.get("/openapi.json").json()["paths"]
    for path in (
        "/aggregator/token",
        "/aggregator/psid",
        "/aggregator/psid-block",
        "/aggregator/psid/{psid}",
        "/aggregator/paid",
        "/bank/bill-inquiry",
        "/bank/bill-payment",
    ):
        assert path in paths


# --- signing ---------------------------------------------------------------------------


def test_signature_verifies_only_the_exact_body_within_the_allowed_skew():
    body = b'{"psid":"1","tran_auth_id":"2"}'
    signature = sign(body, SECRET)
    now = 1_800_000_000.0
    assert verify(body, signature, SECRET, str(int(now)), 300, now=now)
    assert verify(body, signature.upper(), SECRET, now - 299, 300, now=now)
    assert not verify(body + b" ", signature, SECRET, now, 300, now=now)
    assert not verify(body, signature, "other-secret", now, 300, now=now)
    assert not verify(body, signature, SECRET, now - 301, 300, now=now)
    assert not verify(body, None, SECRET, now, 300, now=now)
    assert not verify(body, signature, SECRET, "yesterday", 300, now=now)


def test_failed_deliveries_back_off_exponentially_up_to_a_ceiling():
    config = GatewayConfig(backoff_base_s=2, backoff_max_s=60)
    assert [backoff_s(config, n) for n in (1, 2, 3, 6, 20)] == [2, 4, 8, 60, 60]


# --- the real thing: a gateway process, a bank paying, the server receiving --------------


class Receiver:
    """A stand-in for the central server's intimation endpoint on 127.0.0.1.

    Answers 500 to the first delivery (so the gateway must retry) and 200 after that.
    """

    def __init__(self) -> None:
        self.deliveries: list[dict[str, Any]] = []
        self.changed = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                first = not receiver.deliveries
                with receiver.changed:
                    receiver.deliveries.append(
                        {
                            "body": json.loads(body),
                            "verified": verify(
                                body,
                                self.headers.get("X-Signature"),
                                SECRET,
                                self.headers.get("X-Timestamp"),
                                60,
                            ),
                            "answered": 500 if first else 200,
                        }
                    )
                    receiver.changed.notify_all()
                self.send_response(500 if first else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/payments/intimation"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def wait_for(self, count: int, timeout_s: float = 20.0) -> list[dict[str, Any]]:
        with self.changed:
            self.changed.wait_for(lambda: len(self.deliveries) >= count, timeout_s)
            return list(self.deliveries)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen[str], timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"gateway exited: {process.stdout.read() if process.stdout else ''}"
            )
        try:
            if requests.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            time.sleep(0.05)  # poll interval while the port opens; the deadline bounds it
    raise AssertionError("gateway did not answer /health in time")


@pytest.fixture
def live_gateway(tmp_path: Path) -> Iterator[tuple[str, Receiver]]:
    receiver = Receiver()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "server.sandbox_gateway",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--db",
            str(tmp_path / "live.sqlite3"),
            "--intimation-url",
            receiver.url,
            "--secret",
            SECRET,
            "--duplicate-rate",
            "1",
            "--backoff",
            "0.05",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_healthy(url, process)
        yield url, receiver
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        receiver.close()


@pytest.mark.slow
def test_bank_payment_reaches_the_server_signed_retried_and_once_more_on_purpose(
    live_gateway: tuple[str, Receiver], capsys: pytest.CaptureFixture[str]
):
    url, receiver = live_gateway
    gateway: PaymentGateway = SandboxGateway(url, "daftar", "sandbox-secret")
    voucher = VoucherForGateway(
        department_transaction_id="voucher-0001",
        amount_within_due_paisa=1_450_000,
        amount_after_due_paisa=1_595_000,
        due_date=date.today() + timedelta(days=14),
        expiry_date=date.today() + timedelta(days=30),
        consumer_name="Muhammad Imran Khan",
        cnic="1730112345679",
        mobile="03001234567",
        district="Peshawar",
        heads=[("C02101", "Arms licence fee", 1_450_000)],
    )
    leased = gateway.reserve_block(2, request_id="device-7")
    psid = gateway.activate(voucher, psid=leased[0])
    assert psid == leased[0] and gateway.activate(voucher) == psid  # idempotent
    assert gateway.status(psid).status == "unpaid"
    with pytest.raises(GatewayRejected):
        gateway.activate(
            VoucherForGateway(**{**voucher.__dict__, "amount_within_due_paisa": 1, "heads": ()})
        )

    assert (
        gateway_main(["pay", psid, "--url", url, "--bank", "MCB", "--tran-auth-id", "424242"]) == 0
    )
    printed = capsys.readouterr().out
    assert "BillInquiry" in printed and "Rs 14,500.00" in printed and ": 00 ok" in printed

    deliveries = receiver.wait_for(3)
    assert len(deliveries) >= 3, deliveries
    assert [d["answered"] for d in deliveries[:3]] == [500, 200, 200]  # retry, then duplicate
    assert all(d["verified"] for d in deliveries)
    bodies = {json.dumps(d["body"], sort_keys=True) for d in deliveries}
    assert len(bodies) == 1  # the same payment each time: the server dedupes on tran_auth_id
    body = deliveries[0]["body"]
    assert body["psid"] == psid and body["tran_auth_id"] == "424242"
    assert body["amount_paisa"] == 1_450_000 and body["bank_mnemonic"] == "MCB"
    assert body["department_transaction_id"] == "voucher-0001"

    status = gateway.status(psid)
    assert status.status == "paid" and status.first_payment is not None
    assert status.first_payment.tran_auth_id == "424242"
    paid_at = status.first_payment.paid_at
    settled = gateway.paid_between(paid_at - timedelta(seconds=1), paid_at + timedelta(seconds=1))
    assert [p.tran_auth_id for p in settled] == ["424242"]
    assert gateway.status(leased[1]).status == "blocked"


@pytest.mark.slow
def test_module_entry_point_pays_like_a_bank_and_reports_refusals(
    live_gateway: tuple[str, Receiver],
):
    url, _receiver = live_gateway
    gateway = SandboxGateway(url, "daftar", "sandbox-secret")
    psid = gateway.activate(
        VoucherForGateway(
            department_transaction_id="voucher-0002",
            amount_within_due_paisa=50_000,
            amount_after_due_paisa=60_000,
            due_date=date.today() + timedelta(days=7),
            expiry_date=date.today() + timedelta(days=7),
            consumer_name="Gul Zaman",
            cnic="1730112345671",
        )
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))

    def pay(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "server.sandbox_gateway", "pay", psid, "--url", url, *extra],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    partial = pay("--amount", "100")
    assert partial.returncode == 1 and ": 04 invalid data" in partial.stdout
    paid = pay("--amount", "500", "--bank", "UBL")
    assert paid.returncode == 0 and ": 00 ok" in paid.stdout, paid.stdout + paid.stderr
    again = pay()
    assert again.returncode == 1 and "  paid;" in again.stdout
    assert "no payment sent" in again.stdout


def test_a_sandbox_file_from_before_per_bank_keys_is_upgraded_keeping_its_payments(tmp_path: Path):
    """An older demo's gateway file had tran_auth_id unique across banks."""
    from sqlalchemy import inspect as inspect_db

    from server.sandbox_gateway.store import GatewayStore

    path = tmp_path / "old-gateway.sqlite3"
    store = GatewayStore(path)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE intimation_deliveries")
        conn.exec_driver_sql("DROP TABLE payments")
        conn.exec_driver_sql(
            "CREATE TABLE payments (id INTEGER NOT NULL PRIMARY KEY, psid VARCHAR(30) NOT NULL "
            "REFERENCES psids (psid), tran_auth_id VARCHAR(40) NOT NULL UNIQUE, bank_mnemonic "
            "VARCHAR(12) NOT NULL, amount_paisa INTEGER NOT NULL, tran_date VARCHAR(8) NOT NULL, "
            "tran_time VARCHAR(6) NOT NULL, paid_at DATETIME NOT NULL, kind VARCHAR(10) NOT NULL)"
        )
        conn.exec_driver_sql(
            "INSERT INTO psids (psid, state, reserved_at) VALUES "
            "('1002', 'active', '2026-11-22 05:00:00')"
        )
        conn.exec_driver_sql(
            "INSERT INTO payments VALUES (1, '1002', '123456', 'HBL', 100, "
            "'20261122', '101500', '2026-11-22 05:15:00', 'exact')"
        )
    store.close()
    store = GatewayStore(path)
    try:
        uniques = inspect_db(store.engine).get_unique_constraints("payments")
        assert [u["column_names"] for u in uniques] == [
            ["bank_mnemonic", "tran_auth_id", "tran_date", "psid"]
        ]
        with store.engine.begin() as conn:
            assert conn.exec_driver_sql("SELECT tran_auth_id FROM payments").scalars().all() == [
                "123456"
            ]
            conn.exec_driver_sql(
                "INSERT INTO payments VALUES (2, '1002', '123456', 'UBL', 100, "
                "'20261122', '101600', '2026-11-22 05:16:00', 'repeat')"
            )
    finally:
        store.close()


def test_one_bank_reusing_an_id_for_another_psid_or_day_is_a_new_payment(sandbox: Sandbox):
    first, second = sandbox.psid("V-a"), sandbox.psid("V-b")
    assert sandbox.pay(first, tran_auth_id="246810")["response_code"] == "00"
    assert sandbox.pay(second, tran_auth_id="246810")["response_code"] == "00"
    assert sandbox.pay(second, tran_auth_id="246810")["response_code"] == "03"  # a resend
    other_bank = sandbox.pay(
        second, tran_auth_id="246810", bank_mnemonic="UBL", sandbox_lenient=True
    )
    assert other_bank["response_code"] == "00"  # UBL's ids are UBL's own
    assert [p["bank_mnemonic"] for p in sandbox.status(second)["payments"]] == ["HBL", "UBL"]


# --- the bank side, from its OpenAPI document alone (issue 13.4) -------------------------


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """A schema with its top-level $ref followed (components or inline $defs)."""
    ref = schema.get("$ref")
    if ref is None:
        return schema
    name = ref.rsplit("/", 1)[-1]
    found = doc.get("components", {}).get("schemas", {}).get(name) or schema.get("$defs", {}).get(
        name
    )
    assert found is not None, ref
    return found  # type: ignore[no-any-return]


def test_a_bank_integrator_can_pay_from_the_openapi_document_alone(sandbox: Sandbox):
    """Read the two operations' schemas and examples from /openapi.json, build the calls
    from them only, and get 00 for the inquiry and the payment."""
    import re

    doc = sandbox.client.get("/openapi.json").json()
    ops = {name: doc["paths"][f"/bank/{name}"]["post"] for name in ("bill-inquiry", "bill-payment")}
    for name, op in ops.items():
        body = op["requestBody"]["content"]["application/json"]
        request_schema = _resolve(doc, body["schema"])
        answer = op["responses"]["200"]["content"]["application/json"]
        response_schema = _resolve(doc, answer["schema"])
        assert body["examples"] and answer["examples"], name
        # Every example request matches its own schema's required fields and patterns.
        for example in body["examples"].values():
            value = example["value"]
            assert set(request_schema["required"]) <= set(value)
            for field_name, spec in request_schema["properties"].items():
                if "pattern" in spec and field_name in value:
                    assert re.fullmatch(spec["pattern"], value[field_name]), (name, field_name)
        codes = response_schema["properties"]["response_code"]
        assert codes["enum"] == ["00", "01", "02", "03", "04", "05"]
        for code, meaning in (
            ("00", "ok"),
            ("01", "unknown consumer"),
            ("02", "blocked"),
            ("03", "duplicate"),
            ("04", "invalid data"),
            ("05", "service failure"),
        ):
            assert f"`{code}` {meaning}" in codes["description"]
    inquiry_out = _resolve(
        doc, ops["bill-inquiry"]["responses"]["200"]["content"]["application/json"]["schema"]
    )["properties"]
    assert set(inquiry_out["bill_status"]["enum"]) >= {"U", "P", "B"}
    assert "13 digits, the last two paisa" in inquiry_out["amount_within_dd"]["description"]
    assert "YYYYMMDD" in inquiry_out["due_date"]["description"]
    payment_in = _resolve(
        doc, ops["bill-payment"]["requestBody"]["content"]["application/json"]["schema"]
    )["properties"]
    assert "HHMMSS" in payment_in["tran_time"]["description"]
    assert "YYYYMMDD" in payment_in["tran_date"]["description"]
    assert payment_in["transaction_amount"]["pattern"] == r"^\+?[0-9]{13}$"
    assert "For a bank integrator" in doc["info"]["description"]

    # Now as the integrator: the example bodies, with our voucher's PSID and amounts.
    psid = sandbox.psid()
    inquiry_example = ops["bill-inquiry"]["requestBody"]["content"]["application/json"]["examples"][
        "inquiry"
    ]["value"]
    owed = sandbox.client.post(
        "/bank/bill-inquiry", json=dict(inquiry_example, consumer_number=psid)
    ).json()
    assert (owed["response_code"], owed["bill_status"]) == ("00", "U")
    examples = ops["bill-payment"]["requestBody"]["content"]["application/json"]["examples"]
    payment = dict(
        examples["within_due_date"]["value"],
        consumer_number=psid,
        transaction_amount=owed["amount_within_dd"],
        tran_date="20261122",
    )
    answer = sandbox.client.post("/bank/bill-payment", json=payment).json()
    assert answer["response_code"] == "00"
    assert set(answer) == set(
        _resolve(
            doc, ops["bill-payment"]["responses"]["200"]["content"]["application/json"]["schema"]
        )["properties"]
    )
    assert set(sandbox.inquire(psid)) == set(inquiry_out)


MALFORMED_BANK_BODIES = [
    b"",
    b"null",
    b"[]",
    b'"text"',
    b"{",
    b'{"consumer_number": 17}',
    b'{"consumer_number": "1002\\u0000"}',
    b'{"consumer_number": "1002", "bank_mnemonic": "H\\u0000BL"}',
    b'{"consumer_number": "' + b"9" * 5000 + b'", "bank_mnemonic": "HBL"}',
    b'{"consumer_number": "1002", "bank_mnemonic": ["HBL"]}',
    b'{"consumer_number": 1e400, "bank_mnemonic": "HBL"}',
    b'{"consumer_number": 123456789012345678901234567890, "bank_mnemonic": "HBL"}',
]


def test_malformed_bank_requests_are_answered_04_never_a_crash(sandbox: Sandbox):
    psid = sandbox.psid()
    for raw in MALFORMED_BANK_BODIES:
        for path in ("/bank/bill-inquiry", "/bank/bill-payment"):
            answer = sandbox.client.post(
                path, content=raw, headers={"Content-Type": "application/json"}
            )
            assert answer.status_code == 200 and answer.json()["response_code"] == "04", (path, raw)
    good = {
        "consumer_number": psid,
        "tran_auth_id": "100001",
        "transaction_amount": "0000001450000",
        "tran_date": "20261122",
        "tran_time": "101500",
        "bank_mnemonic": "HBL",
    }
    for change in (
        {"transaction_amount": 1450000},
        {"transaction_amount": "9" * 30},
        {"transaction_amount": "+000000145000\u0000"},
        {"tran_date": "20261322"},
        {"tran_date": 20261122},
        {"tran_time": "246000"},
        {"tran_auth_id": ""},
        {"tran_auth_id": "10\u00000001"},
        {"tran_auth_id": "x" * 41},
        {"bank_mnemonic": None},
        {"consumer_number": ""},
        {"transaction_amount": "²" * 13},
        {"consumer_number": "١٠٠٢"},
        {"tran_date": "２０２６１１２２"},
    ):
        answer = sandbox.client.post("/bank/bill-payment", json={**good, **change})
        assert answer.status_code == 200 and answer.json()["response_code"] == "04", change
    assert sandbox.status(psid)["status"] == "unpaid"


def test_hostile_aggregator_inputs_are_4xx_never_500(sandbox: Sandbox):
    client, headers = sandbox.client, sandbox.headers
    for change in (
        {"amount_within_due_paisa": 2**63, "amount_after_due_paisa": 2**63},
        {"amount_within_due_paisa": 10**13},
        {"consumer_name": "Imran\u0000Khan"},
        {"department_transaction_id": "V\u0000"},
        {"cnic": "17301\u00001234567"},
        {"heads": [{"code": "C1", "label": "fee", "amount_paisa": 2**64}]},
        {"psid": "1002\u0000"},
    ):
        answer = client.post(
            "/aggregator/psid",
            headers=headers,
            content=json.dumps(voucher_json("V-h", **change)).encode(),
        )
        assert 400 <= answer.status_code < 500, (change, answer.status_code, answer.text)
    for body in ({"count": 2**63}, {"count": 5, "request_id": "r\u0000"}):
        assert client.post("/aggregator/psid-block", headers=headers, json=body).status_code == 422
    for params in (
        {"from": "9999-12-31T23:59:59-05:00", "to": "9999-12-31T23:59:59-05:00"},
        {"from": "2026-01-01T00:00:00\u0000", "to": "2026-01-02T00:00:00"},
        {"from": "1" * 400, "to": "2026-01-02"},
    ):
        answer = client.get("/aggregator/paid", headers=headers, params=params)
        assert 400 <= answer.status_code < 500, (params, answer.status_code)
    assert client.get("/aggregator/psid/1002%00", headers=headers).status_code == 400
    assert client.post("/sandbox/knobs", json={"fail_next_bank_calls": 2**63}).status_code == 422
    assert client.post(
        "/aggregator/token", json={"client_id": "daftar\u0000", "client_secret": "x"}
    ).status_code in (401, 422)
    huge = b'{"consumer_number": "' + b"1" * 200_000 + b'"}'
    assert client.post("/bank/bill-inquiry", content=huge).status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams in
        yield b'{"client_id": "'
        for _ in range(100):
            yield b"x" * 1024
        yield b'", "client_secret": "y"}'

    streamed = client.post(
        "/aggregator/token", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert streamed.status_code == 413
    assert sandbox.client.get("/health").json() == {"status": "ok"}
