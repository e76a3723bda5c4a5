"""The payment jobs: one background thread that, every `job_interval_s`,

1. activates new vouchers at the gateway (`activation.activate_due`),
2. polls the status of unpaid activated vouchers (`reconcile.poll_unpaid`),
3. runs the settlement check when one is due (`reconcile.settle_due`),
4. expires PSID leases past their date (`leases.expire_leases`).

Each step is also callable once (`PaymentJobs.activate_once()` and so on) for tests
and for an operator's "reconcile now". A failing step is logged and the others still
run; the next round tries again.

Several uvicorn workers may each start the jobs: a round runs only in the worker that
holds the `payment_job_locks` row (taken when free or stale, renewed every round), so
the gateway is not asked the same thing N times.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from server.payments.activation import ActivationReport, activate_due
from server.payments.config import PaymentSettings
from server.payments.leases import expire_leases
from server.payments.models import PaymentJobLock
from server.payments.reconcile import PollReport, SettlementReport, poll_unpaid, settle_due
from server.payments.service import Payments, make_gateway

log = logging.getLogger("server.payments.jobs")
LOCK_NAME = "payments"


class PaymentJobs:
    def __init__(self, payments: Payments, interval_s: float | None = None):
        self.payments = payments
        self.interval_s = float(
            interval_s if interval_s is not None else payments.settings.job_interval_s
        )
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[:80]
        self.rounds = 0
        self.last: dict[str, Any] = {}
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    # -- one step at a time ----------------------------------------------------------
    def activate_once(self) -> ActivationReport:
        return activate_due(self.payments)

    def poll_once(self, *, force: bool = False) -> PollReport:
        return poll_unpaid(self.payments, force=force)

    def settle_once(self, *, force: bool = False) -> SettlementReport | None:
        return settle_due(self.payments, force=force)

    def expire_leases_once(self) -> int:
        return expire_leases(self.payments)

    def refresh_figures_once(self) -> int:
        """The dashboard's figures after this round's payments (only changed rows are
        written, so a quiet round sends desks nothing)."""
        from server.reports.figures import refresh

        return refresh(self.payments.engine).written

    def take_lock(self) -> bool:
        """Hold (or renew) the jobs' lock; False when another live worker holds it."""
        now = self.payments.now()
        until = now + timedelta(seconds=max(self.payments.settings.job_lock_s, 3 * self.interval_s))
        try:
            with self.payments.sessions.begin() as session:
                lock = session.get(PaymentJobLock, LOCK_NAME, with_for_update=True)
                if lock is None:
                    session.add(PaymentJobLock(name=LOCK_NAME, holder=self.holder, until=until))
                    return True
                if lock.holder == self.holder or lock.until <= now:
                    lock.holder, lock.until = self.holder, until
                    return True
                return False
        except (IntegrityError, OperationalError):
            return False

    def release_lock(self) -> None:
        try:
            with self.payments.sessions.begin() as session:
                lock = session.get(PaymentJobLock, LOCK_NAME, with_for_update=True)
                if lock is not None and lock.holder == self.holder:
                    session.delete(lock)
        except Exception:
            log.debug("could not release the payment job lock", exc_info=True)

    def run_once(self) -> dict[str, Any]:
        """One round of every step (if this worker holds the lock); what each did."""
        if not self.take_lock():
            return {"skipped": "another worker runs the payment jobs"}
        report: dict[str, Any] = {}
        steps: list[tuple[str, Callable[[], Any]]] = [
            ("activation", self.activate_once),
            ("poll", self.poll_once),
            ("settlement", self.settle_once),
            ("leases_expired", self.expire_leases_once),
            ("report_figures", self.refresh_figures_once),
        ]
        for name, step in steps:
            if self._stop.is_set():
                break
            try:
                report[name] = step()
            except Exception as exc:
                log.exception("payment job step %s failed", name)
                report[name] = f"failed: {exc}"
        self.rounds += 1
        self.last = report
        return report

    # -- the thread --------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="daftar-payment-jobs", daemon=True)
        self._thread.start()
        log.info("payment jobs started (every %.1f s, holder %s)", self.interval_s, self.holder)

    def wake(self) -> None:
        """Run a round now instead of at the next interval."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
            self.release_lock()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:
                log.exception("payment job round failed")
            self._wake.wait(self.interval_s)
            self._wake.clear()


def _noop() -> None:
    return None


def start_payment_jobs(
    settings: Any,
    engine: Engine,
    *,
    payment_settings: PaymentSettings | None = None,
    payments: Payments | None = None,
    interval_s: float | None = None,
) -> Callable[[], None]:
    """Start the background thread over `engine`; returns the function that stops it.

    Nothing starts (a no-op is returned) when no gateway is configured or the jobs are
    switched off (`DAFTAR_PAYMENT_JOBS=0`). The stop function carries the jobs object
    as `stop.__self__` for a test that wants to wake it.
    """
    ps = payment_settings or (
        payments.settings if payments else PaymentSettings.from_settings(settings)
    )
    if not ps.jobs_enabled:
        log.info("payment jobs are switched off (DAFTAR_PAYMENT_JOBS=0)")
        return _noop
    if payments is None:
        gateway = make_gateway(ps)
        if gateway is None:
            log.info("no payment gateway configured (DAFTAR_GATEWAY_URL): payment jobs not started")
            return _noop
        payments = Payments(engine, ps, gateway)
    elif payments.gateway is None:
        return _noop
    jobs = PaymentJobs(payments, interval_s)
    jobs.start()
    return jobs.stop
