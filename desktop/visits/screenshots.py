"""The visits screens for `make screenshots`: the calendar, the booking dialog with a
refusal and its hints, the day roster, and the visit slip (PDF, and PNG when poppler's
pdftoppm is installed), in English and Urdu."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.form_fields import today_karachi
from desktop.qt import QDate, QWidget
from desktop.visits import workflow
from desktop.visits.controller import VisitsWorkspace
from desktop.visits.demo import STRANGER, WIFE, seed_demo_visits
from domain import reference

if TYPE_CHECKING:
    from desktop.main_window import MainWindow


def render_visit_screenshots(
    window: MainWindow,
    ws: VisitsWorkspace,
    out: Path,
    wait_until: Callable[..., None],
    save: Callable[[QWidget, Path], Path],
) -> list[Path]:
    today = today_karachi()
    demo = seed_demo_visits(ws.store, reference.prison("CP-PSH"), today)
    saved: list[Path] = []
    window.show_workspace("visits")
    ws.view.search.setText("Gul")
    ws.find()
    wait_until(lambda: bool(ws.inmates))
    first = today + timedelta(days=1)
    ws.view.first_day.setDate(QDate(first.year, first.month, first.day))
    wait_until(lambda: bool(ws.slots))
    col = (demo.leased_day - first).days
    ws.view.calendar.setCurrentCell(0, col)
    booking_id = ""
    for lang in ("en", "ur"):
        prefix = "urdu_" if lang == "ur" else ""
        window.set_language(lang)
        ws.load_calendar()
        wait_until(lambda: bool(ws.slots))
        ws.view.calendar.setCurrentCell(0, col)
        ws.view.tabs.setCurrentIndex(0)
        saved.append(save(ws.view, out / f"{prefix}visits_calendar.png"))
        dialog = ws.open_booking()
        assert dialog is not None
        dialog.cnics[0].setText(STRANGER)
        dialog.cnics[1].setText(WIFE)
        dialog.submit()
        wait_until(lambda: dialog.error.text() != "")  # noqa: B023 (waited on here)
        dialog.adjustSize()
        saved.append(save(dialog, out / f"{prefix}visits_booking_refused.png"))
        if not booking_id:
            dialog.cnics[0].setText(WIFE)
            dialog.cnics[1].setText("")
            dialog.names[1].setText("")
            dialog.submit()
            wait_until(lambda: dialog.result_ is not None)  # noqa: B023 (waited on here)
            booking_id = str(dialog.result_.data["booking_id"]) if dialog.result_ else ""
        else:
            dialog.reject()
        ws.view.tabs.setCurrentIndex(1)
        ws.view.roster_day.setDate(
            QDate(demo.leased_day.year, demo.leased_day.month, demo.leased_day.day)
        )
        ws.load_roster()
        wait_until(lambda: bool(ws.roster_rows))
        ws.view.roster.setCurrentCell(0, 0)
        ws.view.checkin_cnic.setText(STRANGER)
        ws.check_in()
        wait_until(lambda: ws.view.roster_message.text() != "")
        saved.append(save(ws.view, out / f"{prefix}visits_roster.png"))
    saved += _refused_in_inbox(window, ws, demo.inmate_id, today, out, wait_until, save)
    window.set_language("en")
    slip = workflow.write_slip(ws.store, booking_id, out / "visit_slip.pdf")
    saved.append(slip)
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "90", "-singlefile", str(slip), str(out / "visit_slip")],
            check=True,
        )
        saved.append(out / "visit_slip.png")
    return saved


def _refused_in_inbox(
    window: QWidget,
    ws: VisitsWorkspace,
    inmate_id: str,
    today: date,
    out: Path,
    wait_until: Callable[..., None],
    save: Callable[[QWidget, Path], Path],
) -> list[Path]:
    """A provisional booking the server refused (the last seat went to another desk):
    the inbox shows it with the family's phone and the free slots offered, and "Fix and
    send again" reopens it in the booking dialog in the first of them."""
    from sqlalchemy import select, update

    from domain.models import VisitBooking, VisitSlot
    from domain.visit_slots import local_time
    from sync.store.client_models import OutboxCommand

    store = ws.store
    day = today + timedelta(days=2)
    with store.sessions() as s:
        slots = [
            sl
            for sl in s.scalars(select(VisitSlot).order_by(VisitSlot.starts_at))
            if local_time(sl.starts_at).date() == day
        ][:2]
        refused, offered = (
            slots[0].id,
            {
                "slot_id": slots[1].id,
                "starts_at": slots[1].starts_at.isoformat(),
                "free": slots[1].capacity - slots[1].booked,
                "local": f"{local_time(slots[1].starts_at):%d-%m-%Y %H:%M}",
            },
        )
        when = f"{local_time(slots[0].starts_at):%d-%m-%Y %H:%M}"
    workflow.book(store, refused, inmate_id, WIFE, [{"cnic": WIFE, "name": "Zainab Bibi"}])
    with store.write_lock, store.sessions.begin() as s:
        seq = s.scalar(select(OutboxCommand.device_seq).order_by(OutboxCommand.device_seq.desc()))
        s.execute(
            update(OutboxCommand)
            .where(OutboxCommand.device_seq == seq)
            .values(
                state="rejected",
                answer={
                    "status": "rejected",
                    "code": "slot_full",
                    "template": "The slot at {time} is full. Next slot: {next}.",
                    "params": {"time": when, "next": offered["local"]},
                    "message": f"The slot at {when} is full. Next slot: {offered['local']}.",
                    "hints": {"free_slots": [offered]},
                },
            )
        )
        s.execute(
            update(VisitBooking).where(VisitBooking.slot_id == refused).values(status="rejected")
        )
        s.execute(update(VisitSlot).where(VisitSlot.id == refused).values(booked=0))
    inbox = window.workspaces["inbox"]  # type: ignore[attr-defined]
    shots: list[Path] = []
    for lang in ("en", "ur"):
        prefix = "urdu_" if lang == "ur" else ""
        window.set_language(lang)  # type: ignore[attr-defined]
        window.show_workspace("inbox")  # type: ignore[attr-defined]
        inbox.refresh()
        wait_until(lambda: any(i.step == "book_visit" for i in inbox.items))
        inbox.select_row(next(n for n, i in enumerate(inbox.items) if i.step == "book_visit"))
        shots.append(save(window, out / f"{prefix}visits_inbox_refused.png"))
        dialog = inbox.resend()
        dialog.adjustSize()
        shots.append(save(dialog, out / f"{prefix}visits_inbox_resend.png"))
        dialog.reject()
    return shots
