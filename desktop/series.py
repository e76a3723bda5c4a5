"""Office-prefixed series numbers: application, licence, mutation and booking numbers.

Numbers people write down come from office series: `PSH-26-3000042` is office
series PSH, year 2026, device 3, 42nd number of that device in the series. Before
the device is enrolled it has no device number and uses `T`, the provisional
marker, until the server confirms. A series may add a letter before the device
(`PSH-26-L3000007` for licences). The counter lives in the profile (a fact named
for the series); it is advanced after the command succeeds, and a number found taken
(e.g. after a crash between the two) is skipped.

Everything here runs in the database worker. A command gets its number in its
arguments, so replaying it on the server gives the same result (DESIGN.md
principle 1).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select

from desktop.db import read_rows
from domain import reference
from domain.commands import CommandResult
from domain.errors import DomainError, Duplicate
from domain.ids import to_karachi, utcnow
from sync.store.local import LocalStore

_RETRIES = 50


@dataclass(frozen=True)
class Series:
    """One numbering series: the profile fact holding its counter, the letter
    before the device number, and the query that finds a number already taken."""

    fact: str
    letter: str
    taken: Callable[[str], Select[*tuple[Any, ...]]]


def series_prefix(store: LocalStore) -> str:
    """The office's series prefix; before enrolment, the district DC office's."""
    me = store.identity()
    try:
        return reference.office(me.office_code).series_prefix
    except DomainError:
        offices = reference.offices(me.district_code, kind="dc_office")
        return offices[0].series_prefix if offices else me.district_code


def is_provisional_number(number: str) -> bool:
    """True for numbers made before enrolment (device marker `T`)."""
    parts = number.split("-")
    return len(parts) >= 3 and parts[-1].lstrip("LMB").startswith("T")


def format_number(store: LocalStore, n: int, letter: str = "") -> str:
    me = store.identity()
    yy = to_karachi(utcnow()).strftime("%y")
    device = str(me.device_no) if me.device_no is not None else "T"
    return f"{series_prefix(store)}-{yy}-{letter}{device}{n:06d}"


def next_number(store: LocalStore, series: Series) -> str:
    """The number the next record of `series` would get (shown on a form before saving)."""
    return format_number(store, int(store.fact(series.fact, "0") or 0) + 1, series.letter)


def run_numbered(
    store: LocalStore, series: Series, run: Callable[[str], CommandResult]
) -> CommandResult:
    """Run `run(number)` with the next free number of `series`, then advance it."""
    n = int(store.fact(series.fact, "0") or 0) + 1
    for _ in range(_RETRIES):
        number = format_number(store, n, series.letter)
        if read_rows(store, series.taken(number)):
            n += 1
            continue
        try:
            result = run(number)
        except Duplicate as exc:
            if number in exc.message:
                n += 1
                continue
            raise
        store.set_facts(**{series.fact: n})
        result.data.setdefault("number", number)
        return result
    raise DomainError(f"No free number found in series {series.fact} after {_RETRIES} tries.")
