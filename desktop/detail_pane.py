"""The detail pane every workspace shows beside its list: fields, then history.

A workspace gives the HTML of one record (built with the helpers here, so label and
value sit the same way in every workspace and in both directions); the pane shows a
hint while nothing is chosen. History rows are a record's `record_events`, newest
first: when and who on one side, what was done and its summary on the other.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any, Generic, TypeVar

from desktop.formatting import karachi_time, label
from desktop.i18n import URDU_FAMILY, tr
from desktop.qt import QGuiApplication, QTextBrowser, QTextOption, QWidget

D = TypeVar("D")


def urdu_html(text: str) -> str:
    return f"<span style=\"font-family:'{URDU_FAMILY}'\">{escape(text)}</span>" if text else ""


def names_html(english: str, urdu: str) -> str:
    """English and Urdu on their own lines: side by side, Nastaliq's tall strokes and
    the change of direction make them run into each other."""
    return escape(english) + (f"<br>{urdu_html(urdu)}" if urdu else "")


def fields_table(rows: list[tuple[str, str]], rtl: bool = False) -> str:
    """Label and value side by side (values already HTML). Qt's rich text does not
    mirror a table for a right-to-left document, so in Urdu the cells are written
    value first: the label then stands on the right, where an Urdu reader starts."""
    out = []
    for k, v in rows:
        if not v:
            continue
        key = f"<td width='38%' style='color:#555'>{escape(k)}</td>"
        value = f"<td style='padding-left:8px;padding-right:8px'>{v}</td>"
        out.append(f"<tr>{value + key if rtl else key + value}</tr>")
    return f"<table width='100%' cellspacing='0' cellpadding='2'>{''.join(out)}</table>"


def correction_html(details: Any, field_labels: dict[str, str]) -> str:
    """A correcting order's line: each field's value before and after, then its
    reason (`domain.commands.corrections.correct_fields` keeps both); "" for others."""
    corrected = details.get("corrected") if isinstance(details, dict) else None
    if not isinstance(corrected, dict):
        return ""
    # The line reads from the before value to the after one: rightwards in English,
    # leftwards on an Urdu (right-to-left) desk.
    arrow = "←" if QGuiApplication.isRightToLeft() else "→"
    lines = []
    for field, change in corrected.items():
        if not isinstance(change, dict):
            continue
        before, after = str(change.get("before") or "—"), str(change.get("after") or "—")
        lines.append(
            f"{escape(label(field_labels, field))}: <s>{urdu_or_plain(before)}</s>"
            # The marks keep the arrow between two Urdu values from joining either.
            f" \u200e{arrow}\u200e <b>{urdu_or_plain(after)}</b>"
        )
    reason = str(details.get("reason") or "")
    if reason:
        lines.append(escape(tr("Reason: {reason}").format(reason=reason)))
    return "<br>".join(lines)


def urdu_or_plain(text: str) -> str:
    """Urdu in the Nastaliq font, anything else as it is."""
    return urdu_html(text) if any("\u0600" <= ch <= "\u06ff" for ch in text) else escape(text)


def history_html(
    events: list[Any],
    command_labels: dict[str, str],
    rtl: bool = False,
    field_labels: dict[str, str] | None = None,
) -> str:
    """A record's history, newest first, or a line saying there is none yet. A
    correction shows its values before and after (`field_labels` names the fields)."""
    rows = []
    for e in events:
        when = (
            f"<td width='30%' style='color:#555'>{escape(karachi_time(e.at))}"
            f"<br>{escape(e.actor)}</td>"
        )
        body = correction_html(e.details, field_labels or {}) or escape(e.summary)
        what = (
            f"<td style='padding-left:8px;padding-right:8px'>"
            f"<b>{escape(label(command_labels, e.command))}</b><br>{body}</td>"
        )
        rows.append(f"<tr>{what + when if rtl else when + what}</tr>")
    if not rows:
        return f"<p>{escape(tr('No history yet.'))}</p>"
    return f"<table width='100%' cellspacing='0' cellpadding='3'>{''.join(rows)}</table>"


class RecordDetailPane(QTextBrowser, Generic[D]):
    """Shows one record; `detail` is what it shows (None when nothing is chosen).
    Text wraps at word boundaries only, never mid-word."""

    def __init__(self, render: Callable[[D, str], str], hint: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("detail")
        self.setOpenLinks(False)
        self.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self._render, self._hint = render, hint
        self.detail: D | None = None
        self.lang = "en"
        self.show_detail(None)

    def show_detail(self, detail: D | None) -> None:
        self.detail = detail
        if detail is None:
            self.setHtml(f"<p style='color:#777'>{escape(tr(self._hint))}</p>")
        else:
            self.setHtml(self._render(detail, self.lang))

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.show_detail(self.detail)
