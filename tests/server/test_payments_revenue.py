"""The revenue report: definitions on a handful of records, then the seed figures of
DESIGN.md read back from a server database seeded with `daftar seed --seed-figures`."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from datetime import time as dtime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, update

from domain import reference
from domain.demo_data import SEED_FIGURES
from domain.fees import FeeSchedule
from domain.ids import new_id
from server.app import create_app
from server.db import make_engine
from server.migrate import prepare_database
from server.models import Device
from server.payments.config import PaymentSettings
from server.payments.gateway_client import PaymentRecord
from server.payments.ledger import ingest
from server.payments.routes import build_router, is_payments_route
from server.payments.service import Payments
from server.settings import Settings

ENROLMENT_KEY = "test-enrolment-key"
START = datetime.combine(datetime.now(timezone.utc).date(), dtime(5, 0), timezone.utc)
AT = (START - timedelta(minutes=30)).isoformat()
FEE = FeeSchedule.for_date(START.date()).licence_fee("new", "district").total.paisa


def app_over(engine: Engine, payments: Payments) -> Any:
    app = create_app(Settings(enrolment_key=ENROLMENT_KEY, require_signatures=False), engine=engine)
    app.router.routes = [r for r in app.router.routes if not is_payments_route(r)]
    app.include_router(build_router(Settings(), engine, payments=payments, start_jobs=False))
    return app


class Desk:
    def __init__(self, client: TestClient, districts: list[str], office: str = "DC-PSH"):
        e = client.post(
            "/devices/enrol",
            json={
                "enrolment_key": ENROLMENT_KEY,
                "office_code": office,
                "device_name": f"desk {new_id()[-6:]}",
                "district_codes": districts,
            },
        ).json()
        assert "token" in e, e
        # A desk's districts are the server's record, set by an administrator (the
        # enrolment gives the office's own district whatever is asked).
        with client.app.state.engine.begin() as conn:
            conn.execute(
                update(Device)
                .where(Device.device_id == e["device_id"])
                .values(district_codes=districts)
            )
        self.client, self.device_id = client, e["device_id"]
        self.headers = {"Authorization": f"Bearer {e['token']}"}
        self.seq = 0

    def push(self, name: str, args: dict[str, Any]) -> dict[str, Any]:
        self.seq += 1
        answer = self.client.post(
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
        ).json()["results"][0]
        assert answer["status"] == "applied", answer
        return answer

    def revenue(self, **params: Any) -> Any:
        return self.client.get("/reports/revenue", headers=self.headers, params=params)


@pytest.fixture
def small(server_engine: Engine) -> Iterator[tuple[TestClient, Payments]]:
    payments = Payments(server_engine, PaymentSettings())
    with TestClient(app_over(server_engine, payments)) as client:
        yield client, payments


def _voucher(desk: Desk, n: int, district: str, **extra: Any) -> str:
    app_id = new_id()
    desk.push(
        "submit_licence_application",
        {
            "application_id": app_id,
            "application_no": f"REV-{n:05d}",
            "kind": "new",
            "weapon_type": "pistol",
            "bore": ".30",
            "validity": "district",
            "district_code": district,
            "documents": ["cnic_copy", "affidavit", "police_clearance"],
            "at": AT,
            "applicant": {
                "cnic": f"17301{n:07d}3",
                "name_en": f"Payer {n}",
                "date_of_birth": "1979-05-05",
            },
        },
    )
    voucher_id = new_id()
    desk.push(
        "issue_voucher", {"voucher_id": voucher_id, "application_id": app_id, "at": AT, **extra}
    )
    return voucher_id


def _paid(payments: Payments, voucher_id: str, paisa: int, tran: str) -> None:
    """A payment of a provisional voucher, as the gateway reports it (matched by the
    voucher id, which is the department transaction id)."""
    result = ingest(
        payments,
        PaymentRecord(
            psid=f"1002{tran:0>13}",
            tran_auth_id=tran,
            amount_paisa=paisa,
            paid_at=START,
            bank_mnemonic="HBL",
            department_transaction_id=voucher_id,
        ),
        "intimation",
    )
    assert not result.duplicate


def test_the_report_counts_received_generated_collected_and_in_process(small):
    client, payments = small
    desk = Desk(client, ["PSH", "MRD"])
    paid = _voucher(desk, 1, "PSH")
    _voucher(desk, 2, "PSH")  # unpaid, in process
    partly = _voucher(desk, 3, "MRD")  # unpaid, a partial payment held
    cancelled = _voucher(desk, 4, "MRD")
    desk.push("cancel_voucher", {"voucher_id": cancelled, "reason": "duplicate", "at": AT})
    _voucher(
        desk,
        5,
        "MRD",
        due_date=(START - timedelta(days=20)).date().isoformat(),
        expiry_date=(START - timedelta(days=5)).date().isoformat(),
    )  # unpaid and overdue
    _paid(payments, paid, FEE, "1001")
    _paid(payments, partly, 1_000_000, "1002")

    report = desk.revenue().json()
    assert report["applications_received"] == 5 and report["vouchers_generated"] == 5
    assert report["collected_paisa"] == FEE and report["collected_rupees"] == FEE // 100
    assert report["vouchers_paid"] == 1 and report["vouchers_unpaid"] == 3
    assert report["in_process_paisa"] == 3 * FEE
    assert report["overdue_unpaid_paisa"] == FEE
    assert report["held_paisa"] == 1_000_000
    per = {d["district_code"]: d for d in report["per_district"]}
    assert (
        set(per) == {"PSH", "MRD"}
        and per["PSH"]["district_name"] == reference.district("PSH").name_en
    )
    assert (per["PSH"]["collected_paisa"], per["PSH"]["in_process_paisa"]) == (FEE, FEE)
    assert (per["MRD"]["vouchers_generated"], per["MRD"]["in_process_paisa"]) == (3, 2 * FEE)
    for key in (
        "applications_received",
        "vouchers_generated",
        "collected_paisa",
        "in_process_paisa",
    ):
        assert sum(d[key] for d in report["per_district"]) == report[key]

    only = desk.revenue(district="MRD").json()
    assert only["districts"] == ["MRD"] and only["applications_received"] == 3
    today = START.date()
    assert (
        desk.revenue(**{"from": today.isoformat(), "to": today.isoformat()}).json()[
            "vouchers_generated"
        ]
        == 5
    )
    later = desk.revenue(**{"from": (today + timedelta(days=1)).isoformat()}).json()
    assert (later["applications_received"], later["collected_paisa"]) == (0, 0)


def test_the_report_keeps_to_the_desks_districts_and_checks_its_parameters(small):
    client, _payments = small
    desk = Desk(client, ["PSH"])
    assert client.get("/reports/revenue").status_code == 401
    assert desk.revenue(district="MRD").status_code == 403
    assert desk.revenue(district="NOPE").json()["code"] == "unknown_district"
    assert desk.revenue(**{"from": "22-11-2026"}).status_code == 422
    assert desk.revenue(**{"from": "2026-11-22", "to": "2026-11-01"}).status_code == 422
    assert desk.revenue().json()["per_district"] == []
    # This server has no gateway: PSIDs cannot be leased, and the desk is told why.
    lease = client.post("/payments/psid-lease", headers=desk.headers, json={"count": 5})
    assert lease.status_code == 503 and lease.json()["code"] == "no_gateway"


@pytest.mark.slow
def test_the_seed_figures_read_back_exactly(tmp_path):
    """`daftar seed --seed-figures --server-db URL`, then the report over every district."""
    from daftar_cli.seed import seed_server

    engine = make_engine(f"sqlite:///{tmp_path / 'seeded.sqlite3'}")
    try:
        prepare_database(engine)
        started = time.perf_counter()
        seeded = seed_server(engine, SEED_FIGURES["applications"], figures=True)
        seeding = time.perf_counter() - started
        assert (seeded.applications, seeded.vouchers) == (474_560, 203_998)
        payments = Payments(engine, PaymentSettings())
        with TestClient(app_over(engine, payments)) as client:
            desk = Desk(client, [d.code for d in reference.districts()])
            started = time.perf_counter()
            report = desk.revenue().json()
            took = time.perf_counter() - started
        print(
            f"seeded in {seeding:.1f} s; revenue report over the province in {took * 1000:.0f} ms"
        )
        assert report["applications_received"] == 474_560
        assert report["vouchers_generated"] == 203_998
        assert report["collected_rupees"] == 1_900_000_000 and report["collected_paisa"] % 100 == 0
        assert report["in_process_rupees"] == 345_000_000
        assert report["held_paisa"] == 0
        assert (
            sum(d["collected_paisa"] for d in report["per_district"]) == report["collected_paisa"]
        )
        assert (
            sum(d["in_process_paisa"] for d in report["per_district"]) == report["in_process_paisa"]
        )
        assert len(report["per_district"]) > 10
    finally:
        engine.dispose()
