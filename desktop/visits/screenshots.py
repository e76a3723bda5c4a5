"""The visits screens for `make screenshots`: the calendar, the booking dialog with a
refusal and its hints, the day roster, and the visit slip (PDF, and PNG when poppler's
pdftoppm is installed), in English and Urdu."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from datetime import timedelta
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
