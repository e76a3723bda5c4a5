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

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Any, Callable, Coroutine

import orjson
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from fastapi.routing import APIRoute
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from domain import reference
from domain.errors import NotFound
from server.deps import CurrentDevice, error_response, json_body, json_response
from server.payments.config import PaymentSettings
from server.payments.exceptions import (clear_exception, list_exceptions, list_ledger,
                                        voucher_payment_status)
from server.payments.gateway_client import PaymentRecord
from server.payments.jobs import start_payment_jobs
from server.payments.leases import Desk, lease_psids
from server.payments.ledger import ingest
from server.payments.revenue import revenue
from server.payments.service import Payments, Refusal, log, make_gateway
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


def _day(text: str | None, name: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Refusal(422, "validation", f"{name} must be a date written YYYY-MM-DD; "
                      f"got {text!r}.") from None


def _record_from(body: Any) -> PaymentRecord:
    """The intimation body as a payment, or 422 with what is wrong."""
    try:
        record = PaymentRecord.from_json(body)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise Refusal(422, "bad_intimation", f"The intimation is not a payment document: {exc!r}") from None
    problems = []
    if not record.psid.isdigit() or len(record.psid) > 30:
        problems.append("psid must be up to 30 digits")
    if not record.tran_auth_id.strip() or len(record.tran_auth_id) > 40:
        problems.append("tran_auth_id must be 1 to 40 characters")
    if not record.bank_mnemonic.strip() or len(record.bank_mnemonic.strip()) > 12:
        problems.append("bank_mnemonic must be 1 to 12 characters")
    if record.amount_paisa <= 0:
        problems.append("amount_paisa must be more than zero")
    if problems:
        raise Refusal(422, "bad_intimation", "; ".join(problems) + ".")
    return record


def build_router(settings: Any, engine: Engine, *, payments: Payments | None = None,
                 start_jobs: bool = True) -> APIRouter:
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
        log.warning("no intimation secret (DAFTAR_INTIMATION_SECRET): every payment "
                    "intimation will be refused; payments are found by polling only")

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

    router = APIRouter(route_class=_PaymentsRoute, lifespan=lifespan, tags=["payments"])
    router.payments = payments  # type: ignore[attr-defined]  # found again by included_payments()

    def current_desk(device: CurrentDevice) -> Desk:
        """The calling device (`server.deps`, shared with the sync routes) as the
        payment side knows it."""
        return Desk(device.device_id, device.name, device.office_code, device.district_codes)

    @router.post("/payments/psid-lease")
    async def psid_lease(request: Request, desk: Desk = Depends(current_desk)) -> Response:
        body = json_body(await request.body())
        answer = await run_in_threadpool(lease_psids, payments, desk, body.get("count"),
                                         body.get("request_id"))
        return json_response(answer)

    @router.post("/payments/intimation")
    async def intimation(request: Request) -> Response:
        raw = await request.body()
        signature = request.headers.get(SIGNATURE_HEADER)
        stamp = request.headers.get(TIMESTAMP_HEADER)
        if not verify(raw, signature, ps.intimation_secret or "", stamp, ps.intimation_max_skew_s):
            where = request.client.host if request.client else "?"
            log.warning("refused a payment intimation from %s: signature %s, timestamp %s, "
                        "%d bytes; nothing recorded", where,
                        "missing" if not signature else "wrong", stamp, len(raw))
            raise Refusal(401, "bad_signature", "The intimation's signature does not verify "
                          "(X-Signature over the body with the shared secret, X-Timestamp "
                          "within the allowed skew).")
        try:
            doc = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise Refusal(422, "bad_intimation", f"The intimation is not JSON: {exc}") from None
        record = _record_from(doc)
        result = await run_in_threadpool(ingest, payments, record, "intimation")
        return json_response(result.as_dict())

    @router.get("/payments/exceptions")
    def exceptions(state: str = Query("open"), kind: str | None = Query(None),
                   limit: int = Query(200, ge=1, le=5000), offset: int = Query(0, ge=0),
                   desk: Desk = Depends(current_desk)) -> Response:
        return json_response(list_exceptions(payments, desk.district_codes, state=state,
                                             kind=kind, limit=limit, offset=offset))

    @router.post("/payments/exceptions/{exception_id}/clear")
    async def clear(exception_id: int, request: Request,
                    desk: Desk = Depends(current_desk)) -> Response:
        body = json_body(await request.body())
        person = str(body.get("cleared_by") or "").strip()
        who = f"{person} ({desk.name})" if person else desk.name
        answer = await run_in_threadpool(clear_exception, payments, desk.district_codes,
                                         exception_id, body.get("note"), who)
        return json_response(answer)

    @router.get("/payments/ledger")
    def ledger(psid: str | None = Query(None), voucher_id: str | None = Query(None),
               limit: int = Query(200, ge=1, le=5000), offset: int = Query(0, ge=0),
               desk: Desk = Depends(current_desk)) -> Response:
        return json_response(list_ledger(payments, desk.district_codes, psid=psid,
                                         voucher_id=voucher_id, limit=limit, offset=offset))

    @router.get("/payments/vouchers/{voucher_id}")
    def voucher_status(voucher_id: str, desk: Desk = Depends(current_desk)) -> Response:
        return json_response(voucher_payment_status(payments, desk.district_codes, voucher_id))

    @router.get("/reports/revenue", tags=["reports"])
    def revenue_report(district: str | None = Query(None),
                       from_: str | None = Query(None, alias="from"),
                       to: str | None = Query(None),
                       desk: Desk = Depends(current_desk)) -> Response:
        scope = desk.district_codes
        if district:
            try:
                reference.district(district)
            except NotFound as exc:
                raise Refusal(422, "unknown_district", exc.message) from None
            if district not in scope:
                raise Refusal(403, "out_of_scope", f"This desk works for {', '.join(scope)}; "
                              f"it cannot see district {district}.")
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

