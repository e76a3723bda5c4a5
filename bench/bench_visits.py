"""Prison visits against issue 18's budgets: slot generation for all 39 prisons over
28 days < 2 s on the server; free slots of a prison over the booking window p95 < 20 ms
with many past bookings in the desk store; booking (local command) p95 < 30 ms.

Prints figures only; never asserts. Run: ``python -m bench.bench_visits [--past N]``
(--past: past bookings put in the desk store first, default 1,000,000).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from server.db import make_engine, session_factory
from server.migrate import prepare_database
from server.visit_slots import generate_slots


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def bench_generation(url: str | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(url or f"sqlite:///{Path(tmp) / 'server.sqlite3'}")
        prepare_database(engine)
        sessions = session_factory(engine)
        today = date(2026, 12, 7)
        t0 = time.perf_counter()
        first = generate_slots(sessions, today)
        made = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = generate_slots(sessions, today)
        rerun = time.perf_counter() - t0
        engine.dispose()
    print(f"slot generation, 39 prisons x window ({engine.dialect.name}): {first.created} slots "
          f"in {made * 1000:.0f} ms (budget 2000); idempotent re-run {again.created} new "
          f"in {rerun * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--past", type=int, default=1_000_000)
    parser.add_argument("--pg", default=None, help="also time generation on this PostgreSQL URL")
    args = parser.parse_args()
    bench_generation()
    if args.pg:
        bench_generation(args.pg)
    from bench.bench_visits_desk import bench_desk

    bench_desk(args.past)


if __name__ == "__main__":
    main()
