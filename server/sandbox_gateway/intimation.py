"""Payment intimations: the gateway pushing each payment to the central server.

One background thread sends every due delivery as a signed JSON POST. A failed
delivery (connection refused, timeout, non-2xx answer) is retried with exponential
backoff, for ever: the central server also polls, but a sandbox that gives up would
hide bugs in that polling. With ``duplicate_rate`` the sandbox delivers a payment a
second time on purpose, because real aggregators do, and the server must dedupe on
tran_auth_id.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from datetime import datetime, timedelta
from typing import Any

import requests
from sqlalchemy import select

from server.sandbox_gateway.config import GatewayConfig
from server.sandbox_gateway.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign
from server.sandbox_gateway.store import GatewayStore, Intimation, aware, naive_utc

log = logging.getLogger(__name__)


def backoff_s(config: GatewayConfig, attempts: int) -> float:
    """Wait before retry number ``attempts`` (1 = after the first failure)."""
    return float(min(config.backoff_max_s, config.backoff_base_s * 2 ** max(0, attempts - 1)))


class IntimationSender:
    """Delivers pending intimations on its own daemon thread until :meth:`stop`."""

    def __init__(self, store: GatewayStore, config: GatewayConfig):
        self.store = store
        self.config = config
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._http = requests.Session()
        self._rng = random.Random(config.random_seed)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="intimation-sender", daemon=True)
            self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None
        self._http.close()

    def wake(self) -> None:
        """A payment was recorded: look for work now rather than at the next poll."""
        self._wake.set()

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()  # before looking, so a payment recorded meanwhile wakes us
            try:
                wait = self.deliver_due()
            except Exception:  # keep the sandbox alive; the row stays pending
                log.exception("intimation round failed")
                wait = self.config.idle_poll_s
            self._wake.wait(wait)

    def deliver_due(self) -> float:
        """Send every delivery that is due; return seconds until the next one is."""
        url = self.config.intimation_url
        if not url:
            return self.config.idle_poll_s
        now = self.config.clock()
        with self.store.read() as session:
            due = session.scalars(
                select(Intimation)
                .where(
                    Intimation.delivered_at.is_(None), Intimation.next_attempt_at <= naive_utc(now)
                )
                .order_by(Intimation.id)
            ).all()
        for delivery in due:
            if self._stopping.is_set():
                break
            self._deliver(url, delivery)
        return self._seconds_to_next()

    def _deliver(self, url: str, delivery: Intimation) -> None:
        body = delivery.body.encode("utf-8")
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(body, self.config.shared_secret),
            TIMESTAMP_HEADER: str(int(time.time())),
        }
        error: str | None = None
        try:
            answer = self._http.post(
                url, data=body, headers=headers, timeout=self.config.delivery_timeout_s
            )
            if not 200 <= answer.status_code < 300:
                error = f"HTTP {answer.status_code}"
        except requests.RequestException as exc:
            error = f"{type(exc).__name__}: {exc}"[:300]
        self._record(delivery.id, error)

    def _record(self, delivery_id: int, error: str | None) -> None:
        config = self.config
        now = config.clock()
        with self.store.write() as session:
            row = session.get(Intimation, delivery_id)
            if row is None:
                return
            row.attempts += 1
            if error is None:
                row.delivered_at = naive_utc(now)
                row.last_error = None
                if not row.deliberate_duplicate and self._rng.random() < config.duplicate_rate:
                    session.add(
                        Intimation(
                            payment_id=row.payment_id,
                            body=row.body,
                            deliberate_duplicate=True,
                            next_attempt_at=naive_utc(now),
                        )
                    )
            else:
                row.last_error = error
                row.next_attempt_at = naive_utc(
                    now + timedelta(seconds=backoff_s(config, row.attempts))
                )

    def _seconds_to_next(self) -> float:
        with self.store.read() as session:
            upcoming = session.scalars(
                select(Intimation.next_attempt_at)
                .where(Intimation.delivered_at.is_(None))
                .order_by(Intimation.next_attempt_at)
                .limit(1)
            ).first()
        if upcoming is None:
            return self.config.idle_poll_s
        delay = (aware(upcoming) - self.config.clock()).total_seconds()
        return max(0.0, min(delay, self.config.idle_poll_s))


def pending(store: GatewayStore) -> list[dict[str, Any]]:
    """Deliveries not yet taken by the central server (for /sandbox/intimations)."""
    with store.read() as session:
        rows = session.scalars(select(Intimation).order_by(Intimation.id)).all()
        return [
            {
                "id": r.id,
                "payment_id": r.payment_id,
                "attempts": r.attempts,
                "delivered_at": _iso(r.delivered_at),
                "last_error": r.last_error,
                "deliberate_duplicate": r.deliberate_duplicate,
                "next_attempt_at": _iso(r.next_attempt_at),
            }
            for r in rows
        ]


def _iso(moment: datetime | None) -> str | None:
    return aware(moment).isoformat() if moment is not None else None
