"""Helpers every form shares: line edits (Urdu ones right to left in Nastaliq) and
dates as operators write them, read as Asia/Karachi calendar days.

Checks the domain makes are not written again here: a form calls the domain's own
check (e.g. `check_applicant_born`) or lets the command refuse, and shows the
domain's message beside the field (`FormDialog.show_errors`).
"""

from __future__ import annotations

from datetime import date, datetime

from desktop.i18n import urdu_font
from desktop.qt import QLineEdit, Qt, QWidget
from domain.errors import ValidationError, msg
from domain.ids import to_karachi, utcnow

DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%d%m%Y", "%Y-%m-%d")


def today_karachi() -> date:
    """Today's date in the office's time zone (a form filled at 00:30 is today's)."""
    return to_karachi(utcnow()).date()


def parse_day(text: str, field: str | None = None) -> date:
    """A date as operators write it: 15-03-1985, 15/03/1985, 15031985 or 1985-03-15."""
    text = text.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationError(msg("Write the date as DD-MM-YYYY, for example 15-03-1985."), field=field)


def line_edit(
    name: str, parent: QWidget, *, urdu: bool = False, placeholder: str = ""
) -> QLineEdit:
    """A named line edit; `urdu` ones are right to left in the Nastaliq font."""
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    if urdu:
        edit.setFont(urdu_font(edit.font()))
        edit.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        # Nastaliq's first letter can reach past its advance to the right (the bar of
        # a گ): room for it, or the field's edge cuts it off.
        edit.setTextMargins(0, 0, 6, 0)
    return edit
