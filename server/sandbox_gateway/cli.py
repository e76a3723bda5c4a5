"""``daftar gateway``: run the sandbox gateway, or pay a voucher through it like a bank.

``main`` takes the arguments that follow ``gateway`` on the ``daftar`` command line
(``python -m server.sandbox_gateway`` passes its own)::

    daftar gateway [--port 8765] [--host 127.0.0.1] [--db PATH] [--intimation-url URL] [--secret S]
    daftar gateway pay PSID [--amount RUPEES] [--bank HBL] [--url http://127.0.0.1:8765]

``pay`` goes through the bank-side API exactly as a bank would: BillInquiry to learn
the amount due, then BillPayment, and prints both answers. Without ``--url`` it pays
at the gateway of a running ``make run`` demo (which records its address in the demo
folder), else at ``DAFTAR_GATEWAY_URL``, else at the default port.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import requests
from platformdirs import user_data_dir

from domain.ids import to_karachi, utcnow
from server.sandbox_gateway.bank_api import amount13, new_tran_auth_id

DEFAULT_PORT = 8765
DEFAULT_HOST = "127.0.0.1"
CODES = {
    "00": "ok",
    "01": "unknown consumer number",
    "02": "blocked or expired",
    "03": "duplicate transaction",
    "04": "invalid data",
    "05": "service failure",
}


#: The file in the demo folder where a running demo records its gateway's address.
DEMO_URL_FILE = "gateway.url"


def default_pay_url() -> str:
    """Where ``pay`` sends the bank's calls when no ``--url`` is given: the running
    demo's gateway, else ``DAFTAR_GATEWAY_URL``, else the default port."""
    import os

    from sync.store.profiles import data_dir

    recorded = data_dir() / "demo" / DEMO_URL_FILE
    try:
        url = recorded.read_text(encoding="utf-8").strip()
    except OSError:
        url = ""
    if url and not _answers(url):  # left behind by a demo that was killed
        url = ""
    return url or os.environ.get("DAFTAR_GATEWAY_URL") or f"http://{DEFAULT_HOST}:{DEFAULT_PORT}"


def _answers(url: str) -> bool:
    try:
        return requests.get(f"{url.rstrip('/')}/health", timeout=1.0).ok
    except requests.RequestException:
        return False


def default_db_path() -> Path:
    return Path(user_data_dir("daftar-sandbox-gateway", appauthor=False)) / "gateway.sqlite3"


@dataclass(frozen=True)
class PayOutcome:
    """What the bank saw: the inquiry, then (if it got that far) the payment answer."""

    inquiry: dict[str, Any]
    payment: dict[str, Any] | None
    amount_paisa: int | None
    tran_auth_id: str | None

    @property
    def ok(self) -> bool:
        return self.payment is not None and self.payment.get("response_code") == "00"


def pay_voucher(
    base_url: str,
    psid: str,
    *,
    amount_paisa: int | None = None,
    bank: str = "HBL",
    tran_auth_id: str | None = None,
    lenient: bool | None = None,
    force: bool = False,
    when: datetime | None = None,
    timeout_s: float = 10.0,
) -> PayOutcome:
    """Inquire, then pay ``psid`` at the gateway's bank API (the amount due by default).

    Like a bank, it stops after the inquiry unless the bill is unpaid (00, status U);
    ``force`` sends the payment anyway, to show how the gateway answers a paid,
    blocked or expired voucher. ``when`` is the bank's transaction time (now by
    default); its Karachi date decides whether the amount within or after the due
    date is owed.
    """
    base = base_url.rstrip("/")
    with requests.Session() as http:
        inquiry = http.post(
            f"{base}/bank/bill-inquiry",
            json={"consumer_number": psid, "bank_mnemonic": bank},
            timeout=timeout_s,
        ).json()
        payable = inquiry.get("response_code") == "00" and inquiry.get("bill_status") == "U"
        if not (payable or force) or inquiry.get("response_code") == "01":
            return PayOutcome(inquiry, None, None, None)
        local = to_karachi(when or utcnow())
        if amount_paisa is None:
            due_date = inquiry.get("due_date")
            if not due_date:
                return PayOutcome(inquiry, None, None, None)
            field = (
                "amount_within_dd" if local.strftime("%Y%m%d") <= due_date else "amount_after_dd"
            )
            amount_paisa = int(inquiry[field])
        tran_auth_id = tran_auth_id or new_tran_auth_id()
        body: dict[str, Any] = {
            "consumer_number": psid,
            "tran_auth_id": tran_auth_id,
            "transaction_amount": amount13(amount_paisa),
            "tran_date": local.strftime("%Y%m%d"),
            "tran_time": local.strftime("%H%M%S"),
            "bank_mnemonic": bank,
            "reserved": "",
        }
        if lenient is not None:
            body["sandbox_lenient"] = lenient
        payment = http.post(f"{base}/bank/bill-payment", json=body, timeout=timeout_s).json()
    return PayOutcome(inquiry, payment, amount_paisa, tran_auth_id)


def rupees_to_paisa(text: str) -> int:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not an amount in rupees: {text!r}") from None
    if value <= 0 or value != value.quantize(Decimal("0.01")):
        raise argparse.ArgumentTypeError("amount must be positive, at most two decimals")
    return int(value * 100)


def _rupees(paisa: int) -> str:
    return f"Rs {paisa // 100:,}.{paisa % 100:02d}"


def describe(psid: str, outcome: PayOutcome) -> str:
    """The outcome as an operator reads it."""
    inquiry = outcome.inquiry
    code = inquiry.get("response_code", "?")
    lines = [f"BillInquiry {psid}: {code} {CODES.get(code, '')}".rstrip()]
    if inquiry.get("bill_status"):
        status = {"U": "unpaid", "P": "paid", "B": "blocked/expired"}[inquiry["bill_status"]]
        lines.append(f"  {status}; {inquiry.get('consumer_detail', '')}")
        if inquiry.get("amount_within_dd"):
            lines.append(
                f"  {_rupees(int(inquiry['amount_within_dd']))} by {inquiry['due_date']}, "
                f"{_rupees(int(inquiry['amount_after_dd']))} after"
            )
    if outcome.payment is None:
        lines.append("no payment sent: the bank stops when the bill is not payable")
    else:
        pcode = outcome.payment.get("response_code", "?")
        lines.append(
            f"BillPayment {_rupees(outcome.amount_paisa or 0)} tran_auth_id "
            f"{outcome.tran_auth_id}: {pcode} {CODES.get(pcode, '')}".rstrip()
        )
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="daftar gateway", description="Sandbox payment gateway (aggregator + 1Bill)"
    )
    parser.add_argument("--host", default=DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--db", type=Path, default=None, help="SQLite file of the sandbox")
    parser.add_argument(
        "--intimation-url",
        default=None,
        help="central server URL that receives signed payment intimations",
    )
    parser.add_argument("--secret", default=None, help="shared secret for X-Signature")
    parser.add_argument("--client-id", default="daftar")
    parser.add_argument("--client-secret", default="sandbox-secret")
    parser.add_argument("--psid-length", type=int, default=17)
    parser.add_argument(
        "--lenient", action="store_true", help="accept partial, over, late and repeated payments"
    )
    parser.add_argument(
        "--duplicate-rate",
        type=float,
        default=0.0,
        help="chance of delivering an intimation twice on purpose",
    )
    parser.add_argument(
        "--backoff",
        type=float,
        default=1.0,
        help="seconds before the first retry of a failed intimation",
    )
    commands = parser.add_subparsers(dest="command")
    pay = commands.add_parser("pay", help="pay a PSID through the bank API")
    pay.add_argument("psid")
    pay.add_argument(
        "--amount", type=rupees_to_paisa, default=None, help="rupees (default: the amount due)"
    )
    pay.add_argument("--bank", default="HBL", help="bank mnemonic")
    pay.add_argument(
        "--url",
        default=None,
        help="the gateway (default: the running demo's, else DAFTAR_GATEWAY_URL, "
        f"else http://{DEFAULT_HOST}:{DEFAULT_PORT})",
    )
    pay.add_argument("--tran-auth-id", default=None)
    pay.add_argument(
        "--lenient",
        dest="pay_lenient",
        action="store_true",
        help="ask the sandbox to accept this payment even if it is off",
    )
    pay.add_argument(
        "--force",
        action="store_true",
        help="send the payment even if the inquiry says it is not payable",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``daftar gateway``; returns the process exit status."""
    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.command == "pay":
        args.url = args.url or default_pay_url()
        try:
            outcome = pay_voucher(
                args.url,
                args.psid,
                amount_paisa=args.amount,
                bank=args.bank,
                tran_auth_id=args.tran_auth_id,
                lenient=True if args.pay_lenient else None,
                force=args.force,
            )
        except requests.RequestException as exc:
            print(f"cannot reach the gateway at {args.url}: {exc}", file=sys.stderr)
            return 2
        print(describe(args.psid, outcome))
        return 0 if outcome.ok else 1
    return _serve(args)


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from server.sandbox_gateway.app import create_app
    from server.sandbox_gateway.config import GatewayConfig

    db = args.db or default_db_path()
    db.parent.mkdir(parents=True, exist_ok=True)
    config = GatewayConfig(
        psid_length=args.psid_length,
        clients={args.client_id: args.client_secret},
        intimation_url=args.intimation_url,
        lenient=args.lenient,
        duplicate_rate=args.duplicate_rate,
        backoff_base_s=args.backoff,
    )
    if args.secret:
        config.shared_secret = args.secret
    print(f"sandbox gateway on http://{args.host}:{args.port} (db {db})", flush=True)
    uvicorn.run(create_app(db, config), host=args.host, port=args.port, log_level="warning")
    return 0
