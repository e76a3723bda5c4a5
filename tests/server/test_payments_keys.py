"""A payment is keyed the way banks issue it: (bank, authorisation id, transaction
date, PSID) — issue 12.4 — and the payment routes answer hostile numbers and bytes
with 4xx, never 500 (issue 12.3). Each test runs on SQLite and on PostgreSQL.

Uses the in-process server + sandbox gateway of `test_payments_ledger.py`.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import orjson
import test_payments_ledger
from sqlalchemy import text
from test_payments_ledger import FEE, START, PayEnv, intimation_body, signed

from domain.ids import to_karachi
from domain.models import LicenceApplication, Voucher
from server.payments.gateway_client import PaymentRecord
from server.payments.ledger import ingest
from server.payments.models import PaymentLedgerEntry
from server.payments.reconcile import settle

#: The in-process server and sandbox gateway of `test_payments_ledger.py` (a fixture).
env = test_payments_ledger.env


def post_intimation(env: PayEnv, body: bytes):
    return env.client.post("/payments/intimation", content=body, headers=signed(body))


# --- the key --------------------------------------------------------------------------------


def test_a_reused_authorisation_id_for_another_psid_marks_that_voucher_paid(env: PayEnv):
    desk = env.enrol()
    _first_app, first_voucher, first_psid = env.activated(desk)
    app_id, voucher_id, psid = env.activated(desk)
    one = post_intimation(env, intimation_body(first_psid, "123456", FEE, txn=first_voucher))
    two = post_intimation(env, intimation_body(psid, "123456", FEE, txn=voucher_id))
    assert (one.json()["status"], two.json()["status"]) == ("recorded", "recorded")
    assert two.json()["outcome"] == "exact" and two.json()["applied"] is True
    assert env.row(Voucher, voucher_id).status == "paid"
    assert env.row(LicenceApplication, app_id).status == "fee_paid"
    assert env.row(Voucher, first_voucher).status == "paid"
    assert len(env.ledger()) == 2 and env.exceptions() == []


def test_the_same_authorisation_id_on_another_day_is_a_new_payment(env: PayEnv):
    desk = env.enrol()
    _a, first_voucher, first_psid = env.activated(desk)
    _b, voucher_id, psid = env.activated(desk)
    post_intimation(env, intimation_body(first_psid, "777777", FEE, txn=first_voucher))
    env.clock.move(days=3)
    # The bank's ids came round again; this time (by chance) for the same PSID too.
    later = intimation_body(psid, "777777", FEE, paid_at=START + timedelta(days=3), txn=voucher_id)
    assert post_intimation(env, later).json()["status"] == "recorded"
    assert env.row(Voucher, voucher_id).status == "paid"
    days = sorted(e.tran_date for e in env.ledger())
    assert days == [to_karachi(START).date(), to_karachi(START + timedelta(days=3)).date()]


def test_a_true_resend_is_a_duplicate_and_changes_nothing(env: PayEnv):
    desk = env.enrol()
    _a, voucher_id, psid = env.activated(desk)
    body = intimation_body(psid, "424242", FEE, txn=voucher_id)
    assert post_intimation(env, body).json()["status"] == "recorded"
    version = env.row(Voucher, voucher_id).version
    # The same transaction, resent later in the day by the gateway (another paid_at).
    resend = orjson.loads(body)
    resend["paid_at"] = (START + timedelta(hours=2)).isoformat()
    answer = post_intimation(env, orjson.dumps(resend))
    assert answer.status_code == 200 and answer.json()["status"] == "duplicate"
    assert len(env.ledger()) == 1 and env.exceptions() == []
    assert env.row(Voucher, voucher_id).version == version


def test_a_reused_key_with_another_amount_is_an_exception_for_a_person(env: PayEnv):
    desk = env.enrol()
    _a, voucher_id, psid = env.activated(desk)
    assert (
        post_intimation(env, intimation_body(psid, "313131", FEE, txn=voucher_id)).json()["status"]
        == "recorded"
    )
    odd = post_intimation(env, intimation_body(psid, "313131", FEE - 50_000, txn=voucher_id))
    assert odd.status_code == 200 and odd.json()["status"] == "conflict"
    [problem] = env.exceptions()
    assert problem.kind == "amount_conflict" and problem.district_code == "PSH"
    assert (problem.expected_paisa, problem.paid_paisa) == (FEE, FEE - 50_000)
    assert "313131" in problem.detail and "not changed" in problem.detail
    [entry] = env.ledger()
    assert entry.amount_paisa == FEE  # the first record stands
    listed = desk.get("/payments/exceptions").json()
    assert listed["open_by_kind"] == {"amount_conflict": 1}
    # Reported once more the same odd way: still one exception.
    post_intimation(env, intimation_body(psid, "313131", FEE - 50_000, txn=voucher_id))
    assert len(env.exceptions()) == 1


def test_two_psids_paid_at_one_bank_with_the_same_id_both_reach_the_ledger(env: PayEnv):
    """The sandbox keys ids per bank transaction as a network does: the bank's reused
    id is taken for another PSID, a resend of one of them is 03."""
    desk = env.enrol()
    vouchers = [env.activated(desk) for _ in range(2)]
    assert [env.pay(v[2], tran="654321")["response_code"] for v in vouchers] == ["00", "00"]
    assert env.pay(vouchers[0][2], tran="654321")["response_code"] == "03"
    answers = env.deliver()
    assert [a.json()["status"] for a in answers] == ["recorded", "recorded"]
    assert all(env.row(Voucher, v[1]).status == "paid" for v in vouchers)
    assert sorted(e.psid for e in env.ledger()) == sorted(v[2] for v in vouchers)


def test_the_status_poll_and_the_settlement_use_the_same_key(env: PayEnv):
    desk = env.enrol()
    vouchers = [env.activated(desk) for _ in range(3)]
    for v in vouchers:  # the same id for all three; no intimation is delivered
        assert env.pay(v[2], tran="999000")["response_code"] == "00"
    env.clock.move(seconds=61)
    report = env.jobs.poll_once()
    assert (report.asked, report.recorded) == (3, 3)
    assert all(env.row(Voucher, v[1]).status == "paid" for v in vouchers)
    env.clock.move(minutes=5)
    checked = settle(env.payments, START - timedelta(hours=1), env.clock.now)
    assert (checked.gateway_count, checked.ledger_count) == (3, 3)
    assert (checked.missing, checked.mismatched, checked.not_in_gateway) == (0, 0, 0)
    # The ledger drifts on one of the three (same key, another amount): only that one.
    with env.engine.begin() as conn:
        conn.execute(
            PaymentLedgerEntry.__table__.update()
            .where(PaymentLedgerEntry.psid == vouchers[1][2])
            .values(amount_paisa=FEE - 1)
        )
    again = settle(env.payments, START - timedelta(hours=1), env.clock.now)
    assert (again.missing, again.mismatched, again.not_in_gateway) == (0, 1, 0)
    [problem] = env.exceptions()
    assert problem.kind == "settlement_mismatch" and problem.psid == vouchers[1][2]
    # Ingesting a listed payment whose key is in the ledger with another amount conflicts.
    listed = env.gateway.inner.paid_between(START - timedelta(hours=1), env.clock.now)
    [record] = [r for r in listed if r.psid == vouchers[1][2]]
    assert ingest(env.payments, record, "settlement").status == "conflict"


def test_a_record_without_tran_date_takes_the_karachi_day_of_paid_at():
    late_evening = START.replace(hour=20)  # 01:00 the next day in Karachi
    record = PaymentRecord.from_json(
        {
            "psid": "1",
            "tran_auth_id": "1",
            "amount_paisa": 1,
            "paid_at": late_evening.isoformat(),
            "bank_mnemonic": "HBL",
        }
    )
    assert record.tran_date == late_evening.date() + timedelta(days=1)
    sent = PaymentRecord.from_json(
        {
            "psid": "1",
            "tran_auth_id": "1",
            "amount_paisa": 1,
            "paid_at": late_evening.isoformat(),
            "bank_mnemonic": "HBL",
            "tran_date": "20261231",
        }
    )
    assert sent.tran_date.isoformat() == "2026-12-31"


def test_the_ledger_of_an_older_server_is_keyed_on_upgrade(tmp_path: Path):
    """A server at 0003 with payments in its ledger: the upgrade gives each its bank date."""
    from server.db import make_engine
    from server.migrate import current_revision, head_revision, upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    try:
        upgrade(engine, "0003")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO payment_ledger (bank_mnemonic, tran_auth_id, psid, amount_paisa, "
                    "paid_at, source, received_at, outcome, applied) VALUES ('HBL', '123456', "
                    "'1002', 100, '2026-11-22 20:30:00.000000', 'intimation', "
                    "'2026-11-22 20:30:01.000000', 'exact', 1)"
                )
            )
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            day = conn.execute(text("SELECT tran_date FROM payment_ledger")).scalar_one()
            assert str(day) == "2026-11-23"  # 01:30 on the 23rd in Karachi
            conn.execute(
                text(  # the same id for another PSID is now a new row
                    "INSERT INTO payment_ledger (bank_mnemonic, tran_auth_id, tran_date, psid, "
                    "amount_paisa, paid_at, source, received_at, outcome, applied) VALUES ('HBL', "
                    "'123456', '2026-11-23', '1003', 100, '2026-11-22 20:31:00.000000', "
                    "'intimation', '2026-11-22 20:31:01.000000', 'exact', 1)"
                )
            )
    finally:
        engine.dispose()


# --- hostile numbers and bytes: 4xx, never 500 ---------------------------------------------

HOSTILE_INTIMATIONS = [
    {"amount_paisa": 2**63},
    {"amount_paisa": 2**64 + 5},
    {"amount_paisa": 10**13},
    {"amount_paisa": -(2**63) - 1},
    {"amount_paisa": True},
    {"amount_paisa": "100"},
    {"amount_paisa": 1.5},
    {"tran_auth_id": "12\x0034"},
    {"psid": "1002\x00"},
    {"bank_mnemonic": "HB\x00L"},
    {"department_transaction_id": "v\x00"},
    {"department_transaction_id": 7},
    {"paid_at": "99999-01-01T00:00:00Z"},
    {"paid_at": "0001-01-01T00:00:00Z"},
    {"tran_date": "2026-11-22"},
    {"tran_date": 20261122},
]


def test_hostile_intimations_are_422_and_record_nothing(env: PayEnv):
    desk = env.enrol()
    _a, voucher_id, psid = env.activated(desk)
    for change in HOSTILE_INTIMATIONS:
        doc = orjson.loads(intimation_body(psid, "500500", FEE, txn=voucher_id))
        doc.update(change)
        body = json.dumps(doc).encode()  # the standard library writes any integer
        answer = post_intimation(env, body)
        assert answer.status_code == 422, (change, answer.text)
    assert env.ledger() == [] and env.row(Voucher, voucher_id).status == "unpaid"


HOSTILE_QUERIES = [
    ("/payments/ledger", {"offset": 2**63}),
    ("/payments/ledger", {"offset": 2**64}),
    ("/payments/ledger", {"limit": 2**63}),
    ("/payments/ledger", {"psid": "1002\x00"}),
    ("/payments/ledger", {"voucher_id": "x\x00y"}),
    ("/payments/ledger", {"psid": "1" * 5000}),
    ("/payments/exceptions", {"offset": 2**63}),
    ("/payments/exceptions", {"offset": -1}),
    ("/payments/exceptions", {"kind": "partial\x00"}),
    ("/payments/exceptions", {"state": "open\x00"}),
    ("/reports/revenue", {"district": "PSH\x00"}),
    ("/reports/revenue", {"from": "2026-01-01\x00"}),
    ("/payments/vouchers/abc%00def", {}),
]


def test_hostile_queries_are_4xx(env: PayEnv):
    desk = env.enrol()
    for path, params in HOSTILE_QUERIES:
        answer = desk.get(path, **params)
        assert 400 <= answer.status_code < 500, (path, params, answer.status_code, answer.text)


def test_hostile_bodies_and_ids_are_4xx(env: PayEnv):
    desk = env.enrol()
    for exception_id in (2**63, 2**31, 0, -5):
        answer = desk.post(f"/payments/exceptions/{exception_id}/clear", {"note": "refunded"})
        assert 400 <= answer.status_code < 500, (exception_id, answer.status_code)
    nul_note = desk.post("/payments/exceptions/1/clear", {"note": "ref\x00und"})
    assert nul_note.status_code == 422
    for body in ({"count": 2**63}, {"count": 5, "request_id": "r\x00"}):
        answer = desk.post("/payments/psid-lease", body)
        assert answer.status_code == 422, (body, answer.text)
    huge = b'{"note": "' + b"x" * 200_000 + b'"}'
    answer = env.client.post(
        "/payments/exceptions/1/clear",
        content=huge,
        headers=dict(desk.headers, **{"Content-Type": "application/json"}),
    )
    assert answer.status_code == 413
    big_intimation = b'{"psid": "' + b"1" * 100_000 + b'"}'
    assert post_intimation(env, big_intimation).status_code == 413


def test_a_provincial_reach_sees_and_clears_what_belongs_to_no_district(env: PayEnv):
    """The hook the accounts-and-roles work will use: `Reach(provincial=True)`."""
    from server.payments.exceptions import Reach, clear_exception, list_exceptions

    ours = post_intimation(env, intimation_body("10029999999999999", "808080", FEE))
    assert ours.json()["outcome"] == "unknown_psid"
    [problem] = env.exceptions()
    district = Reach(("PSH",))
    assert list_exceptions(env.payments, district)["exceptions"] == []
    province = Reach(("PSH",), provincial=True)
    assert [e["id"] for e in list_exceptions(env.payments, province)["exceptions"]] == [problem.id]
    cleared = clear_exception(
        env.payments,
        province,
        problem.id,
        "refunded to the payer by HBL, ref 5521",
        "accounts (province)",
    )
    assert cleared["state"] == "cleared"
