"""HTTP routes of the payment side of the central server.

=========================================== ======== ==============================================
route                                       who      what
=========================================== ======== ==============================================
POST /payments/psid-lease                   desk     reserve a block of PSIDs for offline vouchers;
                                                     body {count?, request_id?}; the lease row
                                                     itself reaches the desk by pull
POST /payments/intimation                   gateway  a signed payment (X-Signature HMAC of the body,
                                                     X-Timestamp); 401 if the signature is wrong
GET  /payments/exceptions                   desk     ?state=open|cleared|all&kind=&limit=&offset=
POST /payments/exceptions/{id}/clear        desk     body {note, cleared_by?}
GET  /payments/ledger                       desk     ?psid=&voucher_id=&limit=&offset=
GET  /payments/vouchers/{voucher_id}        desk     activation, payments and exceptions of one
GET  /reports/revenue                       desk     ?district=&from=YYYY-MM-DD&to=YYYY-MM-DD
=========================================== ======== ==============================================

"desk" routes need the device's bearer token (as `/sync/*` do) and see only the
desk's districts. Errors are bodies {"code", "message", ...} at the top level, like
the sync routes'.

`build_router(settings, engine)` also starts the background jobs (`jobs.py`) with the
app's lifespan, so including the router is the one line the app needs.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from datetime import date
from typing import Any

import orjson
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from fastapi.routing import APIRoute
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from domain import reference
from domain.errors import NotFound
from server.deps import CurrentDevice, error_response, json_response
from server.payments.config import PaymentSettings
from server.payments.exceptions import (
    STATES,
    clear_exception,
    list_exceptions,
    list_ledger,
    reach_of,
    voucher_payment_status,
)
from server.payments.gateway_client import PaymentRecord
from server.payments.jobs import start_payment_jobs
from server.payments.leases import Desk, lease_psids
from server.payments.ledger import ingest
from server.payments.revenue import revenue
from server.payments.service import Payments, Refusal, log, make_gateway
from server.request_limits import text_problem
from server.sandbox_gateway.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify


class _PaymentsRoute(APIRoute):
    """Turns a `Refusal` raised by an endpoint or a dependency into its JSON body."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except Refusal as exc:
                return error_response(exc)

        return guarded


#: The largest body any payment route reads (an intimation is a few hundred bytes).
MAX_BODY_BYTES = 64 * 1024
#: Offsets beyond this are refused (422) rather than handed to the database.
MAX_OFFSET = 1_000_000_000
#: The largest exception id a path may name (the column is a 32-bit integer).
MAX_ID = 2**31 - 1
#: The 1Bill amount field has 13 digits, the last two paisa.
MAX_AMOUNT_PAISA = 10**13 - 1
#: A day as the reports take it (YYYY-MM-DD); `_day` still checks it is a real date.
DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _control_character(value: str) -> bool:
    return any((ch < " " and ch not in "\t\n\r") or ch == "\x7f" for ch in value)


def clean_request(request: Request) -> None:
    """Router-wide check of the query and path: no control characters (a NUL in a
    query would reach PostgreSQL and fail there as a 500)."""
    for name, value in [*request.query_params.multi_items(), *request.path_params.items()]:
        if isinstance(value, str) and _control_character(value):
            raise Refusal(
                422,
                "validation",
                f"The parameter {name} contains a control "
                "character (such as NUL); remove it and send again.",
            )


async def bounded_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The request body, refused with 413 past `limit` bytes: the app bounds what it
    reads itself, whatever proxy is (or is not) in front of it."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise Refusal(413, "too_large", f"The request body is larger than {limit:,} bytes.")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Refusal(413, "too_large", f"The request body is larger than {limit:,} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


def _json_body(raw: bytes) -> dict[str, Any]:
    try:
        body = orjson.loads(raw or b"{}")
    except orjson.JSONDecodeError as exc:
        raise Refusal(400, "bad_json", f"The request body is not JSON: {exc}") from None
    if not isinstance(body, dict):
        raise Refusal(400, "bad_json", "The request body must be a JSON object.")
    problem = text_problem(body)
    if problem:
        raise Refusal(422, "validation", f"The request {problem}; send it without.")
    return body


def _day(text: str | None, name: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Refusal(
            422, "validation", f"{name} must be a date written YYYY-MM-DD; got {text!r}."
        ) from None


def _record_from(body: Any) -> PaymentRecord:
    """The intimation body as a payment, or 422 with what is wrong."""
    problem = text_problem(body, "intimation")
    if problem:
        raise Refusal(422, "bad_intimation", f"The {problem}.")
    amount = body.get("amount_paisa") if isinstance(body, dict) else None
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise Refusal(422, "bad_intimation", "amount_paisa must be a whole number of paisa.")
    try:
        record = PaymentRecord.from_json(body)
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
        raise Refusal(
            422, "bad_intimation", f"The intimation is not a payment document: {exc!r}"
        ) from None
    problems = []
    if not record.psid.isdigit() or len(record.psid) > 30:
        problems.append("psid must be up to 30 digits")
    if not record.tran_auth_id.strip() or len(record.tran_auth_id) > 40:
        problems.append("tran_auth_id must be 1 to 40 characters")
    if not record.bank_mnemonic.strip() or len(record.bank_mnemonic.strip()) > 12:
        problems.append("bank_mnemonic must be 1 to 12 characters")
    if not 0 < record.amount_paisa <= MAX_AMOUNT_PAISA:
        problems.append(f"amount_paisa must be from 1 to {MAX_AMOUNT_PAISA} (13 digits)")
    dept = record.department_transaction_id
    if dept is not None and (not isinstance(dept, str) or len(dept) > 64):
        problems.append("department_transaction_id must be text of up to 64 characters")
    if not 2000 <= record.paid_at.year <= 2199:
        problems.append("paid_at must be a time between the years 2000 and 2199")
    if problems:
        raise Refusal(422, "bad_intimation", "; ".join(problems) + ".")
    return record


def build_router(
    settings: Any, engine: Engine, *, payments: Payments | None = None, start_jobs: bool = True
) -> APIRouter:
    """The payment routes over `engine`; with `start_jobs`, the router's lifespan starts
    the background payment jobs (when a gateway is configured) and stops them.

    `payments` lets a test bring its own gateway and clock; by default the gateway and
    the intimation secret come from `PaymentSettings.from_settings(settings)`.
    """
    own = payments is None
    if payments is None:
        ps = PaymentSettings.from_settings(settings)
        payments = Payments(engine, ps, make_gateway(ps))
    ps = payments.settings
    if payments.gateway is not None and not ps.intimation_secret:
        log.warning(
            "no intimation secret (DAFTAR_INTIMATION_SECRET): every payment "
            "intimation will be refused; payments are found by polling only"
        )

    @asynccontextmanager
    async def lifespan(_app: Any) -> AsyncIterator[None]:
        stop = None
        if start_jobs:
            # The jobs get a gateway client of their own: the routes' one serves request
            # threads, and a requests.Session is best not shared with another thread.
            worker = Payments(engine, ps, make_gateway(ps), payments.clock) if own else payments
            stop = start_payment_jobs(settings, engine, payments=worker)
        try:
            yield
        finally:
            if stop is not None:
                await run_in_threadpool(stop)

    router = APIRouter(
        route_class=_PaymentsRoute,
        lifespan=lifespan,
        tags=["payments"],
        dependencies=[Depends(clean_request)],
    )
    router.payments = payments  # type: ignore[attr-defined]  # found again by included_payments()

    def current_desk(device: CurrentDevice) -> Desk:
        """The calling device (`server.deps`, shared with the sync routes) as the
        payment side knows it."""
        return Desk(device.device_id, device.name, device.office_code, device.district_codes)

    @router.post("/payments/psid-lease")
    async def psid_lease(request: Request, desk: Desk = Depends(current_desk)) -> Response:
        body = _json_body(await bounded_body(request))
        answer = await run_in_threadpool(
            lease_psids, payments, desk, body.get("count"), body.get("request_id")
        )
        return json_response(answer)

    @router.post("/payments/intimation")
    async def intimation(request: Request) -> Response:
        raw = await bounded_body(request)
        signature = request.headers.get(SIGNATURE_HEADER)
        stamp = request.headers.get(TIMESTAMP_HEADER)
        if not verify(raw, signature, ps.intimation_secret or "", stamp, ps.intimation_max_skew_s):
            where = request.client.host if request.client else "?"
            log.warning(
                "refused a payment intimation from %s: signature %s, timestamp %s, "
                "%d bytes; nothing recorded",
                where,
                "missing" if not signature else "wrong",
                stamp,
                len(raw),
            )
            raise Refusal(
                401,
                "bad_signature",
                "The intimation's signature does not verify "
                "(X-Signature over the body with the shared secret, X-Timestamp "
                "within the allowed skew).",
            )
        try:
            doc = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise Refusal(422, "bad_intimation", f"The intimation is not JSON: {exc}") from None
        record = _record_from(doc)
        result = await run_in_threadpool(ingest, payments, record, "intimation")
        return json_response(result.as_dict())

    @router.get("/payments/exceptions")
    def exceptions(
        state: str = Query("open", pattern=f"^({'|'.join(STATES)})$"),
        kind: str | None = Query(None, max_length=24),
        limit: int = Query(200, ge=1, le=5000),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
        desk: Desk = Depends(current_desk),
    ) -> Response:
        return json_response(
            list_exceptions(
                payments, reach_of(desk), state=state, kind=kind, limit=limit, offset=offset
            )
        )

    @router.post("/payments/exceptions/{exception_id}/clear")
    async def clear(
        request: Request,
        exception_id: int = Path(ge=1, le=MAX_ID),
        desk: Desk = Depends(current_desk),
    ) -> Response:
        body = _json_body(await bounded_body(request))
        person = str(body.get("cleared_by") or "").strip()
        who = f"{person} ({desk.name})" if person else desk.name
        answer = await run_in_threadpool(
            clear_exception, payments, reach_of(desk), exception_id, body.get("note"), who
        )
        return json_response(answer)

    @router.get("/payments/ledger")
    def ledger(
        psid: str | None = Query(None, max_length=30),
        voucher_id: str | None = Query(None, max_length=36),
        limit: int = Query(200, ge=1, le=5000),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
        desk: Desk = Depends(current_desk),
    ) -> Response:
        return json_response(
            list_ledger(
                payments,
                reach_of(desk),
                psid=psid,
                voucher_id=voucher_id,
                limit=limit,
                offset=offset,
            )
        )

    @router.get("/payments/vouchers/{voucher_id}")
    def voucher_status(
        voucher_id: str = Path(max_length=36), desk: Desk = Depends(current_desk)
    ) -> Response:
        return json_response(voucher_payment_status(payments, reach_of(desk), voucher_id))

    @router.get("/reports/revenue", tags=["reports"])
    def revenue_report(
        district: str | None = Query(None, max_length=8),
        from_: str | None = Query(None, alias="from", pattern=DAY),
        to: str | None = Query(None, pattern=DAY),
        desk: Desk = Depends(current_desk),
    ) -> Response:
        scope = desk.district_codes
        if district:
            try:
                reference.district(district)
            except NotFound as exc:
                raise Refusal(422, "unknown_district", exc.message) from None
            if district not in scope:
                raise Refusal(
                    403,
                    "out_of_scope",
                    f"This desk works for {', '.join(scope)}; it cannot see district {district}.",
                )
            scope = [district]
        start, end = _day(from_, "from"), _day(to, "to")
        if start and end and end < start:
            raise Refusal(422, "validation", "to is before from.")
        return json_response(revenue(payments, scope, start, end))

    return router


def is_payments_route(route: Any) -> bool:
    """True for this module's routes in `app.router.routes`: FastAPI 0.165 keeps an
    included router as one entry (with `original_router`), older versions copy its
    routes one by one."""
    inner = getattr(route, "original_router", None)
    if inner is not None and isinstance(getattr(inner, "payments", None), Payments):
        return True
    return str(getattr(route, "path", "") or "").startswith(("/payments/", "/reports/revenue"))


def included_payments(app: Any) -> Payments | None:
    """The `Payments` behind the payment router an app includes, or None (tests, and a
    command that wants to run a job step in the server's own configuration)."""
    for route in app.router.routes:
        inner = getattr(route, "original_router", None)
        if isinstance(getattr(inner, "payments", None), Payments):
            return inner.payments  # type: ignore[no-any-return,union-attr]
    return None
