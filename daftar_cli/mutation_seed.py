"""`daftar seed --mutation-backlog`: a demo district whose pending manual mutations
fall from 813 to 386 over twelve weeks, as in the seed figures (issue 17).

Rows go straight into the store (mutations, their parties, their history), dated
across the weeks, so the backlog view's weekly trend shows the fall: 813 pending at
the end of the first week, 386 at the end of the last, with new entries arriving
every week and clerks verifying and officers attesting (a tenth rejected) faster
than that. Deterministic (a fixed random seed), so two runs give the same district.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone

from sqlalchemy.orm import Session

from domain import reference
from domain.ids import new_id, utcnow
from domain.models import Mutation, MutationParty, RecordEvent

START_PENDING = 813
END_PENDING = 386
WEEKS = 12
NEW_PER_WEEK = 120
CLERKS = ("clerk-gul", "clerk-sana", "clerk-bilal", "clerk-nadia")
VERIFIERS = ("verifier-asad", "verifier-huma")
OFFICERS = ("tehsildar-peshawar", "naib-tehsildar-kohat")
MAUZAS = ("Mauza 1", "Mauza 2", "Mauza 3", "Mauza 4", "Mauza 5", "Mauza 6")


@dataclass
class BacklogReport:
    mutations: int
    pending_first_week: int
    pending_last_week: int


def _at(day: datetime, rng: random.Random) -> datetime:
    return day + timedelta(hours=rng.randint(9, 15), minutes=rng.randint(0, 59))


def seed_mutation_backlog(
    session: Session,
    district_code: str = "PSH",
    office_code: str = "TO-PSH-01",
    today: datetime | None = None,
    seed: int = 17,
) -> BacklogReport:
    """Write the demo district's mutations; returns the pending counts at either end."""
    rng = random.Random(seed)
    tehsils = [t.code for t in reference.tehsils(district_code)]
    now = today or utcnow()
    # Week w (0..WEEKS-1) ends on the Sunday w weeks before the last one.
    last_sunday = now.date() + timedelta(days=6 - now.weekday())
    first_week_start = datetime.combine(
        last_sunday - timedelta(weeks=WEEKS, days=-1), time(), tzinfo=timezone.utc
    )
    drop = START_PENDING - END_PENDING
    # Closed each week: the initial batch's first week closes nothing; after that, the
    # week's new entries plus its share of the fall.
    falls = [drop // (WEEKS - 1) + (1 if w < drop % (WEEKS - 1) else 0) for w in range(WEEKS - 1)]
    numbers = dict.fromkeys(tehsils, 0)
    pending: list[tuple[Mutation, datetime]] = []
    rows: list[object] = []
    total = 0

    def enter(on: datetime) -> None:
        nonlocal total
        tehsil = rng.choice(tehsils)
        numbers[tehsil] += 1
        at = _at(on, rng)
        m = Mutation(
            id=new_id(),
            mutation_no=str(1000 + numbers[tehsil]),
            mutation_date=(at - timedelta(days=rng.randint(400, 9000))).date(),
            tehsil_code=tehsil,
            mauza=rng.choice(MAUZAS),
            mutation_type="inheritance",
            khewat_no=str(rng.randint(1, 400)),
            khatauni_no="",
            khasra_nos=[str(rng.randint(1, 2000))],
            area_sarsai=rng.randint(9, 4000),
            consideration_paisa=0,
            taxes=[],
            status="recorded",
            recorded_by=rng.choice(CLERKS),
            verified_by=None,
            officer=None,
            order_reason="",
            remarks="",
            district_code=district_code,
            office_code=office_code,
            sync_state="synced",
            created_at=at,
            updated_at=at,
        )
        rows.append(m)
        for _n, (role, name) in enumerate(
            (("transferor", "Late Gul Khan"), ("transferee", "Heir"))
        ):
            rows.append(
                MutationParty(
                    id=new_id(),
                    mutation_id=m.id,
                    role=role,
                    person_id=None,
                    cnic="",
                    name_en=f"{name} {total}",
                    name_ur="",
                    father_name="",
                    share_num=1,
                    share_den=2,
                    held_num=1 if role == "transferor" else None,
                    held_den=2 if role == "transferor" else None,
                    district_code=district_code,
                    office_code=office_code,
                    sync_state="synced",
                    created_at=at,
                    updated_at=at,
                )
            )
        rows.append(
            _event(
                m,
                "record_mutation",
                m.recorded_by,
                at,
                f"Mutation {m.mutation_no} (Inheritance) recorded",
            )
        )
        pending.append((m, at))
        total += 1

    def close(on: datetime) -> None:
        m, entered = pending.pop(rng.randrange(len(pending)))
        at = max(_at(on, rng), entered + timedelta(hours=1))
        m.verified_by = rng.choice(VERIFIERS)
        rows.append(
            _event(
                m,
                "verify_mutation",
                m.verified_by,
                at - timedelta(minutes=30),
                f"Verified by {m.verified_by}",
            )
        )
        m.officer = rng.choice(OFFICERS)
        m.order_date = at.date()
        if rng.random() < 0.1:
            m.status, m.order_reason = "rejected", "Parties absent at the open assembly"
            rows.append(
                _event(
                    m,
                    "reject_mutation",
                    m.officer,
                    at,
                    f"Rejected by {m.officer}: {m.order_reason}",
                )
            )
        else:
            m.status = "attested"
            rows.append(_event(m, "attest_mutation", m.officer, at, f"Attested by {m.officer}"))
        m.updated_at = at

    for _ in range(START_PENDING):
        enter(first_week_start + timedelta(days=rng.randint(0, 5)))
    for w in range(1, WEEKS):
        week = first_week_start + timedelta(weeks=w)
        for _ in range(NEW_PER_WEEK):
            enter(week + timedelta(days=rng.randint(0, 2)))
        for _ in range(NEW_PER_WEEK + falls[w - 1]):
            close(week + timedelta(days=rng.randint(3, 5)))
    # Of what is still pending, a share is verified and waits for the officer.
    for m, entered in pending[: len(pending) // 3]:
        m.status, m.verified_by = "verified", rng.choice(VERIFIERS)
        rows.append(
            _event(
                m,
                "verify_mutation",
                m.verified_by,
                entered + timedelta(days=1),
                f"Verified by {m.verified_by}",
            )
        )
    session.add_all(rows)
    session.commit()
    return BacklogReport(total, START_PENDING, len(pending))


def _event(m: Mutation, command: str, actor: str, at: datetime, summary: str) -> RecordEvent:
    return RecordEvent(
        id=new_id(),
        record_id=m.id,
        record_type="mutation",
        command=command,
        actor=actor,
        at=at,
        summary=summary,
        details={},
        district_code=m.district_code,
        office_code=m.office_code,
        sync_state="synced",
        created_at=at,
        updated_at=at,
    )
