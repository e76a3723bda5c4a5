"""The payment loop with real processes on loopback: a desk leases PSIDs, prints a
voucher while offline, syncs; the server activates it at the gateway; a bank pays it
through BillInquiry/BillPayment (`python -m server.sandbox_gateway pay`); the signed
intimation reaches the server (twice: the gateway's duplicate knob is on) and the
desk's next sync shows the application fee paid. Then every exception kind over the
same processes, tampered and replayed intimations, and — with a gateway whose
intimations never verify — a payment found by the server's status poll alone.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import orjson
import pytest
import requests

from domain.fees import FeeSchedule
from domain.ids import new_id, to_karachi, utcnow
from domain.models import LicenceApplication, Voucher
from server.payments.gateway_client import SandboxGateway, VoucherForGateway
from server.sandbox_gateway.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign
from sync.psid_lease import next_leased_psid, top_up_leases
from sync.transport import Offline, Transport

pytestmark = pytest.mark.slow
Desktop = PaymentServices = Any  # the fixtures' classes live in this folder's conftest.py

TODAY = to_karachi(utcnow()).date()
QUOTE = FeeSchedule.for_date(utcnow().date()).licence_fee("new", "district")
FEE, FEE_AFTER = QUOTE.total.paisa, QUOTE.after_due.paisa
_numbers = iter(range(1, 10_000))


def wait_for(check: Any, what: str, timeout: float = 30.0, every: float = 0.05) -> Any:
    """Poll `check` until it returns something truthy; fail with `what` at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


@pytest.fixture(scope="module")
def loop(make_services: Any) -> PaymentServices:
    return make_services("loop")


@pytest.fixture(scope="module")
def lossy(make_services: Any) -> PaymentServices:
    """A gateway that signs with the wrong secret: the server refuses every intimation."""
    return make_services("lossy", gateway_secret="not-the-shared-secret")


def issue(desk: Desktop, psid: str | None, **voucher_args: Any) -> tuple[str, str]:
    """An application and its voucher, written to the desk's store only (no network)."""
    n = next(_numbers)
    app_id = new_id()
    desk.store.execute(
        "submit_licence_application",
        {
            "application_id": app_id,
            "application_no": f"PSH-E2E-{n:05d}-{new_id()[-4:]}",
            "kind": "new",
            "weapon_type": "pistol",
            "bore": ".30",
            "validity": "district",
            "documents": ["cnic_copy", "affidavit", "police_clearance"],
            "applicant": {
                "cnic": f"17301{n:07d}5",
                "name_en": f"Citizen {n}",
                "name_ur": "",
                "father_name_en": "Father",
                "date_of_birth": "1975-03-03",
                "mobile": "03001234567",
            },
        },
        actor="clerk",
    )
    voucher_id = new_id()
    args = {"voucher_id": voucher_id, "application_id": app_id, **voucher_args}
    if psid:
        args["psid"] = psid
    desk.store.execute("issue_voucher", args, actor="clerk")
    return app_id, voucher_id


def local(desk: Desktop, model: Any, key: str) -> Any:
    with desk.store.sessions() as s:
        return s.get(model, key)


def ledger(desk: Desktop, psid: str) -> list[dict[str, Any]]:
    return desk.transport.get("/payments/ledger", {"psid": psid})["entries"]  # type: ignore[no-any-return]


def exceptions(desk: Desktop) -> list[dict[str, Any]]:
    return desk.transport.get("/payments/exceptions", {"state": "all", "limit": 500})["exceptions"]  # type: ignore[no-any-return]


def server_exceptions(services: PaymentServices, kind: str) -> list[dict[str, Any]]:
    """Exceptions of `kind` as the server's database holds them (what the province sees)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{services.folder / 'server.sqlite3'}")
    try:
        with engine.connect() as conn:
            return [
                dict(r._mapping)
                for r in conn.execute(
                    text("SELECT psid, district_code FROM payment_exceptions WHERE kind = :kind"),
                    {"kind": kind},
                )
            ]
    finally:
        engine.dispose()


def payable(services: PaymentServices, psid: str) -> bool:
    return services.inquire(psid).get("bill_status") == "U"


def leased_voucher(
    services: PaymentServices, desk: Desktop, **voucher_args: Any
) -> tuple[str, str, str]:
    """A voucher printed offline with a leased PSID, synced and activated: (app, voucher, psid)."""
    if next_leased_psid(desk.store) is None:
        top_up_leases(desk.store, desk.transport, low_water=5, block=10)
        desk.engine.run_once()
    psid = next_leased_psid(desk.store)
    assert psid
    app_id, voucher_id = issue(desk, psid, **voucher_args)
    desk.engine.run_once()
    # Activated: the gateway knows its amounts and dates (unpaid, or expired if it is).
    wait_for(lambda: services.inquire(psid).get("due_date"), "the server to activate the voucher")
    return app_id, voucher_id, psid


def test_a_voucher_printed_offline_is_paid_at_a_bank_and_the_desk_sees_fee_paid(
    loop: PaymentServices,
):
    desk = loop.desktop("counter-1")
    lease = top_up_leases(desk.store, desk.transport, low_water=5, block=10)
    assert lease.requested == 10 and lease.psids == 10 and lease.error is None
    assert next_leased_psid(desk.store) is None  # the lease row arrives by pull
    desk.engine.run_once()
    psid = next_leased_psid(desk.store)
    assert psid and len(psid) == 17

    # Offline: the server cannot be reached, the desk prints the voucher all the same.
    cut_off = Transport("http://127.0.0.1:9", desk.store.fact("device_token"), connect_timeout=0.5)
    with pytest.raises(Offline):
        cut_off.pull(0, 1)
    app_id, voucher_id = issue(desk, psid)
    assert local(desk, Voucher, voucher_id).psid == psid and desk.store.pending_count() == 2
    blocked = loop.pay(psid)  # a bank before the server knows the voucher: blocked
    assert blocked.returncode == 1 and "02 blocked" in blocked.stdout, blocked.stdout

    desk.engine.run_once()  # back online: push, pull
    wait_for(lambda: payable(loop, psid), "the server to activate the voucher at the gateway")
    inquiry = loop.inquire(psid)
    assert inquiry["amount_within_dd"] == f"{FEE:013d}"

    loop.knobs(duplicate_rate=1.0)
    try:
        paid = loop.pay(psid)
        assert paid.returncode == 0, paid.stdout + paid.stderr
        assert "BillPayment" in paid.stdout and ": 00 ok" in paid.stdout
        wait_for(lambda: ledger(desk, psid), "the intimation to reach the server")

        def both_delivered() -> bool:
            mine = [
                d
                for d in loop.deliveries()
                if d["payment_id"] == max(x["payment_id"] for x in loop.deliveries())
            ]
            return len(mine) == 2 and all(d["delivered_at"] for d in mine)

        wait_for(both_delivered, "the gateway to deliver the intimation twice")
    finally:
        loop.knobs(duplicate_rate=0.0)
    [entry] = ledger(desk, psid)  # delivered twice, recorded once
    assert (entry["source"], entry["outcome"], entry["applied"], entry["amount_paisa"]) == (
        "intimation",
        "exact",
        True,
        FEE,
    )

    report = desk.engine.run_once()
    assert report.rejected == 0
    assert local(desk, Voucher, voucher_id).status == "paid"
    assert local(desk, Voucher, voucher_id).bank_code == "HBL"
    assert local(desk, LicenceApplication, app_id).status == "fee_paid"
    assert desk.store.pending_count() == 0 and desk.store.attention_count() == 0


def test_tampered_and_replayed_intimations_are_refused_or_ignored(
    loop: PaymentServices, intimation_secret: str
):
    secret = intimation_secret
    desk = loop.desktop("counter-2")
    _app, voucher_id, psid = leased_voucher(loop, desk)
    assert loop.pay(psid).returncode == 0
    wait_for(lambda: ledger(desk, psid), "the intimation")
    before = exceptions(desk)
    aggregator = SandboxGateway(loop.gateway_url, "daftar", "sandbox-secret")
    [payment] = aggregator.status(psid).payments
    aggregator.close()
    body = orjson.dumps(
        {
            "psid": payment.psid,
            "tran_auth_id": payment.tran_auth_id,
            "amount_paisa": payment.amount_paisa,
            "paid_at": payment.paid_at.isoformat().replace("+00:00", "Z"),
            "bank_mnemonic": payment.bank_mnemonic,
            "department_transaction_id": payment.department_transaction_id,
        }
    )
    url = f"{loop.server_url}/payments/intimation"

    def post(content: bytes, signature: str, stamp: float | None = None) -> requests.Response:
        return requests.post(
            url,
            data=content,
            timeout=5,
            headers={
                "Content-Type": "application/json",
                SIGNATURE_HEADER: signature,
                TIMESTAMP_HEADER: str(int(stamp or time.time())),
            },
        )

    tampered = body.replace(
        str(payment.amount_paisa).encode(), str(payment.amount_paisa * 10).encode()
    )
    assert post(tampered, sign(body, secret)).status_code == 401  # body changed
    assert post(body, sign(body, "guessed-secret")).status_code == 401  # not the gateway
    assert post(body, sign(body, secret), time.time() - 3600).status_code == 401  # stale
    replay = post(body, sign(body, secret))  # the same payment again
    assert replay.status_code == 200 and replay.json()["status"] == "duplicate"
    assert len(ledger(desk, psid)) == 1 and exceptions(desk) == before
    desk.engine.run_once()
    assert local(desk, Voucher, voucher_id).paid_amount_paisa == FEE


def test_every_exception_kind_reaches_the_ledger_for_a_person_to_clear(loop: PaymentServices):
    desk = loop.desktop("counter-3")
    loop.knobs(lenient=True)
    try:
        partial = leased_voucher(loop, desk)
        over = leased_voucher(loop, desk)
        late = leased_voucher(
            loop,
            desk,
            due_date=(TODAY - timedelta(days=3)).isoformat(),
            expiry_date=(TODAY - timedelta(days=1)).isoformat(),
        )
        twice = leased_voucher(loop, desk)
        cancelled = leased_voucher(loop, desk)
        desk.store.execute(
            "cancel_voucher", {"voucher_id": cancelled[1], "reason": "wrong name"}, actor="clerk"
        )
        desk.engine.run_once()
        aggregator = SandboxGateway(loop.gateway_url, "daftar", "sandbox-secret")
        stranger = aggregator.activate(
            VoucherForGateway(
                department_transaction_id=f"other-dept-{new_id()}",
                amount_within_due_paisa=100_000,
                amount_after_due_paisa=110_000,
                due_date=TODAY + timedelta(days=5),
                expiry_date=TODAY + timedelta(days=10),
                consumer_name="Not Ours",
                cnic="1730112345671",
            )
        )
        aggregator.close()

        payments = [
            loop.pay(partial[2], "--amount", "1000", "--lenient"),
            loop.pay(over[2], "--amount", "60000", "--lenient"),
            loop.pay(late[2], "--force", "--lenient"),  # after expiry: the after-due amount
            loop.pay(twice[2]),
            loop.pay(twice[2], "--force", "--lenient", "--bank", "UBL"),  # a second payment
            loop.pay(cancelled[2]),  # the gateway still takes it
            loop.pay(stranger),
        ]
        for outcome in payments:
            assert outcome.returncode == 0, outcome.stdout + outcome.stderr
    finally:
        loop.knobs(lenient=False)
    # The unknown PSID's exception belongs to the province: no district desk sees it.
    expected = {"partial", "over", "late", "duplicate", "cancelled_voucher"}
    found = wait_for(
        lambda: (lambda kinds: kinds if expected <= kinds else None)(
            {e["kind"] for e in exceptions(desk) if e["state"] == "open"}
        ),
        "every exception kind",
    )
    assert expected <= found
    by_kind = {e["kind"]: e for e in exceptions(desk)}
    assert (
        by_kind["partial"]["paid_paisa"] == 100_000 and by_kind["partial"]["expected_paisa"] == FEE
    )
    assert by_kind["over"]["paid_paisa"] == 6_000_000
    assert by_kind["late"]["paid_paisa"] == FEE_AFTER
    assert by_kind["duplicate"]["bank_mnemonic"] == "UBL"
    assert "unknown_psid" not in by_kind
    provincial = wait_for(lambda: server_exceptions(loop, "unknown_psid"), "the unknown PSID")
    assert [(e["psid"], e["district_code"]) for e in provincial] == [(stranger, None)]

    desk.engine.run_once()
    states = {
        name: (local(desk, Voucher, v[1]).status, local(desk, LicenceApplication, v[0]).status)
        for name, v in (
            ("partial", partial),
            ("over", over),
            ("late", late),
            ("twice", twice),
            ("cancelled", cancelled),
        )
    }
    assert states == {
        "partial": ("unpaid", "voucher_issued"),
        "over": ("paid", "fee_paid"),
        "late": ("paid", "fee_paid"),
        "twice": ("paid", "fee_paid"),
        "cancelled": ("cancelled", "submitted"),
    }

    cleared = desk.transport.post(
        f"/payments/exceptions/{by_kind['over']['id']}/clear",
        {"note": "Rs 8,000 refunded through HBL, ref 4471", "cleared_by": "Cashier"},
    )
    assert cleared["state"] == "cleared" and cleared["cleared_by"] == "Cashier (counter-3)"
    open_kinds = {e["kind"] for e in desk.transport.get("/payments/exceptions")["exceptions"]}
    assert "over" not in open_kinds and "partial" in open_kinds


def test_a_lost_intimation_is_caught_by_the_status_poll(lossy: PaymentServices):
    desk = lossy.desktop("help-desk")
    app_id, voucher_id = issue(desk, None)  # offline, no lease: a provisional voucher
    assert local(desk, Voucher, voucher_id).provisional

    def psid_assigned() -> str | None:
        desk.engine.run_once()
        return local(desk, Voucher, voucher_id).psid  # type: ignore[no-any-return]

    psid = wait_for(psid_assigned, "the server to give the provisional voucher a PSID", every=0.2)
    assert not local(desk, Voucher, voucher_id).provisional
    wait_for(lambda: payable(lossy, psid), "activation")
    assert lossy.pay(psid).returncode == 0

    def caught() -> list[dict[str, Any]]:
        return ledger(desk, psid)

    [entry] = wait_for(caught, "the status poll to find the payment")
    assert entry["source"] == "poll" and entry["applied"] is True
    refused = [d for d in lossy.deliveries() if d["last_error"]]
    assert refused and all(d["last_error"] == "HTTP 401" and not d["delivered_at"] for d in refused)
    assert "refused a payment intimation" in lossy.log_tail(200)
    desk.engine.run_once()
    assert local(desk, LicenceApplication, app_id).status == "fee_paid"
    assert local(desk, Voucher, voucher_id).status == "paid"


def test_one_bank_authorisation_id_reused_for_two_vouchers_pays_both(loop: PaymentServices):
    """A busy bank's 6-digit ids come round again: the same HBL id on two PSIDs the
    same day is two payments, at the gateway and on the server; a resend is 03."""
    desk = loop.desktop("counter-5")
    first = leased_voucher(loop, desk)
    second = leased_voucher(loop, desk)
    tran = f"{next(_numbers) % 1_000_000:06d}"
    for _app, _voucher, psid in (first, second):
        outcome = loop.pay(psid, "--tran-auth-id", tran)
        assert outcome.returncode == 0, outcome.stdout + outcome.stderr
    resend = loop.pay(second[2], "--tran-auth-id", tran, "--force")
    assert "03 duplicate transaction" in resend.stdout

    def both_paid() -> bool:
        desk.engine.run_once()
        return all(local(desk, Voucher, v[1]).status == "paid" for v in (first, second))

    wait_for(both_paid, "both vouchers to be paid")
    entries = ledger(desk, first[2]) + ledger(desk, second[2])
    assert sorted(e["tran_auth_id"] for e in entries) == [tran, tran]
    assert all(e["applied"] for e in entries)
