"""Voucher commands: issue (with a leased PSID or provisional), cancel, record payment."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from domain.commands.args import Args
from domain.commands.catalogue import command
from domain.commands.context import CommandContext, CommandResult, derived_id, stamp
from domain.commands.events import log_event
from domain.commands.lookups import find, get_row
from domain.errors import DomainError, Duplicate, ValidationError, msg
from domain.fees import FeeSchedule
from domain.ids import to_karachi
from domain.models import LicenceApplication, Person, PsidLease, Voucher, VoucherException
from domain.states import ARMS_APPLICATION, VOUCHER, ensure_transition

DUE_DAYS = 15
EXPIRY_DAYS = 30


def _check_psid_leased(ctx: CommandContext, psid: str) -> None:
    """A PSID printed offline must come from a block the server leased to this device."""
    leases = ctx.session.scalars(select(PsidLease).where(PsidLease.device_id == ctx.device_id))
    if not any(psid in lease.psids for lease in leases):
        raise ValidationError(
            msg("PSID {psid} was not leased to this device.", psid=psid),
            field="psid",
            code="psid_not_leased",
        )
    used = ctx.session.scalar(select(Voucher.id).where(Voucher.psid == psid))
    if used is not None:
        raise Duplicate(
            msg("PSID {psid} is already on another voucher.", psid=psid), code="psid_used"
        )


@command("issue_voucher", roles=("licence_operator", "supervisor"), creates="voucher_id")
def issue_voucher(ctx: CommandContext, a: Args) -> CommandResult:
    """A fee voucher for an application; payable only if it carries a leased PSID."""
    at = a.time()
    voucher_id = a.id("voucher_id", Voucher)
    if find(ctx, Voucher, voucher_id) is not None:
        raise Duplicate(msg("Voucher {id} was already issued.", id=voucher_id))
    app = get_row(
        ctx, LicenceApplication, a.id("application_id", LicenceApplication), "application"
    )
    ensure_transition(ARMS_APPLICATION, app.status, "voucher_issued")
    psid = a.str("psid", required=False, column=Voucher.psid) or None
    if psid is not None:
        _check_psid_leased(ctx, psid)
    quote = FeeSchedule.for_date(to_karachi(app.submitted_at).date()).licence_fee(
        app.kind, app.validity
    )
    if quote.total.paisa != app.fee_paisa:
        raise DomainError(
            msg(
                "The fee on the application does not match its schedule {version}.",
                version=app.fee_schedule_version,
            ),
            code="fee_mismatch",
        )
    person = ctx.session.get(Person, app.person_id)
    due = a.date("due_date", required=False) or (at + timedelta(days=DUE_DAYS)).date()
    expiry = a.date("expiry_date", required=False) or (at + timedelta(days=EXPIRY_DAYS)).date()
    if expiry < due:
        raise ValidationError(
            msg("The expiry date cannot be before the due date."), field="expiry_date"
        )
    voucher = Voucher(
        id=voucher_id,
        psid=psid,
        provisional=psid is None,
        subject_type="licence_application",
        subject_id=app.id,
        status="unpaid",
        amount_within_due_paisa=quote.total.paisa,
        amount_after_due_paisa=quote.after_due.paisa,
        due_date=due,
        expiry_date=expiry,
        consumer_name=app.applicant_name_en,
        cnic=app.cnic,
        mobile=person.mobile if person else "",
        issued_at=at,
        heads=[[code, label, amount.paisa] for code, label, amount in quote.heads],
        district_code=app.district_code,
        office_code=ctx.office_code,
        sync_state="synced",
    )
    stamp(voucher, ctx, at, new=True)
    ctx.session.add(voucher)
    app.status = "voucher_issued"
    stamp(app, ctx, at, new=False)
    what = f"PSID {psid}" if psid else "provisional voucher (no PSID yet)"
    log_event(
        ctx,
        record_id=app.id,
        record_type="licence_application",
        command=a.name,
        at=at,
        summary=f"Voucher issued: {what}, {quote.total.format()}",
        district_code=app.district_code,
        details={"voucher_id": voucher.id},
    )
    return CommandResult(
        a.name,
        [("vouchers", voucher.id), ("licence_applications", app.id)],
        f"Voucher issued: {what}",
    )


@command("cancel_voucher", roles=("licence_operator", "licence_officer", "supervisor"))
def cancel_voucher(ctx: CommandContext, a: Args) -> CommandResult:
    at = a.time()
    voucher = get_row(ctx, Voucher, a.id("voucher_id", Voucher), "voucher")
    reason = a.str("reason", column=Voucher.cancel_reason, multiline=True)
    ensure_transition(VOUCHER, voucher.status, "cancelled")
    voucher.status = "cancelled"
    voucher.cancel_reason = reason
    stamp(voucher, ctx, at, new=False)
    changed = [("vouchers", voucher.id)]
    app = ctx.session.get(LicenceApplication, voucher.subject_id)
    if app is not None and app.status == "voucher_issued":
        ensure_transition(ARMS_APPLICATION, app.status, "submitted")
        app.status = "submitted"
        stamp(app, ctx, at, new=False)
        changed.append(("licence_applications", app.id))
    log_event(
        ctx,
        record_id=voucher.subject_id,
        record_type=voucher.subject_type,
        command=a.name,
        at=at,
        summary=f"Voucher {voucher.psid or voucher.id[:8]} cancelled: {reason}",
        district_code=voucher.district_code,
    )
    return CommandResult(a.name, changed, "Voucher cancelled")


def amount_due_on(voucher: Voucher, paid_on: object) -> int:
    """Within the due date the lower amount is due; after it, the surcharged one."""
    return (
        voucher.amount_within_due_paisa
        if paid_on <= voucher.due_date  # type: ignore[operator]
        else voucher.amount_after_due_paisa
    )


@command("record_payment", server_only=True)
def record_payment(ctx: CommandContext, a: Args) -> CommandResult:
    """A payment the gateway reported: the voucher is paid and its application moves
    to "fee paid". Mismatches (partial, over, late, for a cancelled voucher) are not
    applied here: the server's reconciliation ledger keeps them for a person."""
    at = a.time()
    voucher = get_row(ctx, Voucher, a.id("voucher_id", Voucher), "voucher")
    amount = a.int("amount_paisa", minimum=1, column=Voucher.paid_amount_paisa)
    paid_at = a.time("paid_at")
    if voucher.status == "paid":
        raise DomainError(
            msg("Voucher {psid} is already paid.", psid=voucher.psid), code="already_paid"
        )
    due = amount_due_on(voucher, paid_at.date())
    if amount < due:
        raise DomainError(
            msg(
                "Rs {paid} paid against Rs {due} due.",
                paid=f"{amount / 100:,.2f}",
                due=f"{due / 100:,.2f}",
            ),
            code="partial_payment",
        )
    ensure_transition(VOUCHER, voucher.status, "paid")
    voucher.status = "paid"
    voucher.paid_amount_paisa = amount
    voucher.paid_at = paid_at
    voucher.bank_code = a.str("bank_code", required=False, column=Voucher.bank_code)
    voucher.tran_auth_id = a.str("tran_auth_id", column=Voucher.tran_auth_id)
    stamp(voucher, ctx, at, new=False)
    changed = [("vouchers", voucher.id)]
    app = ctx.session.get(LicenceApplication, voucher.subject_id)
    if app is not None and app.status == "voucher_issued":
        ensure_transition(ARMS_APPLICATION, app.status, "fee_paid")
        app.status = "fee_paid"
        stamp(app, ctx, at, new=False)
        changed.append(("licence_applications", app.id))
    log_event(
        ctx,
        record_id=voucher.subject_id,
        record_type=voucher.subject_type,
        command=a.name,
        at=at,
        summary=f"Paid Rs {amount / 100:,.0f} at {voucher.bank_code or 'bank'}",
        district_code=voucher.district_code,
        details={"tran_auth_id": voucher.tran_auth_id},
    )
    return CommandResult(a.name, changed, "Payment recorded")


@command("clear_payment_exception", roles=("supervisor",))
def clear_payment_exception(ctx: CommandContext, a: Args) -> CommandResult:
    """A supervisor has settled a payment exception (refunded, collected the balance,
    traced the duplicate) and clears it with a note saying how. The server copies the
    clearance to its ledger row; the desk shows who cleared it and when."""
    at = a.time()
    row = get_row(
        ctx, VoucherException, a.id("exception_id", VoucherException), "payment exception"
    )
    note = a.str("note", column=VoucherException.note, multiline=True)
    if not note.strip():
        raise ValidationError(
            msg("Write a note saying how the exception was settled."), field="note"
        )
    if row.status != "open":
        raise ValidationError(
            msg("This exception was already cleared by {who}.", who=row.cleared_by or "?"),
            code="already_cleared",
        )
    row.status, row.note, row.cleared_by, row.cleared_at = "cleared", note.strip(), ctx.actor, at
    stamp(row, ctx, at, new=False)
    changed = [("voucher_exceptions", row.id)]
    voucher = ctx.session.get(Voucher, row.voucher_id) if row.voucher_id else None
    if voucher is not None:
        log_event(
            ctx,
            record_id=voucher.subject_id,
            record_type=voucher.subject_type,
            command=a.name,
            at=at,
            district_code=row.district_code,
            summary=f"Payment exception ({row.kind}) on PSID {row.psid} cleared: {note.strip()}",
        )
        changed.append(("record_events", derived_id(ctx.command_id, "event", 0)))
    return CommandResult(a.name, changed, "Exception cleared")
