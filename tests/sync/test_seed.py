"""Demo data: valid records, and the seed figures add up exactly."""

from __future__ import annotations

from sqlalchemy import func, select

from daftar_cli.seed import seed_sqlite_raw
from domain.demo_data import SEED_FIGURES, DemoGenerator, seed_figure_plan
from domain.models import LicenceApplication, Person, Voucher
from domain.values import Cnic
from sync.store import LocalStore


def test_seed_figure_plan_hits_the_published_totals():
    plan = seed_figure_plan()
    assert len(plan.paid) + len(plan.unpaid) == SEED_FIGURES["vouchers"]
    assert sum(plan.paid) == SEED_FIGURES["collected_rupees"]
    assert sum(plan.unpaid) == SEED_FIGURES["in_process_rupees"]


def test_generated_people_have_valid_unique_cnics_and_urdu_names():
    rows = list(DemoGenerator(seed=3).applications(3000))
    cnics = [Cnic.parse(person["cnic"]).digits for person, _, _ in rows]
    assert len(set(cnics)) == len(cnics)
    assert all(any("\u0600" <= ch <= "\u06ff" for ch in person["name_ur"]) for person, _, _ in rows)


def test_seed_into_local_store_reads_back_through_the_models():
    store = LocalStore.open("seeded")
    report = seed_sqlite_raw(store.engine, 2000, figures=True)
    assert report.applications == 2000 and report.vouchers == 2000
    with store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 2000
        app = s.scalars(select(LicenceApplication).limit(1)).one()
        assert app.submitted_at.tzinfo is not None and app.documents
        voucher = s.scalars(select(Voucher).where(Voucher.status == "paid").limit(1)).one()
        assert voucher.paid_amount_paisa == voucher.amount_within_due_paisa
        # indexes were rebuilt after the load
        hit = s.scalars(select(LicenceApplication).where(LicenceApplication.cnic == app.cnic)).one()
        assert hit.id == app.id


def test_a_demo_of_any_size_has_paid_and_unpaid_vouchers_in_the_seed_proportions():
    store = LocalStore.open("small-demo")
    report = seed_sqlite_raw(store.engine, 10_000)
    assert report.vouchers == round(
        10_000 * SEED_FIGURES["vouchers"] / SEED_FIGURES["applications"]
    )
    with store.sessions() as s:
        by_status = dict(
            s.execute(select(Voucher.status, func.count()).group_by(Voucher.status)).all()
        )
        waiting = s.scalar(
            select(func.count())
            .select_from(LicenceApplication)
            .where(LicenceApplication.status == "voucher_issued")
        )
    assert by_status["paid"] > by_status["unpaid"] > 0
    assert waiting == by_status["unpaid"]  # an unpaid voucher's application waits for it


def test_rows_generated_in_a_second_process_are_the_same_as_in_one(monkeypatch):
    """Big seeds generate in a second process (a core of their own); the store must
    hold exactly what the one-process path writes."""
    import daftar_cli.seed as seed

    def contents(name: str, process_from: int) -> list[tuple]:
        monkeypatch.setattr(seed, "PROCESS_FROM", process_from)
        store = LocalStore.open(name)
        report = seed_sqlite_raw(store.engine, 3000, figures=True)
        assert report.applications == 3000 and report.vouchers == 3000
        with store.engine.connect() as conn:
            rows = [
                tuple(r)
                for table in ("persons", "licence_applications", "vouchers")
                for r in conn.exec_driver_sql(f'SELECT * FROM "{table}" ORDER BY id')
            ]
        store.close()
        return rows

    assert contents("in-one", 10**9) == contents("in-two", 1)
