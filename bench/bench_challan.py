"""Challan PDF speed against DESIGN.md's budget: one challan < 15 ms, a batch > 300/s.

Prints figures only; never asserts (budgets are watched by people, not by CI).
Run: ``python -m bench.bench_challan``.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timezone

from desktop.printing.challan import ChallanData, render_challan, render_challans

_URDU_NAMES = ("محمد عمران خان", "عائشہ بی بی", "گل زمان آفریدی", "شاہدہ پروین", "فضل ربی")


def _voucher(n: int) -> ChallanData:
    return ChallanData(
        psid=f"1002026{n:010d}",
        provisional=n % 50 == 49,  # a few offline vouchers in every batch
        department="Home & Tribal Affairs Department",
        office_name="Office of the Deputy Commissioner",
        district_name_en="Peshawar",
        district_name_ur="پشاور",
        application_no=f"AL-PSH-2026-{n:06d}",
        consumer_name=f"Applicant {n}",
        consumer_name_ur=f"{_URDU_NAMES[n % len(_URDU_NAMES)]} {n}",  # a new name every page
        cnic=f"17301-{n % 10_000_000:07d}-{1 + 2 * (n % 4)}",
        mobile="0300-1234567",
        purpose_en="Arms licence, new (NPB pistol)",
        purpose_ur="اسلحہ لائسنس نیا",
        heads=[("C02101", "Arms licence fee", 1_250_000), ("C02102", "Processing fee", 150_000)],
        amount_within_due_paisa=1_400_000,
        amount_after_due_paisa=1_540_000,
        due_date=date(2026, 12, 6),
        expiry_date=date(2026, 12, 21),
        issued_at=datetime(2026, 11, 22, 9, 5, tzinfo=timezone.utc),
    )


def _accelerated() -> bool:
    from reportlab.lib import rl_accel

    return not rl_accel._py_funcs  # every helper came from the C extension


def main(single: int = 200, batch: int = 1000) -> None:
    print(f"reportlab C accelerator (rl_accel): {'yes' if _accelerated() else 'NO - pure Python'}")
    render_challan(_voucher(0))  # fonts, shaping caches: first use is not what we measure

    timings = []
    for n in range(single):
        start = time.perf_counter()
        render_challan(_voucher(n))
        timings.append(time.perf_counter() - start)
    timings.sort()
    mean = sum(timings) / len(timings)
    print(
        f"single challan PDF: mean {mean * 1000:.2f} ms, median {timings[len(timings) // 2] * 1000:.2f} ms, "
        f"p95 {timings[int(len(timings) * 0.95)] * 1000:.2f} ms -> {1 / mean:.0f} PDFs/s "
        f"(budget < 15 ms)"
    )

    vouchers = [_voucher(n) for n in range(batch)]
    start = time.perf_counter()
    pdf = render_challans(vouchers)
    elapsed = time.perf_counter() - start
    print(
        f"batch of {batch} in one PDF: {elapsed:.2f} s -> {batch / elapsed:.0f} challans/s, "
        f"{len(pdf) / batch / 1024:.1f} KiB a page (budget > 300/s)"
    )


if __name__ == "__main__":
    main()
