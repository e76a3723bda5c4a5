"""Virtual prison visit commands: slots, inmates, approved visitors, bookings.

A help desk books offline within the seats leased to it (`seat_quotas`); a booking
beyond its quota stays "requested" (provisional) until the server, which sees every
office's bookings, confirms or rejects it with the next free slots as hints.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, select

from domain import reference
from domain.commands.args import Args, check_int, check_text, is_clean_text
from domain.commands.catalogue import command
from domain.commands.context import CommandContext, CommandResult, stamp
from domain.commands.events import log_event
from domain.commands.lookups import find, get_row
from domain.errors import CapacityExceeded, Duplicate, ValidationError, msg
from domain.meeting import TOKEN_PATTERN
from domain.models import ApprovedVisitor, Inmate, VisitBooking, VisitSlot
from domain.states import VISIT_BOOKING, ensure_transition
from domain.values import Cnic
from domain.visit_slots import PRISON_TZ, local_time


@command("open_visit_slot", roles=("prison_staff", "supervisor"), creates="slot_id")
def open_visit_slot(ctx: CommandContext, a: Args) -> CommandResult:
    at = a.time()
    prison = reference.prison(a.str("prison_code", column=VisitSlot.prison_code))
    capacity = a.int("capacity", minimum=1, maximum=SLOT_CAPACITY_MAX)
    slot = VisitSlot(
        id=a.id("slot_id", VisitSlot),
        prison_code=prison.code,
        starts_at=a.time("starts_at"),
        minutes=a.int("minutes", minimum=5, maximum=SLOT_MINUTES_MAX),
        capacity=capacity,
        booked=0,
        closed=False,
        seat_quotas=_seat_quotas(a, capacity),
        district_code=prison.district_code,
        office_code=ctx.office_code,
        sync_state="synced",
    )
    if find(ctx, VisitSlot, slot.id) is not None:
        raise Duplicate(msg("This slot already exists."))
    stamp(slot, ctx, at, new=True)
    ctx.session.add(slot)
    return CommandResult(a.name, [("visit_slots", slot.id)], "Slot opened")


def _seat_quotas(a: Args, capacity: int) -> dict[str, int]:
    """Seats leased to offices: office code -> a whole number of seats within the slot."""
    quotas = a.dict("seat_quotas", required=False)
    longest = VisitBooking.office_code.type.length
    for office, seats in quotas.items():
        check_text(office, "seat_quotas", limit=longest)
        check_int(seats, "seat_quotas", minimum=0, maximum=capacity)
    return quotas


def _lease_locks(_session: Any, args: Mapping[str, Any]) -> list[tuple[type[Any], Any]]:
    """A lease is checked against the slot's bookings per office: the slot is locked
    first, or a booking landing at the same time could take a seat being leased."""
    return [(VisitSlot, args.get("slot_id"))]


@command("lease_visit_seats", roles=("supervisor",), locks=_lease_locks)
def lease_visit_seats(ctx: CommandContext, a: Args) -> CommandResult:
    """A supervisor leases `seats` of a slot to a help desk's office (0 ends the lease):
    the desk confirms bookings offline up to them, and no other office can take them.
    Works on any slot, the generated ones included (the generator never touches leases).

    A lease never goes below what the office already holds in the slot, and the slot's
    leases plus the seats others hold outside any lease never exceed its capacity."""
    at = a.time()
    slot = get_row(ctx, VisitSlot, a.id("slot_id", VisitSlot), "visit slot")
    # a help desk's office as offices.json names it: a typo would lease seats to no one
    office = reference.office(a.str("office_code", column=VisitBooking.office_code)).code
    seats = a.int("seats", minimum=0, maximum=SLOT_CAPACITY_MAX)
    if slot.closed:
        raise ValidationError(
            msg("The slot is closed; seats of a closed slot cannot be leased."),
            field="slot_id",
            code="slot_closed",
        )
    used = _office_bookings(ctx, slot.id)
    held = used.get(office, 0)
    if seats < held:
        raise ValidationError(
            msg(
                "Office {office} already holds {held} booking(s) in this slot; lease it at "
                "least {held} seat(s).",
                office=office,
                held=held,
            ),
            field="seats",
            code="lease_below_bookings",
            hints={"min_seats": held},
        )
    quotas = {k: int(v) for k, v in (slot.seat_quotas or {}).items() if k != office}
    taken = sum(max(q, used.get(o, 0)) for o, q in quotas.items())
    taken += sum(n for o, n in used.items() if o not in quotas and o != office)
    most = max(held, slot.capacity - taken)
    if seats > most:
        raise CapacityExceeded(
            msg(
                "Only {most} seat(s) of this slot can be leased to {office}; the others are "
                "leased or booked.",
                most=most,
                office=office,
            ),
            code="lease_over_capacity",
            hints={"max_seats": most},
        )
    if seats:
        quotas[office] = seats
    slot.seat_quotas = quotas
    stamp(slot, ctx, at, new=False)
    when = f"{local_time(slot.starts_at):%d-%m-%Y %H:%M}"
    log_event(
        ctx,
        record_id=slot.id,
        record_type="visit_slot",
        command=a.name,
        at=at,
        summary=f"{seats} seat(s) of the slot at {when} leased to {office}",
        district_code=slot.district_code,
    )
    return CommandResult(
        a.name, [("visit_slots", slot.id)], f"{seats} seat(s) leased to {office}", {"seats": seats}
    )


@command("register_inmate", roles=("prison_staff", "supervisor"), creates="inmate_id")
def register_inmate(ctx: CommandContext, a: Args) -> CommandResult:
    at = a.time()
    prison = reference.prison(a.str("prison_code", column=Inmate.prison_code))
    inmate = Inmate(
        id=a.id("inmate_id", Inmate),
        prison_code=prison.code,
        inmate_no=a.str("inmate_no", column=Inmate.inmate_no),
        name_en=a.str("name_en", column=Inmate.name_en),
        name_ur=a.str("name_ur", required=False, column=Inmate.name_ur),
        father_name_en=a.str("father_name_en", required=False, column=Inmate.father_name_en),
        district_code=prison.district_code,
        office_code=ctx.office_code,
        sync_state="synced",
    )
    stamp(inmate, ctx, at, new=True)
    ctx.session.add(inmate)
    return CommandResult(a.name, [("inmates", inmate.id)], f"Inmate {inmate.inmate_no} registered")


@command("approve_visitor", roles=("prison_staff", "supervisor"), creates="visitor_id")
def approve_visitor(ctx: CommandContext, a: Args) -> CommandResult:
    at = a.time()
    inmate = get_row(ctx, Inmate, a.id("inmate_id", Inmate), "inmate")
    visitor = ApprovedVisitor(
        id=a.id("visitor_id", ApprovedVisitor),
        inmate_id=inmate.id,
        cnic=Cnic.parse(a.str("cnic", max_len=40)).digits,
        name_en=a.str("name_en", column=ApprovedVisitor.name_en),
        name_ur=a.str("name_ur", required=False, column=ApprovedVisitor.name_ur),
        relationship=a.str("relationship", column=ApprovedVisitor.relationship),
        mobile=a.str("mobile", required=False, column=ApprovedVisitor.mobile),
        district_code=inmate.district_code,
        office_code=ctx.office_code,
        sync_state="synced",
    )
    stamp(visitor, ctx, at, new=True)
    ctx.session.add(visitor)
    return CommandResult(a.name, [("approved_visitors", visitor.id)], "Visitor approved")


_LIVE = ("booked", "requested")
# Built once: a booking runs these on every desk and for every push on the server, and
# building a statement costs more than the indexed lookup it makes.
_OFFICE_BOOKINGS = (
    select(VisitBooking.office_code, func.count())
    .where(VisitBooking.slot_id == bindparam("slot"), VisitBooking.status.in_(_LIVE))
    .group_by(VisitBooking.office_code)
)
#: The inmate's live bookings in one Karachi week (the allowance and the duplicate
#: request are both read from them), through the inmate's index.
_INMATES_WEEK = (
    select(VisitBooking.slot_id, VisitBooking.booking_no)
    .join(VisitSlot, VisitSlot.id == VisitBooking.slot_id)
    .where(
        VisitBooking.inmate_id == bindparam("inmate"),
        VisitBooking.status.in_(_LIVE),
        VisitSlot.starts_at >= bindparam("start"),
        VisitSlot.starts_at < bindparam("end"),
        VisitBooking.id != bindparam("moving"),
    )
)


def _office_bookings(ctx: CommandContext, slot_id: str) -> dict[str, int]:
    rows = ctx.session.execute(_OFFICE_BOOKINGS, {"slot": slot_id})
    return dict(rows.all())  # dict(rows) would read the Result as a mapping (its keys())


def seats_free_for(ctx: CommandContext, slot: VisitSlot, office_code: str) -> tuple[int, int]:
    """(seats of this office's own quota still free, seats of the shared pool free)."""
    used = _office_bookings(ctx, slot.id)
    quotas = {k: int(v) for k, v in (slot.seat_quotas or {}).items()}
    own_free = max(0, quotas.get(office_code, 0) - used.get(office_code, 0))
    pool = slot.capacity - sum(quotas.values())
    pool_used = sum(max(0, n - quotas.get(office, 0)) for office, n in used.items())
    return own_free, max(0, pool - pool_used)


def fitting_slots(
    ctx: CommandContext,
    prison_code: str,
    at: datetime,
    rules: reference.Prison,
    *,
    after: datetime | None = None,
    limit: int = 3,
) -> list[dict[str, object]]:
    """The next open slots with a free seat that this prison's notice and window allow
    now (from `after`, if later): what the desk offers when a rule refuses a slot."""
    earliest = at + timedelta(days=rules.notice_days)
    if after is not None and _aware(after) > earliest:
        earliest = _aware(after)
    closed = set(rules.closed_dates)
    found = ctx.session.scalars(
        select(VisitSlot)
        .where(
            VisitSlot.prison_code == prison_code,
            VisitSlot.closed.is_(False),
            VisitSlot.booked < VisitSlot.capacity,
            VisitSlot.starts_at >= earliest,
            VisitSlot.starts_at <= at + timedelta(days=rules.booking_window_days),
        )
        .order_by(VisitSlot.starts_at, VisitSlot.terminal)
        .limit(limit + 40)
    )
    out: list[dict[str, object]] = []
    for s in found:
        local = local_time(s.starts_at)
        if local.date() in closed or (after is not None and _aware(s.starts_at) <= _aware(after)):
            continue  # a slot opened by hand on a closed date, or the refused slot itself
        out.append(
            {
                "slot_id": s.id,
                "starts_at": s.starts_at.isoformat(),
                "free": s.capacity - s.booked,
                "local": f"{local:%d-%m-%Y %H:%M}",
            }
        )
        if len(out) == limit:
            break
    return out


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def week_of(starts_at: datetime) -> tuple[datetime, datetime]:
    """The Monday-to-Sunday Karachi week holding a slot, as UTC bounds."""
    local = local_time(starts_at)
    monday = datetime.combine(
        (local - timedelta(days=local.weekday())).date(), datetime.min.time(), PRISON_TZ
    )
    return monday.astimezone(UTC), (monday + timedelta(days=7)).astimezone(UTC)


def _first(slots: list[dict[str, object]]) -> str:
    """The first slot offered, as the message names it ("none free" when none)."""
    return str(slots[0]["local"]) if slots else msg("none free in the booking window")


#: The most visitors a booking may name before the prison's own cap is applied.
VISITORS_MAX = 20
SLOT_CAPACITY_MAX = 1000
SLOT_MINUTES_MAX = 24 * 60


def _visitors(a: Args) -> list[dict[str, object]]:
    """The visitors of a booking as the booking keeps them: name, CNIC, age checked."""
    out: list[dict[str, object]] = []
    for v in a.records("visitors", max_items=VISITORS_MAX):
        visitor: dict[str, object] = {
            "name": v.str("name", required=False, column=ApprovedVisitor.name_en),
            "cnic": v.str("cnic", required=False, max_len=40),
        }
        if v.raw.get("age") is not None:
            visitor["age"] = v.int("age", minimum=0, maximum=150)
        out.append(visitor)
    return out


def _check_visitors(
    ctx: CommandContext, a: Args, inmate: Inmate, rules: reference.Prison
) -> list[dict[str, object]]:
    """The prison's rules on who may join: count, adults, lead visitor's age, and each
    visitor with a CNIC on the inmate's approved list and not banned. Each refusal names
    the rule and, as hints, what would work (the cap, the approved visitors)."""
    visitors = _visitors(a)
    if not visitors:
        raise ValidationError(msg("Name at least the lead visitor."), field="visitors")
    cap = rules.max_visitors_per_booking
    if len(visitors) > cap:
        raise ValidationError(
            msg(
                "At most {cap} visitors may join one visit; {count} named. Remove {extra}.",
                cap=cap,
                count=len(visitors),
                extra=len(visitors) - cap,
            ),
            field="visitors",
            code="too_many_visitors",
            hints={"max_visitors": cap},
        )
    adults = [v for v in visitors if _age(v.get("age", 0)) >= 18]
    max_adults = rules.max_adults_per_booking
    if len(adults) > max_adults:
        raise ValidationError(
            msg(
                "At most {cap} adults may join one visit; {count} named. "
                "Book a second visit for the others.",
                cap=max_adults,
                count=len(adults),
            ),
            field="visitors",
            code="too_many_adults",
            hints={"max_adults": max_adults},
        )
    lead = Cnic.parse(a.str("lead_visitor_cnic", max_len=40)).digits
    lead_min = rules.lead_visitor_min_age
    approved = {
        v.cnic: v
        for v in ctx.session.scalars(
            select(ApprovedVisitor).where(ApprovedVisitor.inmate_id == inmate.id)
        )
    }
    allowed = [
        {"cnic": Cnic(v.cnic).formatted, "name": v.name_en, "relationship": v.relationship}
        for v in approved.values()
        if not v.banned
    ]
    for v in visitors:
        if v.get("cnic"):
            v["cnic"] = Cnic.parse(str(v["cnic"])).digits
    named = [str(v["cnic"]) for v in visitors if v.get("cnic")]
    for cnic in [lead, *named]:
        if cnic not in approved:
            raise ValidationError(
                msg(
                    "Visitor {cnic} is not on this inmate's approved visitor list; {count} approved "
                    "visitor(s) may come.",
                    cnic=Cnic(cnic).formatted,
                    count=len(allowed),
                ),
                field="visitors",
                code="visitor_not_approved",
                hints={"approved_visitors": allowed},
            )
        if approved[cnic].banned:
            raise ValidationError(
                msg(
                    "Visitor {cnic} is banned from visits; {count} approved visitor(s) may come.",
                    cnic=Cnic(cnic).formatted,
                    count=len(allowed),
                ),
                field="visitors",
                code="visitor_banned",
                hints={"approved_visitors": allowed},
            )
    lead_entry = next((v for v in visitors if v.get("cnic") == lead), visitors[0])
    if _age(lead_entry.get("age", lead_min)) < lead_min:
        adults_ok = [v for v in allowed if v["cnic"] != Cnic(lead).formatted]
        raise ValidationError(
            msg("The lead visitor must be {age} or older; name an adult as lead.", age=lead_min),
            field="visitors",
            code="lead_too_young",
            hints={"lead_min_age": lead_min, "approved_visitors": adults_ok},
        )
    for v in visitors:
        if v.get("cnic") in approved:
            v["relationship"] = approved[str(v["cnic"])].relationship
    return visitors


def _age(value: object) -> int:
    """A visitor's age as the rules compare it (the list was checked to hold numbers)."""
    return int(value) if isinstance(value, (int, float, str)) else 0


def _book_visit_locks(_session: Any, args: Mapping[str, Any]) -> list[tuple[type[Any], Any]]:
    """book_visit counts the slot's bookings (capacity, leased quotas) and the inmate's
    visits of the week, then moves the slot's seat counter: both rows are locked first,
    or two desks booking the last seat at once on PostgreSQL both find it free."""
    return [(VisitSlot, args.get("slot_id")), (Inmate, args.get("inmate_id"))]


@command(
    "book_visit",
    roles=("help_desk", "prison_staff", "supervisor"),
    creates="booking_id",
    locks=_book_visit_locks,
)
def book_visit(ctx: CommandContext, a: Args) -> CommandResult:
    """Book a video visit; confirmed within the office's leased seats or on the server."""
    at = a.time()
    booking_id = a.id("booking_id", VisitBooking)
    if find(ctx, VisitBooking, booking_id) is not None:
        raise Duplicate(msg("This booking was already made."))
    slot = get_row(ctx, VisitSlot, a.id("slot_id", VisitSlot), "visit slot")
    inmate = get_row(ctx, Inmate, a.id("inmate_id", Inmate), "inmate")
    rules = _check_booking_slot(ctx, slot, inmate, at)
    visitors = _check_visitors(ctx, a, inmate, rules)
    status = _admit(ctx, slot, inmate, at, rules)
    booking = VisitBooking(
        id=booking_id,
        booking_no=a.str("booking_no", column=VisitBooking.booking_no),
        slot_id=slot.id,
        inmate_id=inmate.id,
        lead_visitor_cnic=Cnic.parse(a.str("lead_visitor_cnic", max_len=40)).digits,
        visitors=visitors,
        status=status,
        requested_at=at,
        meeting_token=_meeting_token(a),
        district_code=slot.district_code,
        office_code=ctx.office_code,
        sync_state="synced",
    )
    stamp(booking, ctx, at, new=True)
    ctx.session.add(booking)
    _move_seat(ctx, slot, +1, at)
    log_event(
        ctx,
        record_id=booking.id,
        record_type="visit_booking",
        command=a.name,
        at=at,
        summary=f"Visit {booking.booking_no} {status} for {slot.starts_at:%d-%m-%Y %H:%M}",
        district_code=slot.district_code,
    )
    return CommandResult(
        a.name,
        [("visit_bookings", booking.id), ("visit_slots", slot.id)],
        f"Visit {status}",
        {"status": status},
    )


def _check_booking_slot(
    ctx: CommandContext, slot: VisitSlot, inmate: Inmate, at: datetime
) -> reference.Prison:
    """What a booking into `slot` meets first, whether it is made or moved there: the
    inmate's own prison, a held inmate (a released or moved inmate's visit is
    cancelled, never moved: DOMAIN.md's states), then the slot's time (closed, notice,
    booking window). Returns the prison's rules, for the checks that follow
    (`_check_visitors`, `_admit`)."""
    if inmate.prison_code != slot.prison_code:
        raise ValidationError(
            msg("The slot is at another prison than the inmate's."), field="slot_id"
        )
    if inmate.status != "held":
        raise ValidationError(
            msg("The inmate is {status}; visits cannot be booked.", status=inmate.status),
            code="inmate_not_held",
        )
    rules = reference.prison(slot.prison_code)
    _check_slot_time(ctx, slot, at, rules)
    return rules


def _move_seat(ctx: CommandContext, slot: VisitSlot, seats: int, at: datetime) -> None:
    """Take (+1) or give back (-1) a seat of the slot's counter, never below 0."""
    slot.booked = max(0, slot.booked + seats)
    stamp(slot, ctx, at, new=False)


def _admit(
    ctx: CommandContext,
    slot: VisitSlot,
    inmate: Inmate,
    at: datetime,
    rules: reference.Prison,
    moving: str = "",
) -> str:
    """The rules on the slot itself for this inmate (duplicate request, weekly allowance,
    a free seat) and the status a booking in it gets: "booked" within this office's
    leased seats or on the server, else "requested". `moving`: the booking being moved
    into the slot, which is not counted against itself."""
    week_start, week_end = week_of(slot.starts_at)
    this_week = ctx.session.execute(
        _INMATES_WEEK,
        {"inmate": inmate.id, "start": week_start, "end": week_end, "moving": moving},
    ).all()
    same = next((no for held, no in this_week if held == slot.id), None)
    if same is not None:
        raise Duplicate(
            msg(
                "This inmate already has visit {booking_no} in this slot; print its slip "
                "again instead.",
                booking_no=same,
            ),
            code="duplicate_request",
            hints={"booking_no": same},
        )
    allowance = rules.weekly_visits_per_inmate
    if len(this_week) >= allowance:
        renews = local_time(week_end).date()
        later = fitting_slots(ctx, slot.prison_code, at, rules, after=week_end)
        raise ValidationError(
            msg(
                "The inmate has used all {allowance} visits of that week; the allowance "
                "renews on {renews}. Next slot: {next}.",
                allowance=allowance,
                renews=f"{renews:%d-%m-%Y}",
                next=_first(later),
            ),
            code="no_allowance",
            hints={"renews_on": renews.isoformat(), "free_slots": later},
        )
    own_free, pool_free = seats_free_for(ctx, slot, ctx.office_code)
    if own_free == 0 and pool_free == 0:
        later = fitting_slots(ctx, slot.prison_code, at, rules, after=slot.starts_at)
        raise CapacityExceeded(
            msg(
                "The slot at {time} is full. Next slot: {next}.",
                time=f"{local_time(slot.starts_at):%d-%m-%Y %H:%M}",
                next=_first(later),
            ),
            code="slot_full",
            hints={"free_slots": later},
        )
    # Within the leased quota the seat is ours for certain; beyond it only the server knows.
    return "booked" if (ctx.on_server or own_free > 0) else "requested"


def _check_slot_time(
    ctx: CommandContext, slot: VisitSlot, at: datetime, rules: reference.Prison
) -> None:
    """Closed slot, notice, booking window: each refusal offers the next slots that fit."""
    when = local_time(slot.starts_at)
    if slot.closed or when.date() in rules.closed_dates:
        later = fitting_slots(ctx, slot.prison_code, at, rules, after=slot.starts_at)
        raise CapacityExceeded(
            msg(
                "The prison takes no visits at {time}. Next slot: {next}.",
                time=f"{when:%d-%m-%Y %H:%M}",
                next=_first(later),
            ),
            code="slot_closed",
            hints={"free_slots": later},
        )
    if _aware(slot.starts_at) < at + timedelta(days=rules.notice_days):
        later = fitting_slots(ctx, slot.prison_code, at, rules)
        raise ValidationError(
            msg(
                "Visits must be booked at least {days} day(s) ahead. Next slot: {next}.",
                days=rules.notice_days,
                next=_first(later),
            ),
            code="too_late",
            hints={"free_slots": later},
        )
    if _aware(slot.starts_at) > at + timedelta(days=rules.booking_window_days):
        opens = local_time(slot.starts_at - timedelta(days=rules.booking_window_days)).date()
        later = fitting_slots(ctx, slot.prison_code, at, rules)
        raise ValidationError(
            msg(
                "Visits can be booked at most {days} days ahead; this slot opens for "
                "booking on {opens}. Next slot: {next}.",
                days=rules.booking_window_days,
                opens=f"{opens:%d-%m-%Y}",
                next=_first(later),
            ),
            code="too_early",
            hints={"opens_on": opens.isoformat(), "free_slots": later},
        )


def _meeting_token(a: Args) -> str:
    """The desk's token for the meeting link: at least 128 bits, URL-safe (or none:
    a booking made before links existed)."""
    token = a.str("meeting_token", required=False, max_len=64)
    if token and not TOKEN_PATTERN.match(token):
        raise ValidationError(
            msg("The meeting token must be 22 to 64 URL-safe characters."), field="meeting_token"
        )
    return token


def _cancel_visit_locks(session: Any, args: Mapping[str, Any]) -> list[tuple[type[Any], Any]]:
    """cancel_visit moves the slot's seat counter back: the booking's slot is locked.
    An id the command refuses (a NUL, which PostgreSQL cannot even compare) is left
    for the command to refuse, as on the desk."""
    if not is_clean_text(args.get("booking_id")):
        return []
    booking = session.get(
        VisitBooking, args["booking_id"], with_for_update=True, populate_existing=True
    )
    return [(VisitSlot, booking.slot_id)] if booking is not None else []


@command(
    "cancel_visit", roles=("help_desk", "prison_staff", "supervisor"), locks=_cancel_visit_locks
)
def cancel_visit(ctx: CommandContext, a: Args) -> CommandResult:
    at = a.time()
    booking = get_row(ctx, VisitBooking, a.id("booking_id", VisitBooking), "booking")
    reason = a.choice("reason", ("by_family", "inmate_released", "inmate_moved", "booked_in_error"))
    target = "withdrawn" if booking.status == "requested" else "cancelled"
    ensure_transition(VISIT_BOOKING, booking.status, target)
    booking.status = target
    booking.reason = reason
    stamp(booking, ctx, at, new=False)
    slot = get_row(ctx, VisitSlot, booking.slot_id, "visit slot")
    _move_seat(ctx, slot, -1, at)
    log_event(
        ctx,
        record_id=booking.id,
        record_type="visit_booking",
        command=a.name,
        at=at,
        summary=f"Visit {target}: {reason.replace('_', ' ')}",
        district_code=booking.district_code,
    )
    return CommandResult(
        a.name, [("visit_bookings", booking.id), ("visit_slots", slot.id)], f"Visit {target}"
    )


def _move_visit_locks(session: Any, args: Mapping[str, Any]) -> list[tuple[type[Any], Any]]:
    """move_visit counts the new slot's seats and the inmate's week, and moves both
    slots' seat counters: the two slots and the inmate are locked first."""
    locks: list[tuple[type[Any], Any]] = [(VisitSlot, args.get("slot_id"))]
    if is_clean_text(args.get("booking_id")):  # the command refuses any other
        booking = session.get(
            VisitBooking, args["booking_id"], with_for_update=True, populate_existing=True
        )
        if booking is not None:
            locks += [(VisitSlot, booking.slot_id), (Inmate, booking.inmate_id)]
    return locks


@command("move_visit", roles=("help_desk", "prison_staff", "supervisor"), locks=_move_visit_locks)
def move_visit(ctx: CommandContext, a: Args) -> CommandResult:
    """Move a live booking to another slot of the same prison, keeping its number, its
    visitors and its meeting link (the family is told of the change). The new slot is
    held to the same rules as a new booking; the old seat is freed. Moved by a desk
    beyond its leased seats, a confirmed visit becomes provisional until the server
    confirms it."""
    at = a.time()
    booking = get_row(ctx, VisitBooking, a.id("booking_id", VisitBooking), "booking")
    slot = get_row(ctx, VisitSlot, a.id("slot_id", VisitSlot), "visit slot")
    if booking.status not in ("booked", "requested"):
        raise ValidationError(
            msg("Only a live visit can be moved; this one is {status}.", status=booking.status),
            code="not_booked",
        )
    if slot.id == booking.slot_id:
        raise ValidationError(
            msg("The visit is already in this slot; pick another."), field="slot_id"
        )
    inmate = get_row(ctx, Inmate, booking.inmate_id, "inmate")
    rules = _check_booking_slot(ctx, slot, inmate, at)
    status = _admit(ctx, slot, inmate, at, rules, moving=booking.id)
    old = get_row(ctx, VisitSlot, booking.slot_id, "visit slot")
    _move_seat(ctx, old, -1, at)
    _move_seat(ctx, slot, +1, at)
    booking.slot_id, booking.status, booking.office_code = slot.id, status, ctx.office_code
    stamp(booking, ctx, at, new=False)
    log_event(
        ctx,
        record_id=booking.id,
        record_type="visit_booking",
        command=a.name,
        at=at,
        summary=(
            f"Visit {booking.booking_no} moved from {local_time(old.starts_at):%d-%m-%Y %H:%M} "
            f"to {local_time(slot.starts_at):%d-%m-%Y %H:%M} ({status})"
        ),
        district_code=booking.district_code,
    )
    return CommandResult(
        a.name,
        [("visit_bookings", booking.id), ("visit_slots", slot.id), ("visit_slots", old.id)],
        f"Visit moved ({status})",
        {"status": status},
    )


@command("record_visit_outcome", roles=("prison_staff", "supervisor"))
def record_visit_outcome(ctx: CommandContext, a: Args) -> CommandResult:
    """Completed, no-show, or cut short (which needs its reason in `note`)."""
    at = a.time()
    booking = get_row(ctx, VisitBooking, a.id("booking_id", VisitBooking), "booking")
    outcome = a.choice("outcome", ("completed", "no_show", "cut_short"))
    note = a.str(
        "note", required=outcome == "cut_short", column=VisitBooking.outcome_note, multiline=True
    )
    ensure_transition(VISIT_BOOKING, booking.status, outcome)
    booking.status = outcome
    booking.outcome_note = note
    stamp(booking, ctx, at, new=False)
    log_event(
        ctx,
        record_id=booking.id,
        record_type="visit_booking",
        command=a.name,
        at=at,
        summary=f"Visit {outcome.replace('_', ' ')}" + (f": {note}" if note else ""),
        district_code=booking.district_code,
    )
    return CommandResult(
        a.name, [("visit_bookings", booking.id)], f"Visit {outcome.replace('_', ' ')}"
    )


@command("check_in_visit", roles=("prison_staff", "supervisor"))
def check_in_visit(ctx: CommandContext, a: Args) -> CommandResult:
    """A visitor at the terminal shows a CNIC: it must be one the booking names. The
    check-in is logged (who, when, which CNIC); the booking stays booked until its outcome."""
    at = a.time()
    booking = get_row(ctx, VisitBooking, a.id("booking_id", VisitBooking), "booking")
    if booking.status != "booked":
        raise ValidationError(
            msg(
                "Only a confirmed visit can be checked in; this one is {status}.",
                status=booking.status,
            ),
            code="not_booked",
        )
    cnic = Cnic.parse(a.str("cnic", max_len=40)).digits
    named = {booking.lead_visitor_cnic} | {
        str(v.get("cnic")) for v in booking.visitors or [] if v.get("cnic")
    }
    if cnic not in named:
        raise ValidationError(
            msg(
                "CNIC {cnic} is not among the visitors of booking {booking_no}; "
                "only the visitors booked may join.",
                cnic=Cnic(cnic).formatted,
                booking_no=booking.booking_no,
            ),
            field="cnic",
            code="wrong_visitor",
        )
    log_event(
        ctx,
        record_id=booking.id,
        record_type="visit_booking",
        command=a.name,
        at=at,
        summary=f"Visitor {Cnic(cnic).formatted} checked in",
        district_code=booking.district_code,
    )
    return CommandResult(
        a.name, [("visit_bookings", booking.id)], f"Visitor {Cnic(cnic).formatted} checked in"
    )
