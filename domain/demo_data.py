"""Realistic demo records, generated fast: names in English and Urdu, valid CNICs,
plausible dates, and voucher amounts that add up to the seed figures of DESIGN.md.

Pure generation (no I/O): `daftar seed` writes what this yields.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import orjson

from domain import reference
from domain.commands.context import person_id_for
from domain.fees import FeeSchedule
from domain.ids import KARACHI, to_karachi, utcnow

MALE = [
    ("Muhammad", "محمد"),
    ("Ahmad", "احمد"),
    ("Gul", "گل"),
    ("Zahid", "زاہد"),
    ("Imran", "عمران"),
    ("Bilal", "بلال"),
    ("Shahid", "شاہد"),
    ("Fazal", "فضل"),
    ("Niaz", "نیاز"),
    ("Sher", "شیر"),
    ("Aftab", "آفتاب"),
    ("Tariq", "طارق"),
    ("Hamid", "حامد"),
    ("Naveed", "نوید"),
    ("Sajid", "ساجد"),
    ("Waqar", "وقار"),
    ("Irfan", "عرفان"),
    ("Khalid", "خالد"),
    ("Asad", "اسد"),
    ("Usman", "عثمان"),
]
FEMALE = [
    ("Ayesha", "عائشہ"),
    ("Fatima", "فاطمہ"),
    ("Bibi", "بی بی"),
    ("Nasreen", "نسرین"),
    ("Shazia", "شازیہ"),
    ("Rukhsana", "رخسانہ"),
    ("Zainab", "زینب"),
    ("Sadia", "سعدیہ"),
]
SURNAMES = [
    ("Khan", "خان"),
    ("Afridi", "آفریدی"),
    ("Yousafzai", "یوسفزئی"),
    ("Khattak", "خٹک"),
    ("Shinwari", "شنواری"),
    ("Mohmand", "مہمند"),
    ("Bangash", "بنگش"),
    ("Orakzai", "اورکزئی"),
    ("Marwat", "مروت"),
    ("Durrani", "درانی"),
    ("Swati", "سواتی"),
    ("Jadoon", "جدون"),
    ("Tanoli", "تنولی"),
    ("Wazir", "وزیر"),
    ("Mahsud", "محسود"),
    ("Kakar", "کاکڑ"),
    ("Shah", "شاہ"),
    ("Gandapur", "گنڈاپور"),
    ("Qureshi", "قریشی"),
    ("Awan", "اعوان"),
]

SEED_FIGURES = {
    "applications": 474_560,
    "vouchers": 203_998,
    "collected_rupees": 1_900_000_000,
    "in_process_rupees": 345_000_000,
}
#: The seed figures are a snapshot of mid-2025 (Dastak/Paymir): a seed of them ends on
#: this day, so every voucher is priced by the schedule then in force and the totals
#: come out exact. Any other demo ends today.
FIGURES_AS_OF = date(2025, 6, 30)
#: Unpaid demo vouchers are issued within this many days before the demo's last day,
#: so each is still within its due date (15 days) and payable at a bank.
FRESH_DAYS = 12


@dataclass
class VoucherPlan:
    """How many vouchers of each amount, paid and unpaid, hit the seed totals exactly."""

    paid: list[int]  # amount in rupees of each paid voucher
    unpaid: list[int]


def _mix(total_rupees: int, count: int, base: int, steps: dict[int, int]) -> list[int]:
    """`count` amounts from {base} ∪ steps' amounts summing exactly to `total_rupees`."""
    amounts = [base] * count
    diff = total_rupees - base * count
    if diff % 1000:
        raise ValueError("totals must be whole thousands of rupees")
    d = diff // 1000
    up, small_up, small_down = 20, 5, 8  # in thousands: all-Pakistan, provincial, renewal
    big = d // up if d > 0 else 0
    d -= big * up
    for x in range(60):
        if (d - small_up * x) % small_down == 0 and (small_up * x - d) // small_down >= 0:
            y = (small_up * x - d) // small_down
            break
    else:  # pragma: no cover - gcd(5, 8) = 1 always finds one
        raise ValueError("cannot balance")
    i = 0
    for amount, n in (
        (base + up * 1000, big),
        (base + small_up * 1000, x),
        (base - small_down * 1000, y),
    ):
        for _ in range(n):
            amounts[i] = amount
            i += 1
    if i > count:
        raise ValueError("too few vouchers for this total")
    return amounts


def seed_figure_plan() -> VoucherPlan:
    unpaid_n = 31_350
    paid_n = SEED_FIGURES["vouchers"] - unpaid_n
    return VoucherPlan(
        paid=_mix(SEED_FIGURES["collected_rupees"], paid_n, 11_000, {}),
        unpaid=_mix(SEED_FIGURES["in_process_rupees"], unpaid_n, 11_000, {}),
    )


def proportional_plan(applications: int) -> VoucherPlan:
    """Vouchers for a demo of any size in the proportions of the seed figures (about
    43 in 100 applications reached a voucher, 15 in 100 of those unpaid), so a small
    demo has paid and unpaid challans to show and not only fresh applications."""
    full = seed_figure_plan()
    ratio = applications / SEED_FIGURES["applications"]
    vouchers = min(applications, round(SEED_FIGURES["vouchers"] * ratio))
    unpaid_n = round(vouchers * len(full.unpaid) / SEED_FIGURES["vouchers"])
    return VoucherPlan(
        paid=_spread(full.paid, vouchers - unpaid_n), unpaid=_spread(full.unpaid, unpaid_n)
    )


def _spread(amounts: list[int], n: int) -> list[int]:
    """`n` of `amounts` taken evenly, keeping the mix of amounts."""
    return [amounts[i * len(amounts) // n] for i in range(n)] if n else []


# Amount (rupees, 2014 schedule) -> (kind, validity) of the application behind it.
_KIND_FOR_AMOUNT = {
    11_000: ("new", "district"),
    16_000: ("new", "provincial"),
    31_000: ("new", "all_pakistan"),
    3_000: ("renewal", "district"),
}


class DemoGenerator:
    """Yields rows as plain dicts of column values for persons, applications, vouchers."""

    def __init__(
        self,
        seed: int = 7,
        office_code: str | None = None,
        districts: list[str] | None = None,
        today: date | None = None,
    ):
        """`today` is the demo's last day (Pakistan time; default: today): the register
        runs from six years before it up to it."""
        self.rng = random.Random(seed)
        offices = [o for o in reference.offices() if o.kind == "dc_office"]
        if districts:
            offices = [o for o in offices if o.district_code in districts]
        if office_code:
            offices = [o for o in offices if o.code == office_code] or offices
        self.offices = offices
        self.weapons = [
            (w.code, list(w.bores))
            for w in reference.weapon_types(licensable_only=True)
            if w.is_firearm
        ]
        self.today = today or to_karachi(utcnow()).date()
        self.span_days = 365 * 6
        # The register closes before the last day begins (a voucher is issued two hours
        # after its application), so nothing is dated after the moment a demo starts;
        # it opened six years before.
        self.end = (datetime.combine(self.today, time(), KARACHI) - timedelta(hours=3)).astimezone(
            timezone.utc
        )
        self.base = self.end - timedelta(days=self.span_days)

    def cnic(self, i: int, female: bool) -> str:
        area = 1 + (i % 9)  # 1xxxx: Khyber Pakhtunkhwa
        middle = (i * 7919 + 1_234_567) % 10_000_000
        last = self.rng.choice((2, 4, 6, 8) if female else (1, 3, 5, 7, 9))
        return f"1{area}{(i * 37) % 1000:03d}{middle:07d}{last}"

    def applications(
        self, n: int, *, plan: VoucherPlan | None = None, start: int = 0
    ) -> Iterator[tuple[dict[str, Any], dict[str, Any], dict[str, Any] | None]]:
        """(person, application, voucher or None) for `n` applications, in the order
        they were submitted.

        The oldest applications carry the paid vouchers; the unpaid vouchers are the
        newest, issued in the last `FRESH_DAYS` days and so still payable; the
        applications without a voucher lie between. Values are in storage form where
        that is cheap (timestamps as naive-UTC text, JSON columns as text) because
        this runs half a million times per seed.
        """
        rnd = self.rng.random
        paid = plan.paid if plan else []
        unpaid = plan.unpaid if plan else []
        unpaid_from = max(len(paid), n - len(unpaid))  # index of the first unpaid voucher
        unpaid_to = unpaid_from + len(unpaid)
        # Times: [base, fresh) for the applications before the unpaid vouchers, then
        # [fresh, end) for those, so ids made from the times still ascend.
        older = min(n, unpaid_from) if unpaid else n
        fresh_ts = (self.end - timedelta(days=FRESH_DAYS)).timestamp()
        end_ts = self.end.timestamp()
        quotes: dict[tuple[str, str, bool], Any] = {}
        heads_text: dict[tuple[str, str, bool], str] = {}
        fee_paisa: dict[tuple[str, str, bool], tuple[int, int]] = {}
        new_docs = '["cnic_copy", "affidavit", "police_clearance"]'
        offices = self.offices
        base_ts = self.base.timestamp()
        span = fresh_ts - base_ts
        cutoff = datetime(2025, 6, 1, tzinfo=timezone.utc).timestamp()
        new_schedule = datetime(2025, 7, 1, tzinfo=timezone.utc).timestamp()
        banks = ("HBL", "UBL", "MCB", "BOK", "NBP")
        for k in range(start, start + n):
            female = rnd() < 0.06
            names = FEMALE if female else MALE
            first, first_ur = names[int(rnd() * len(names))]
            sur, sur_ur = SURNAMES[int(rnd() * len(SURNAMES))]
            father, father_ur = MALE[int(rnd() * len(MALE))]
            cnic = self.cnic(k, female)
            office = offices[k % len(offices)]
            # Submissions come in time order (as a register fills), so ids made from them
            # are ascending and land at the end of the primary-key index.
            i = k - start
            if i < older:
                ts = base_ts + int((i + rnd()) * span / max(older, 1))
            else:
                ts = fresh_ts + (i - older + rnd()) * (end_ts - fresh_ts) / max(n - older, 1)
            is_paid = i < len(paid)
            if is_paid:
                amount: int | None = paid[i]
                ts = min(ts, cutoff)  # paid on the 2014 schedule, as the seed totals are
            elif unpaid_from <= i < unpaid_to:
                amount = unpaid[i - unpaid_from]
            else:
                amount = None
            if amount is not None:
                kind, validity = _KIND_FOR_AMOUNT[amount]
            else:
                roll = rnd()
                kind = "new" if roll < 0.70 else "renewal" if roll < 0.95 else "duplicate"
                roll = rnd()
                validity = (
                    "district" if roll < 0.80 else "provincial" if roll < 0.95 else "all_pakistan"
                )
            submitted = datetime.fromtimestamp(ts, timezone.utc)
            stamp = _storage_time(submitted)
            weapon, bores = self.weapons[int(rnd() * len(self.weapons))]
            key = (kind, validity, ts >= new_schedule)
            quote = quotes.get(key)
            if quote is None:
                quote = quotes[key] = FeeSchedule.for_date(submitted.date()).licence_fee(
                    kind, validity
                )
                heads_text[key] = orjson.dumps(
                    [[c, label, m.paisa] for c, label, m in quote.heads]
                ).decode()
                fee_paisa[key] = (quote.total.paisa, quote.after_due.paisa)
            total_paisa, after_due_paisa = fee_paisa[key]
            pid = person_id_for(cnic)
            name = f"{first} {sur}"
            name_ur = f"{first_ur} {sur_ur}"
            mobile = f"03{int(rnd() * 50):02d}{int(rnd() * 10**7):07d}"
            person = {
                "id": pid,
                "cnic": cnic,
                "name_en": name,
                "name_ur": name_ur,
                "father_name_en": f"{father} {sur}",
                "father_name_ur": f"{father_ur} {sur_ur}",
                "date_of_birth": _BIRTHDAYS[int(rnd() * len(_BIRTHDAYS))],
                "gender": "female" if female else "male",
                "relation": "daughter_of" if female else "son_of",
                "address": f"House {1 + int(rnd() * 900)}, {office.name_en.split(',')[-1].strip()}",
                "mobile": mobile,
                "district_code": office.district_code,
                "office_code": office.code,
                "created_at": stamp,
                "updated_at": stamp,
                "sync_state": "synced",
                "version": 0,
            }
            app_id = _uuid7_like(self.rng, ts)
            if amount is None:
                roll = rnd()
                status = "submitted" if roll < 0.85 else "cancelled" if roll < 0.90 else "rejected"
            elif is_paid:
                roll = rnd()
                status = (
                    "fee_paid"
                    if roll < 0.3
                    else "verified"
                    if roll < 0.5
                    else "approved"
                    if roll < 0.6
                    else "licence_issued"
                )
            else:
                status = "voucher_issued"
            app = {
                "id": app_id,
                "application_no": f"{office.series_prefix}-{submitted.year % 100:02d}-S{k:07d}",
                "kind": kind,
                "status": status,
                "person_id": pid,
                "cnic": cnic,
                "applicant_name_en": name,
                "applicant_name_ur": name_ur,
                "name_key": name.lower(),
                "weapon_type": weapon,
                "bore": bores[int(rnd() * len(bores))],
                "validity": validity,
                "fee_paisa": total_paisa,
                "fee_schedule_version": quote.schedule_version,
                "documents": new_docs,
                "previous_licence_id": None,
                "submitted_at": stamp,
                "verification": "{}",
                "decision": "{}",
                "weapon": "{}",
                "remarks": "",
                "version": 0,
                "district_code": office.district_code,
                "office_code": office.code,
                "created_at": stamp,
                "updated_at": stamp,
                "sync_state": "synced",
            }
            voucher = None
            if amount is not None:
                issued = submitted + timedelta(hours=2)
                issued_text = _storage_time(issued)
                paid_at = issued + timedelta(days=int(rnd() * 10), hours=9 + int(rnd() * 7))
                voucher = {
                    "id": _uuid7_like(self.rng, ts + 7200),
                    "psid": f"{k + 10**16:017d}",
                    "provisional": 0,
                    "subject_type": "licence_application",
                    "subject_id": app_id,
                    "status": "paid" if is_paid else "unpaid",
                    "amount_within_due_paisa": total_paisa,
                    "amount_after_due_paisa": after_due_paisa,
                    "due_date": (issued + timedelta(days=15)).date().isoformat(),
                    "expiry_date": (issued + timedelta(days=30)).date().isoformat(),
                    "consumer_name": name,
                    "cnic": cnic,
                    "mobile": mobile,
                    "heads": heads_text[key],
                    "issued_at": issued_text,
                    "paid_amount_paisa": total_paisa if is_paid else None,
                    "paid_at": _storage_time(paid_at) if is_paid else None,
                    "bank_code": banks[int(rnd() * 5)] if is_paid else None,
                    "tran_auth_id": f"{k:012d}" if is_paid else None,
                    "cancel_reason": "",
                    "version": 0,
                    "district_code": office.district_code,
                    "office_code": office.code,
                    "created_at": issued_text,
                    "updated_at": issued_text,
                    "sync_state": "synced",
                }
            yield person, app, voucher


_BIRTHDAYS = [(date(1950, 1, 1) + timedelta(days=d)).isoformat() for d in range(0, 365 * 50, 3)]


def _storage_time(moment: datetime) -> str:
    """Naive-UTC text as SQLite keeps `UtcDateTime` values."""
    return moment.replace(tzinfo=None).isoformat(" ", "microseconds")


def _uuid7_like(rng: random.Random, seconds: float) -> str:
    """A UUIDv7 for a past moment, so seeded ids sort by time like real ones."""
    ms = int(seconds * 1000)
    rand = rng.getrandbits(74)
    value = (
        (ms << 80) | (0x7 << 76) | ((rand >> 62) << 64) | (0b10 << 62) | (rand & ((1 << 62) - 1))
    )
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def slot_times(
    prison: reference.Prison, days: int, start: date
) -> Iterator[tuple[datetime, int, int]]:
    """(start UTC, minutes, capacity) of a prison's weekly slots over `days` days."""
    karachi = timezone(timedelta(hours=5))
    for offset in range(days):
        day = start + timedelta(days=offset)
        if day in prison.closed_dates:
            continue
        for slot in prison.slots_on(day.weekday()):
            local = datetime.combine(
                day,
                slot.start if isinstance(slot.start, time) else time.fromisoformat(slot.start),
                tzinfo=karachi,
            )
            yield local.astimezone(timezone.utc), slot.minutes, slot.capacity
