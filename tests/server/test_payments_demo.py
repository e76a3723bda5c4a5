"""`make run`'s demo holds together (issue 13.5), on a small seed: its dates run up to
today, no record is paid without a PSID, and the sandbox gateway knows every seeded
voucher that is still payable, so a PSID on a demo challan can be paid at a "bank"
and the server takes the voucher up with the gateway without a single exception.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from daftar_cli.seed import seed_gateway, seed_server
from domain.demo_data import FIGURES_AS_OF, DemoGenerator, seed_figure_plan
from domain.fees import FeeSchedule
from domain.ids import to_karachi, utcnow
from domain.models import LicenceApplication, Voucher
from server.db import make_engine
from server.migrate import prepare_database
from server.payments.activation import activate_due
from server.payments.config import PaymentSettings
from server.payments.gateway_client import SandboxGateway
from server.payments.models import PaymentException, PsidActivation
from server.payments.service import Payments
from server.sandbox_gateway import GatewayConfig, create_app
from server.sandbox_gateway.cli import describe, pay_voucher

APPLICATIONS = 2000
PAID_STATES = ("fee_paid", "verified", "approved", "weapon_entered", "licence_issued")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A demo server database seeded the way `make run` does, smaller."""
    folder = tmp_path_factory.mktemp("demo")
    engine = make_engine(f"sqlite:///{folder / 'server.db'}")
    prepare_database(engine)
    seed_server(engine, APPLICATIONS, districts=["PSH"])
    yield engine
    engine.dispose()


def test_the_demo_register_runs_up_to_today(seeded: Engine):
    today = to_karachi(utcnow()).date()
    with seeded.connect() as conn:
        first, last = conn.execute(
            select(
                func.min(LicenceApplication.submitted_at), func.max(LicenceApplication.submitted_at)
            )
        ).one()
        newest_voucher = conn.execute(select(func.max(Voucher.issued_at))).scalar_one()
    assert (today - to_karachi(last).date()).days <= 1, last
    assert newest_voucher <= utcnow()  # nothing dated in the future
    assert to_karachi(first).date().year == today.year - 6
    with seeded.connect() as conn:
        unpaid_due = conn.execute(
            select(func.min(Voucher.due_date)).where(Voucher.status == "unpaid")
        ).scalar_one()
    assert unpaid_due >= today  # every unpaid challan can still be paid within its due date


def test_a_seed_of_the_published_figures_ends_on_the_day_they_describe():
    """The figures are a mid-2025 snapshot: every voucher priced by the schedule then."""
    generator = DemoGenerator(7, today=FIGURES_AS_OF)
    rows = list(generator.applications(3000, plan=seed_figure_plan()))
    assert max(app["submitted_at"] for _, app, _ in rows) < FIGURES_AS_OF.isoformat()
    assert {app["fee_schedule_version"] for _, app, voucher in rows if voucher} == {
        FeeSchedule.for_date(FIGURES_AS_OF).version
    }


def test_no_demo_record_is_paid_without_a_psid(seeded: Engine):
    with seeded.connect() as conn:
        paid_without = conn.execute(
            select(func.count())
            .select_from(Voucher)
            .where(Voucher.status == "paid", (Voucher.psid.is_(None)) | Voucher.provisional)
        ).scalar_one()
        paid_apps = conn.execute(
            select(func.count())
            .select_from(LicenceApplication)
            .where(LicenceApplication.status.in_(PAID_STATES))
        ).scalar_one()
        with_paid_voucher = conn.execute(
            select(func.count(func.distinct(Voucher.subject_id))).where(
                Voucher.status == "paid", Voucher.psid.is_not(None)
            )
        ).scalar_one()
    assert paid_without == 0
    assert paid_apps == with_paid_voucher > 0


def test_the_screenshot_walk_through_pays_a_voucher_that_has_a_psid(tmp_path: Path):
    """`make screenshots` walks one application through payment: its challan has a PSID."""
    pytest.importorskip("PySide6")
    from desktop.screenshots import _walk_through
    from sync.store import LocalStore

    store = LocalStore.open("walk", path=tmp_path / "walk.db", key_file=tmp_path / "walk.key")
    try:
        app_id = _walk_through(store)
        with store.sessions() as s:
            [voucher] = s.scalars(select(Voucher).where(Voucher.subject_id == app_id)).all()
        assert voucher.status == "paid" and voucher.psid and not voucher.provisional
    finally:
        store.close()


def test_the_gateway_knows_the_seeded_unpaid_vouchers_and_a_bank_pays_one(
    seeded: Engine, tmp_path: Path
):
    gateway_db = tmp_path / "gateway.db"
    with seeded.connect() as conn:
        payable = conn.execute(
            select(func.count()).select_from(Voucher).where(Voucher.status == "unpaid")
        ).scalar_one()
        psid, voucher_id = conn.execute(
            select(Voucher.psid, Voucher.id)
            .where(Voucher.status == "unpaid")
            .order_by(Voucher.issued_at.desc())
            .limit(1)
        ).one()
    assert seed_gateway(seeded, gateway_db) == payable > 0
    assert seed_gateway(seeded, gateway_db) == 0  # every start: nothing twice

    config = GatewayConfig()
    with TestClient(create_app(gateway_db, config)) as bank:
        # The server takes the vouchers up as usual: each replay gets its own PSID back.
        payments = Payments(
            seeded,
            PaymentSettings(),
            SandboxGateway("http://testserver", "daftar", "sandbox-secret", session=bank),
        )
        report = activate_due(payments, limit=10_000)
        assert (report.activated, report.failed) == (payable, 0)
        with payments.sessions() as s:
            assert s.scalar(select(func.count()).select_from(PaymentException)) == 0
            assert (
                s.scalar(
                    select(func.count())
                    .select_from(PsidActivation)
                    .where(PsidActivation.state == "active")
                )
                == payable
            )

        # `daftar gateway pay PSID` with the PSID the demo challan shows.
        outcome = pay_voucher_through(bank, psid)
        assert outcome.ok, describe(psid, outcome)
        assert outcome.inquiry["bill_status"] == "U"
        status = bank.post(
            "/bank/bill-inquiry", json={"consumer_number": psid, "bank_mnemonic": "HBL"}
        ).json()
        assert status["bill_status"] == "P"
        assert bank.post("/bank/bill-payment", json={}).json()["response_code"] == "04"
    with seeded.connect() as conn:
        assert (
            conn.execute(select(Voucher.status).where(Voucher.id == voucher_id)).scalar_one()
            == "unpaid"
        )


def pay_voucher_through(bank: TestClient, psid: str):  # type: ignore[no-untyped-def]
    """`pay_voucher` (what `daftar gateway pay` runs) with its HTTP going to `bank`."""
    import requests

    original = requests.Session.post

    def post(self: requests.Session, url: str, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.pop("timeout", None)
        return bank.post(url.replace("http://gateway", ""), **kwargs)

    requests.Session.post = post  # type: ignore[method-assign]
    try:
        return pay_voucher("http://gateway", psid, when=datetime.now(UTC) - timedelta(minutes=1))
    finally:
        requests.Session.post = original  # type: ignore[method-assign]


def test_pay_finds_the_running_demos_gateway_without_a_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from server.sandbox_gateway import cli
    from server.sandbox_gateway.cli import DEMO_URL_FILE, default_pay_url

    monkeypatch.setenv("DAFTAR_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DAFTAR_GATEWAY_URL", raising=False)
    assert default_pay_url() == "http://127.0.0.1:8765"
    monkeypatch.setenv("DAFTAR_GATEWAY_URL", "http://127.0.0.1:9999")
    assert default_pay_url() == "http://127.0.0.1:9999"
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / DEMO_URL_FILE).write_text("http://127.0.0.1:41234\n")
    monkeypatch.setattr(cli, "_answers", lambda url: url == "http://127.0.0.1:41234")
    assert default_pay_url() == "http://127.0.0.1:41234"  # the running demo's gateway
    monkeypatch.setattr(cli, "_answers", lambda url: False)
    assert default_pay_url() == "http://127.0.0.1:9999"  # a demo killed without cleaning up
