"""Telling the family: confirmation, change and cancellation of a visit, in Urdu and
English, through a small messaging interface. Production sends SMS through a
provider's gateway behind `Messenger`; the sandbox records every message (a JSON line
each) so demos and tests can read what the family would have received.
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from domain.visit_slots import local_time

KINDS = ("confirmation", "provisional", "change", "cancellation")
_TEXTS = {
    "confirmation": (
        "Visit {no} confirmed: {when} at {prison}. Link: {link}",
        "ملاقات {no} کی تصدیق: {when}، {prison}۔ لنک: {link}",
    ),
    "provisional": (
        "Visit {no} requested for {when} at {prison}; we will confirm it soon.",
        "ملاقات {no} کی درخواست {when}، {prison} کے لیے درج؛ جلد تصدیق کی جائے گی۔",
    ),
    "change": (
        "Visit {no} changed: now {when} at {prison}. Link: {link}",
        "ملاقات {no} تبدیل: اب {when}، {prison}۔ لنک: {link}",
    ),
    "cancellation": (
        "Visit {no} on {when} at {prison} is cancelled ({reason}).",
        "ملاقات {no} بتاریخ {when}، {prison} منسوخ ({reason})۔",
    ),
}
REASONS_UR = {
    "by_family": "خاندان کی درخواست",
    "inmate_released": "قیدی رہا",
    "inmate_moved": "قیدی منتقل",
    "booked_in_error": "غلط بکنگ",
}


@dataclass(frozen=True)
class FamilyMessage:
    kind: str
    to: str  # mobile number
    booking_no: str
    text_en: str
    text_ur: str


def compose(
    kind: str,
    *,
    to: str,
    booking_no: str,
    starts_at: datetime,
    prison_en: str,
    prison_ur: str,
    link: str = "",
    reason: str = "",
) -> FamilyMessage:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    when = f"{local_time(starts_at):%d-%m-%Y %H:%M}"
    en, ur = _TEXTS[kind]
    return FamilyMessage(
        kind,
        to,
        booking_no,
        en.format(
            no=booking_no, when=when, prison=prison_en, link=link, reason=reason.replace("_", " ")
        ),
        ur.format(
            no=booking_no,
            when=when,
            prison=prison_ur,
            link=link,
            reason=REASONS_UR.get(reason, reason),
        ),
    )


class Messenger(Protocol):
    def send(self, message: FamilyMessage) -> None: ...


class SandboxMessenger:
    """Records messages instead of sending them: one JSON line each in `path`."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()

    def send(self, message: FamilyMessage) -> None:
        with self._lock, self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(asdict(message), ensure_ascii=False) + "\n")

    def sent(self) -> list[FamilyMessage]:
        if not self.path.exists():
            return []
        return [
            FamilyMessage(**json.loads(line)) for line in self.path.read_text("utf-8").splitlines()
        ]
