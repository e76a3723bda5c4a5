"""Mutation commands: a clerk records a register entry, a second clerk verifies it
against the scan, a revenue officer attests or rejects it."""

from __future__ import annotations

import binascii
import hashlib
from base64 import b64decode
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from functools import lru_cache, partial, reduce
from operator import add
from typing import Any, Protocol

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from domain import reference
from domain.commands.args import Args, check_int, check_text
from domain.commands.catalogue import checked, command
from domain.commands.context import CommandContext, CommandResult, derived_id, stamp
from domain.commands.events import event_values, log_event
from domain.commands.lookups import find, get_row
from domain.errors import DomainError, Duplicate, NotFound, ValidationError, msg
from domain.fees import MutationTaxSchedule
from domain.models import Mutation, MutationParty, MutationScan, RecordEvent
from domain.models.base import table_of
from domain.states import MUTATION, ensure_transition
from domain.values import Area, Cnic, Money, Share, balance_gap, ensure_transfer

#: Parties of one mutation entry, khasra numbers of one entry, a scan's bytes.
PARTIES_MAX = 50
KHASRA_MAX = 200
SCAN_MAX_BYTES = 8 * 1024 * 1024
#: Scanned pages attached to one entry, and what they may be.
ATTACHMENTS_MAX = 20
SCAN_MEDIA_TYPES = ("image/png", "image/jpeg", "image/tiff", "application/pdf")
#: Fee and tax lines written on one register page.
TAX_LINES_MAX = 12
#: Whole rupees of a consideration whose paisa still fit a 64-bit column.
CONSIDERATION_MAX = (2**63 - 1) // 100


@lru_cache(maxsize=1)
def _khasra_limit() -> int:
    """A khasra number's length: a khewat number's column (read once, not per entry)."""
    return int(Mutation.khewat_no.type.length or 0)


def _area(value: object) -> Area:
    if isinstance(value, int) and not isinstance(value, bool):
        check_int(value, "area", minimum=0)
        return Area(value)
    if isinstance(value, str):
        area = Area.parse(check_text(value, "area", limit=40))
        check_int(area.sarsai, "area", minimum=0)
        return area
    raise ValidationError(msg("Area must be kanal-marla-sarsai such as 2-5-3."), field="area")


def _fraction(p: Args, key: str) -> Fraction:
    """A share such as 1/3, whose numerator and denominator fit their 64-bit columns."""
    text = p.str(key, max_len=60)
    value = _FITTING.get(text)
    if value is None:
        value = Share.parse(text).value
        check_int(value.numerator, key)
        check_int(value.denominator, key)
        if len(_FITTING) >= _FITTING_MAX:
            _FITTING.clear()
        _FITTING[text] = value
    return value


#: Share texts already read and found to fit (`_fraction`): a register repeats a few
#: shares; a text refused is read, and refused, anew each time.
_FITTING: dict[str, Fraction] = {}
_FITTING_MAX = 4096


def _parties(
    ctx: CommandContext, a: Args, mutation: dict[str, Any], at: datetime
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    holdings: dict[str, Fraction] = {}
    gives: dict[str, Fraction] = {}
    gets: dict[str, Fraction] = {}
    for n, p in enumerate(a.records("parties", max_items=PARTIES_MAX)):
        role = p.choice("role", ("transferor", "transferee"))
        name = p.str("name_en", column=MutationParty.name_en)
        cnic_text = p.str("cnic", required=False)
        cnic = Cnic.parse(cnic_text).digits if cnic_text else ""
        share = _fraction(p, "share")
        key = f"{name} ({cnic})" if cnic else name
        held_num = held_den = None
        if role == "transferor":
            held = _fraction(p, "held")
            holdings[key] = held
            gives[key] = gives[key] + share if key in gives else share
            held_num, held_den = held.numerator, held.denominator
        else:
            gets[key] = gets[key] + share if key in gets else share
        row = _new(
            ctx,
            at,
            id=p.id("party_id", MutationParty, required=False)
            or derived_id(ctx.command_id, "party", n),
            mutation_id=mutation["id"],
            role=role,
            person_id=None,
            cnic=cnic,
            name_en=name,
            name_ur=p.str("name_ur", required=False, column=MutationParty.name_ur),
            father_name=p.str("father_name", required=False, column=MutationParty.father_name),
            share_num=share.numerator,
            share_den=share.denominator,
            held_num=held_num,
            held_den=held_den,
            district_code=mutation["district_code"],
            office_code=ctx.office_code,
            sync_state="synced",
        )
        rows.append(row)
    if not gives or not gets:
        raise ValidationError(
            msg("A mutation needs at least one transferor and one transferee."), field="parties"
        )
    gap = balance_gap(reduce(add, gives.values()), reduce(add, gets.values()))
    if gap is not None:
        raise ValidationError(gap, field="parties", code="shares_unbalanced")
    ensure_transfer(holdings, gives, gets)
    return rows


def _page_taxes(a: Args) -> list[list[object]]:
    """Fees and taxes as written on an old register page (no schedule covers its date)."""
    out: list[list[object]] = []
    for n, line in enumerate(a.records("page_taxes", required=False, max_items=TAX_LINES_MAX)):
        label = line.str("label", max_len=60)
        rupees = line.int("rupees", minimum=0, maximum=CONSIDERATION_MAX)
        out.append(
            [
                line.str("code", required=False, max_len=24) or f"page{n + 1}",
                label,
                Money.rupees(rupees).paisa,
            ]
        )
    return out


def mutation_taxes(
    mutation_type_taxes: bool, consideration: Money, on: date, page: list[list[object]]
) -> list[list[object]]:
    """Taxes from the dated schedule in force on the mutation's date; when none is
    (a 1998 entry typed in today), the amounts written on the page, so a missing
    schedule never blocks digitising an old register."""
    if not mutation_type_taxes or not consideration.paisa:
        return page
    schedule = _schedule_on(on)
    if schedule is None:
        return page
    return [[code, label, amount.paisa] for code, label, amount in schedule.taxes(consideration)]


@lru_cache(maxsize=1024)
def _schedule_on(on: date) -> MutationTaxSchedule | None:
    """The schedule in force on a day, or None: a register repeats its days, and a
    bulk import asked (and was refused) once per entry. The schedule files are read
    once per process anyway (`domain.fees`)."""
    try:
        return MutationTaxSchedule.for_date(on)
    except NotFound:
        return None


@command("record_mutation", roles=("mutation_clerk", "supervisor"), creates="mutation_id")
def record_mutation(ctx: CommandContext, a: Args) -> CommandResult:
    """Type in one mutation entry from the paper register, with its parties and scan."""
    return _record(ctx, a, None)


#: Why a correction is made: required, as on the register's correction order.
CORRECTION_REASON_MIN = 5


@command("correct_mutation", roles=("mutation_clerk", "supervisor"), creates="mutation_id")
def correct_mutation(ctx: CommandContext, a: Args) -> CommandResult:
    """A correcting mutation of an attested one: an attested record is an order of the
    office and is never edited (`final`). The correction is a new entry with the
    corrected content, linked to the first (`corrects_id`) and shown in both
    histories; like any entry it is verified by a second clerk and attested by the
    revenue officer, and only then does it stand in place of the first."""
    original = get_row(ctx, Mutation, a.id("corrects_id", Mutation), "mutation")
    if original.status != "attested":
        raise ValidationError(
            msg(
                "Only an attested mutation is corrected by a correcting mutation; "
                "this one is {state}: return or edit it instead.",
                state=original.status,
            ),
            field="corrects_id",
            code="not_attested",
        )
    pending = ctx.session.scalar(
        select(Mutation.mutation_no).where(
            Mutation.corrects_id == original.id,
            Mutation.status.in_(("recorded", "verified", "returned")),
        )
    )
    if pending is not None:
        raise Duplicate(
            msg(
                "Correction {number} of this mutation is still awaiting verification or "
                "attestation; settle it first.",
                number=pending,
            )
        )
    if a.str("tehsil_code", column=Mutation.tehsil_code) != original.tehsil_code:
        raise ValidationError(
            msg("A correction stays in the tehsil of the mutation it corrects."),
            field="tehsil_code",
        )
    reason = a.str("reason", column=Mutation.order_reason, multiline=True)
    if len(reason.strip()) < CORRECTION_REASON_MIN:
        raise ValidationError(
            msg(
                "Say why the mutation is corrected (at least {n} characters).",
                n=CORRECTION_REASON_MIN,
            ),
            field="reason",
        )
    return _record(ctx, a, original, reason)


@dataclass
class EntryRows:
    """The rows one register entry writes, built and checked but not yet written: the
    entry form adds them to its session (`_record`), a bulk import inserts a batch of
    them at once (`plan_record_mutations`). Either way the same code checked them."""

    mutation: dict[str, Any]
    parties: list[dict[str, Any]]
    scans: list[dict[str, Any]]
    events: list[dict[str, Any]]
    result: CommandResult

    def values(self) -> list[tuple[Table, dict[str, Any]]]:
        """Every row's table and the values given for its columns, the mutation first
        (the others refer to it). A column not given gets its Python-side default
        where the rows are inserted (`sync.store.batch.insert_rows`), as the ORM's
        flush gives it; these models name each attribute as its column (a test says
        so), so the values are the attributes given, as they are."""
        return [(table_of(model), given) for model, given in self._models()]

    def objects(self) -> list[Any]:
        """Every row as an ORM object to add to a session, the mutation first."""
        return [model(**given) for model, given in self._models()]

    def _models(self) -> list[tuple[type[Any], dict[str, Any]]]:
        return [
            (Mutation, self.mutation),
            *((MutationParty, p) for p in self.parties),
            *((MutationScan, p) for p in self.scans),
            *((RecordEvent, e) for e in self.events),
        ]


class Register(Protocol):
    """What an entry needs to know of the register already kept: whether its id is
    taken, and which mutation holds a number in a tehsil."""

    def has_id(self, mutation_id: str) -> bool: ...

    def holder(self, tehsil_code: str, mutation_no: str) -> str | None: ...


class _SessionRegister:
    """The register as the command's session sees it (one entry at a time)."""

    def __init__(self, ctx: CommandContext):
        self.ctx = ctx

    def has_id(self, mutation_id: str) -> bool:
        return find(self.ctx, Mutation, mutation_id) is not None

    def holder(self, tehsil_code: str, mutation_no: str) -> str | None:
        return self.ctx.session.scalar(
            select(Mutation.id).where(
                Mutation.tehsil_code == tehsil_code, Mutation.mutation_no == mutation_no
            )
        )


#: Values per IN (...) when a batch reads what the register already holds.
_LOOKUP_CHUNK = 500


class _BatchRegister:
    """The register as a batch of entries sees it: what the store held before the
    batch, read in a few queries, plus the batch's own entries accepted so far (so a
    number twice in one file is refused the second time, as typed one by one)."""

    def __init__(self, session: Session, batch: Sequence[dict[str, Any]]):
        # Looked up as the command reads them: stripped (a number typed " 900 " names
        # the mutation kept as "900").
        ids = sorted({v.strip() for a in batch if isinstance(v := a.get("mutation_id"), str)})
        numbers: dict[str, set[str]] = {}
        for a in batch:
            tehsil, number = a.get("tehsil_code"), a.get("mutation_no")
            if isinstance(tehsil, str) and isinstance(number, str):
                numbers.setdefault(tehsil.strip(), set()).add(number.strip())
        self.ids: set[str] = set()
        self.numbers: dict[tuple[str, str], str] = {}
        for i in range(0, len(ids), _LOOKUP_CHUNK):
            self.ids.update(
                session.scalars(
                    select(Mutation.id).where(Mutation.id.in_(ids[i : i + _LOOKUP_CHUNK]))
                )
            )
        # Per tehsil, so that the (tehsil, number) index finds them: by number alone
        # each slice of an import read every mutation in the store.
        for tehsil, wanted in numbers.items():
            ordered = sorted(wanted)
            for i in range(0, len(ordered), _LOOKUP_CHUNK):
                for number, row_id in session.execute(
                    select(Mutation.mutation_no, Mutation.id).where(
                        Mutation.tehsil_code == tehsil,
                        Mutation.mutation_no.in_(ordered[i : i + _LOOKUP_CHUNK]),
                    )
                ):
                    self.numbers[(tehsil, number)] = row_id

    def has_id(self, mutation_id: str) -> bool:
        return mutation_id in self.ids

    def holder(self, tehsil_code: str, mutation_no: str) -> str | None:
        return self.numbers.get((tehsil_code, mutation_no))

    def add(self, m: dict[str, Any]) -> None:
        self.ids.add(m["id"])
        self.numbers[(m["tehsil_code"], m["mutation_no"])] = m["id"]


def _batch_entry(ctx: CommandContext, register: Register, a: Args) -> EntryRows:
    return _entry_rows(ctx, a, None, "", register)


def plan_record_mutations(
    session: Session, batch: Sequence[tuple[CommandContext, dict[str, Any]]]
) -> list[EntryRows | DomainError]:
    """A batch of `record_mutation` commands (a bulk import) checked by the very rules
    of the command, in order, each against the register plus the entries before it:
    the rows of each accepted entry, or the `DomainError` the command would raise.
    Nothing is written: the caller inserts the rows of a whole batch at once, and the
    commands travel one by one, so the server applies each as if typed."""
    register = _BatchRegister(session, [args for _, args in batch])
    out: list[EntryRows | DomainError] = []
    for ctx, args in batch:
        try:
            rows = checked("record_mutation", args, partial(_batch_entry, ctx, register))
        except DomainError as exc:
            out.append(exc)
            continue
        register.add(rows.mutation)
        out.append(rows)
    return out


def _new(ctx: CommandContext, at: datetime, **values: Any) -> dict[str, Any]:
    """A new row's values, stamped as `stamp` stamps a new row."""
    values["created_at"] = values["updated_at"] = at
    values["district_code"] = values.get("district_code") or ctx.district_code
    values["office_code"] = values.get("office_code") or ctx.office_code
    return values


def _record(
    ctx: CommandContext, a: Args, corrects: Mutation | None, reason: str = ""
) -> CommandResult:
    rows = _entry_rows(ctx, a, corrects, reason, _SessionRegister(ctx))
    mutation, *others = rows.objects()
    ctx.session.add(mutation)
    ctx.session.flush()  # parties and scan refer to the mutation
    ctx.session.add_all(others)
    return rows.result


def _entry_rows(
    ctx: CommandContext,
    a: Args,
    corrects: Mutation | None,
    reason: str,
    register: Register,
) -> EntryRows:
    """Check one entry by the register's rules and build its rows (nothing written)."""
    at = a.time()
    mutation_id = a.id("mutation_id", Mutation)
    if register.has_id(mutation_id):
        raise Duplicate(msg("Mutation {id} was already recorded.", id=mutation_id))
    tehsil_code = a.str("tehsil_code", column=Mutation.tehsil_code)
    try:
        tehsil = reference.tehsil(tehsil_code)
    except NotFound:
        raise ValidationError(
            msg("Unknown tehsil {code}.", code=tehsil_code), field="tehsil_code"
        ) from None
    district_code = tehsil.district_code
    mutation_no = a.str("mutation_no", column=Mutation.mutation_no)
    clash = register.holder(tehsil_code, mutation_no)
    if clash is not None:
        raise Duplicate(
            msg("Mutation no. {number} is already recorded in this tehsil.", number=mutation_no),
            hints={"mutation_id": clash},
        )
    mutation_type = reference.mutation_type(a.str("mutation_type", column=Mutation.mutation_type))
    consideration = Money.rupees(
        a.int("consideration_rupees", required=False, minimum=0, maximum=CONSIDERATION_MAX)
    )
    mutation_date = a.date("mutation_date")
    taxes = mutation_taxes(
        mutation_type.taxes_apply, consideration, mutation_date or at.date(), _page_taxes(a)
    )
    khasra = a.texts("khasra_nos", max_items=KHASRA_MAX, limit=_khasra_limit())
    if not khasra:
        raise ValidationError(msg("At least one khasra number is required."), field="khasra_nos")
    mutation = _new(
        ctx,
        at,
        id=mutation_id,
        mutation_no=mutation_no,
        mutation_date=mutation_date,
        tehsil_code=tehsil_code,
        mauza=a.str("mauza", column=Mutation.mauza),
        mutation_type=mutation_type.code,
        khewat_no=a.str("khewat_no", column=Mutation.khewat_no),
        khatauni_no=a.str("khatauni_no", required=False, column=Mutation.khatauni_no),
        khasra_nos=khasra,
        area_sarsai=_area(a.raw.get("area")).sarsai,
        consideration_paisa=consideration.paisa,
        taxes=taxes,
        status="recorded",
        recorded_by=ctx.actor,
        remarks=a.str("remarks", required=False, column=Mutation.remarks, multiline=True),
        corrects_id=corrects.id if corrects is not None else None,
        district_code=district_code,
        office_code=ctx.office_code,
        sync_state="synced",
    )
    if mutation["area_sarsai"] <= 0:
        raise ValidationError(msg("Area must be more than zero."), field="area")
    parties = _parties(ctx, a, mutation, at)
    scans: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    changed = [("mutations", mutation_id)] + [("mutation_parties", p["id"]) for p in parties]
    scan = a.dict("scan", required=False)
    if scan:
        s = Args(a.name, scan)
        content = _scan_bytes(s.str("content_b64", max_len=SCAN_MAX_BYTES * 4 // 3 + 4))
        row = _new(
            ctx,
            at,
            id=derived_id(ctx.command_id, "scan"),
            mutation_id=mutation_id,
            media_type=s.str(
                "media_type", required=False, default="image/png", column=MutationScan.media_type
            )
            or "image/png",
            sha256=hashlib.sha256(content).hexdigest(),
            content=content,
            district_code=district_code,
            office_code=ctx.office_code,
            sync_state="synced",
        )
        scans.append(row)
        changed.append(("mutation_scans", row["id"]))
    for n, att in enumerate(a.records("attachments", required=False, max_items=ATTACHMENTS_MAX)):
        row = _new(
            ctx,
            at,
            id=derived_id(ctx.command_id, "attachment", n),
            mutation_id=mutation_id,
            media_type=att.choice("media_type", SCAN_MEDIA_TYPES),
            sha256=_sha256(att.str("sha256", max_len=64)),
            content=b"",
            district_code=district_code,
            office_code=ctx.office_code,
            sync_state="synced",
        )
        scans.append(row)
        changed.append(("mutation_scans", row["id"]))
    summary = f"Mutation {mutation_no} ({mutation_type.name_en}) recorded"
    if corrects is not None:
        summary = (
            f"Mutation {mutation_no} recorded, correcting mutation {corrects.mutation_no}: {reason}"
        )
        events.append(
            event_values(
                ctx,
                record_id=corrects.id,
                record_type="mutation",
                command=a.name,
                at=at,
                summary=f"Correction {mutation_no} entered by {ctx.actor}: {reason}",
                district_code=corrects.district_code,
                n=1,
            )
        )
    events.append(
        event_values(
            ctx,
            record_id=mutation_id,
            record_type="mutation",
            command=a.name,
            at=at,
            summary=summary,
            district_code=district_code,
        )
    )
    return EntryRows(mutation, parties, scans, events, CommandResult(a.name, changed, summary))


def _sha256(text: str) -> str:
    """An attachment is named by the sha256 of its bytes; the bytes go to the blob store,
    never into the synced row (DESIGN.md "Attachments")."""
    if len(text) != 64 or any(c not in "0123456789abcdef" for c in text):
        raise ValidationError(
            msg("An attachment is named by its sha256: 64 hex digits."), field="attachments"
        )
    return text


def _scan_bytes(text: str) -> bytes:
    try:
        return b64decode(text, validate=True)
    except (ValueError, binascii.Error):
        raise ValidationError(msg("The scan must be sent as base64 text."), field="scan") from None


def _move(
    ctx: CommandContext, a: Args, m: Mutation, target: str, at: datetime, summary: str
) -> CommandResult:
    ensure_transition(MUTATION, m.status, target)
    m.status = target
    stamp(m, ctx, at, new=False)
    log_event(
        ctx,
        record_id=m.id,
        record_type="mutation",
        command=a.name,
        at=at,
        summary=summary,
        district_code=m.district_code,
    )
    return CommandResult(a.name, [("mutations", m.id)], summary)


@command("verify_mutation", roles=("mutation_clerk", "supervisor"))
def verify_mutation(ctx: CommandContext, a: Args) -> CommandResult:
    """The second clerk's check against the scanned page; never the one who typed it."""
    at = a.time()
    m = get_row(ctx, Mutation, a.id("mutation_id", Mutation), "mutation")
    if m.recorded_by == ctx.actor:
        raise ValidationError(
            msg("A second clerk must verify this entry: you recorded it yourself."),
            code="same_clerk",
        )
    m.verified_by = ctx.actor
    return _move(ctx, a, m, "verified", at, f"Verified by {ctx.actor}")


@command("return_mutation", roles=("revenue_officer", "supervisor"))
def return_mutation(ctx: CommandContext, a: Args) -> CommandResult:
    at = a.time()
    m = get_row(ctx, Mutation, a.id("mutation_id", Mutation), "mutation")
    reason = a.str("reason", column=Mutation.order_reason, multiline=True)
    m.order_reason = reason
    return _move(ctx, a, m, "returned", at, f"Returned for correction: {reason}")


@command("resubmit_mutation", roles=("mutation_clerk", "supervisor"))
def resubmit_mutation(ctx: CommandContext, a: Args) -> CommandResult:
    at = a.time()
    m = get_row(ctx, Mutation, a.id("mutation_id", Mutation), "mutation")
    return _move(ctx, a, m, "recorded", at, "Corrected and resubmitted")


@command("attest_mutation", roles=("revenue_officer",))
def attest_mutation(ctx: CommandContext, a: Args) -> CommandResult:
    """The revenue officer's order attesting the mutation."""
    at = a.time()
    m = get_row(ctx, Mutation, a.id("mutation_id", Mutation), "mutation")
    m.officer = ctx.actor
    m.order_date = a.date("order_date", required=False) or at.date()
    m.order_reason = a.str("remarks", required=False, column=Mutation.order_reason, multiline=True)
    if m.corrects_id is not None:
        first = get_row(ctx, Mutation, m.corrects_id, "mutation")
        log_event(
            ctx,
            record_id=first.id,
            record_type="mutation",
            command=a.name,
            at=at,
            summary=f"Corrected by mutation {m.mutation_no}, attested by {ctx.actor}",
            district_code=first.district_code,
            n=1,
        )
    return _move(ctx, a, m, "attested", at, f"Attested by {ctx.actor}")


@command("reject_mutation", roles=("revenue_officer",))
def reject_mutation(ctx: CommandContext, a: Args) -> CommandResult:
    at = a.time()
    m = get_row(ctx, Mutation, a.id("mutation_id", Mutation), "mutation")
    m.officer = ctx.actor
    m.order_date = a.date("order_date", required=False) or at.date()
    m.order_reason = a.str("reason", column=Mutation.order_reason, multiline=True)
    return _move(ctx, a, m, "rejected", at, f"Rejected by {ctx.actor}: {m.order_reason}")
