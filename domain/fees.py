"""Dated, versioned fee schedules: arms licence fees and taxes on land transfers.

Figures change by notification, and KP's own arms fee schedule is not yet known, so
amounts live in ``resources/fees/*.json`` (sources in ``resources/fees/SOURCES.md``),
one file per version, never in code. A quote carries the schedule version it came
from and is stored on the application, so a later schedule never alters an issued
voucher. All arithmetic is exact (paisa and fractions); rates round half up to
whole rupees.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any, Protocol, TypeVar

from domain.errors import NotFound, ValidationError, msg
from domain.resources import resource_path
from domain.values.money import Money

FeeLine = tuple[str, str, Money]  # (account head code, label, amount)


@dataclass(frozen=True)
class FeeQuote:
    """What a citizen must pay for one licence service, split across account heads.

    ``total`` is due by the due date; ``after_due`` is the whole amount (surcharge
    included) payable after it, as printed on the voucher.
    """

    total: Money
    heads: list[FeeLine]
    after_due: Money
    schedule_version: str

    def as_dict(self) -> dict[str, Any]:
        """Plain data for storing on the application and for command arguments."""
        return {
            "total_paisa": self.total.paisa,
            "after_due_paisa": self.after_due.paisa,
            "schedule_version": self.schedule_version,
            "heads": [{"code": c, "label": label, "paisa": m.paisa} for c, label, m in self.heads],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FeeQuote:
        return cls(
            total=Money(data["total_paisa"]),
            heads=[(h["code"], h["label"], Money(h["paisa"])) for h in data["heads"]],
            after_due=Money(data["after_due_paisa"]),
            schedule_version=data["schedule_version"],
        )


def _percent(text: object, where: str) -> Fraction:
    """An exact rate from a percentage written as a string ("0.5" -> 1/200)."""
    if not isinstance(text, str):
        raise ValueError(f'{where}: write percentages as strings such as "0.5", not {text!r}')
    rate = Fraction(text) / 100
    if rate < 0:
        raise ValueError(f"{where}: a percentage cannot be negative ({text})")
    return rate


def _whole_rupees(value: object, where: str) -> Money:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{where}: amounts are whole, non-negative rupees; got {value!r}")
    return Money.rupees(value)


def _as_day(d: date) -> date:
    # A datetime is a date subclass; comparing one with effective_from would raise
    # or, worse, use the UTC day. The caller must decide which local day it means.
    if isinstance(d, datetime) or not isinstance(d, date):
        raise TypeError("Pass the Asia/Karachi calendar date (datetime.date), not a datetime")
    return d


def clear_cache() -> None:
    """Forget loaded schedules (after new files arrive from the server)."""
    _dated_files.cache_clear()
    _IN_FORCE.clear()


@functools.lru_cache(maxsize=64)
def _dated_files(folder: Path, prefix: str) -> list[tuple[date, dict[str, Any], Path]]:
    """Every version of one schedule in ``folder``, oldest first, checked for shape.

    Cached: every licence command asks for its fee, and reading the files each time
    cost half a millisecond a command on the server's push path.
    """
    found = []
    for path in sorted(folder.glob(f"{prefix}_*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        try:
            effective = date.fromisoformat(data["effective_from"])
        except (KeyError, TypeError, ValueError):
            raise ValueError(
                f"{path.name}: effective_from must be a date such as 2025-07-01"
            ) from None
        if path.stem != f"{prefix}_{effective.isoformat()}":
            raise ValueError(
                f"{path.name}: the file name must end in its effective_from ({effective})"
            )
        if not data.get("version"):
            raise ValueError(f"{path.name}: the schedule has no version")
        found.append((effective, data, path))
    found.sort(key=lambda item: item[0])
    return found


#: The schedule in force by (folder, prefix, day), until `clear_cache`: every licence
#: command of a push asks for the same day's, and finding it again (the folder's path,
#: the versions' filter) was 1.5% of a push's CPU on the server.
_IN_FORCE: dict[tuple[Path | None, str, date], tuple[dict[str, Any], str]] = {}


def _in_force(folder: Path | None, prefix: str, what: str, d: date) -> tuple[dict[str, Any], str]:
    day = _as_day(d)
    key = (folder, prefix, day)
    known = _IN_FORCE.get(key)
    if known is None:
        if len(_IN_FORCE) > 4096:  # days asked about: bounded in practice
            _IN_FORCE.clear()
        known = _IN_FORCE[key] = _find_in_force(folder, prefix, what, day)
    return known


def _find_in_force(
    folder: Path | None, prefix: str, what: str, day: date
) -> tuple[dict[str, Any], str]:
    versions = _dated_files(folder or resource_path("fees"), prefix)
    current = [item for item in versions if item[0] <= day]
    if not current:
        earliest = (
            msg("; the earliest starts on {day}", day=str(versions[0][0])) if versions else ""
        )
        raise NotFound(
            msg(
                "No {what} schedule is in force on {day}{earliest}",
                what=what,
                day=str(day),
                earliest=earliest,
            ),
            code="no_fee_schedule",
        )
    _, data, path = current[-1]
    return data, path.name


class _Schedule(Protocol):
    def __init__(self, data: Mapping[str, Any], *, origin: str = ...) -> None: ...


_S = TypeVar("_S", bound=_Schedule)
_ARMS_LICENCE_FEE = msg("arms licence fee")
_BUILT: dict[tuple[type, str], tuple[Mapping[str, Any], Any]] = {}


def _built(cls: type[_S], data: Mapping[str, Any], name: str) -> _S:
    """One schedule object per schedule file: every licence command asks for one, and
    a schedule is read-only once built. (`_dated_files` is cached, so the same parsed
    file comes back as long as it is unchanged; a new parse builds anew.)"""
    cached = _BUILT.get((cls, name))
    if cached is None or cached[0] is not data:
        cached = _BUILT[(cls, name)] = (data, cls(data, origin=name))
    return cached[1]


class FeeSchedule:
    """One version of the arms licence fee schedule."""

    def __init__(self, data: Mapping[str, Any], *, origin: str = "arms licence schedule"):
        """Build from the parsed JSON (a file, or reference data synced from the server).

        Refuses a malformed schedule with ``ValueError`` naming ``origin``: that is a
        deployment fault, not something an operator can fix.
        """
        self.version: str = str(data["version"])
        self.effective_from: date = date.fromisoformat(data["effective_from"])
        self.source: str = str(data.get("source", ""))
        self._heads: dict[str, tuple[str, str]] = {
            key: (str(h["code"]), str(h["label"])) for key, h in data["heads"].items()
        }
        surcharge = data.get("after_due_surcharge", {"percent": "0", "on_heads": []})
        self._surcharge_rate = _percent(surcharge["percent"], f"{origin}: after_due_surcharge")
        self._surcharge_heads: list[str] = list(surcharge.get("on_heads", list(self._heads)))
        self._fees: dict[str, dict[str, dict[str, Money]]] = {}
        self._quotes: dict[tuple[str, str], FeeQuote] = {}
        for kind, by_validity in data["fees_rupees"].items():
            self._fees[kind] = {}
            for validity, amounts in by_validity.items():
                where = f"{origin}: {kind}/{validity}"
                unknown = set(amounts) - set(self._heads)
                if unknown:
                    raise ValueError(f"{where}: unknown account heads {sorted(unknown)}")
                self._fees[kind][validity] = {
                    k: _whole_rupees(v, where) for k, v in amounts.items()
                }
        unknown = set(self._surcharge_heads) - set(self._heads)
        if unknown:
            raise ValueError(f"{origin}: the surcharge names unknown heads {sorted(unknown)}")

    @classmethod
    def for_date(cls, d: date, *, folder: Path | None = None) -> FeeSchedule:
        """The schedule in force on ``d``: the latest whose effective_from <= d.

        ``folder`` defaults to ``resources/fees``. Raises :class:`NotFound` when no
        version had started by ``d``.
        """
        data, name = _in_force(folder, "arms_licence", _ARMS_LICENCE_FEE, d)
        return _built(cls, data, name)

    @property
    def kinds(self) -> list[str]:
        return list(self._fees)

    def validities(self, kind: str) -> list[str]:
        return list(self._fees.get(kind, {}))

    def licence_fee(self, kind: str, validity: str) -> FeeQuote:
        """The quote for ``kind`` (new, renewal, duplicate) at ``validity`` (district,
        provincial, all_pakistan). Unknown values raise :class:`ValidationError`.

        Quotes are worked out once per schedule (a push of a thousand applications
        asks a thousand times); each caller gets its own list of heads."""
        known = self._quotes.get((kind, validity))
        if known is None:
            known = self._quotes[(kind, validity)] = self._quote(kind, validity)
        return dataclasses.replace(known, heads=list(known.heads))

    def _quote(self, kind: str, validity: str) -> FeeQuote:
        if kind not in self._fees:
            raise ValidationError(
                msg(
                    "There is no arms licence fee for {kind}; choose {choices}",
                    kind=repr(kind),
                    choices=", ".join(self._fees),
                ),
                field="kind",
            )
        by_validity = self._fees[kind]
        if validity not in by_validity:
            raise ValidationError(
                msg(
                    "There is no {kind} licence fee for validity {validity}; choose {choices}",
                    kind=kind,
                    validity=repr(validity),
                    choices=", ".join(by_validity),
                ),
                field="validity",
            )
        amounts = by_validity[validity]
        # Heads in the schedule's order, so vouchers always list them the same way.
        lines = [
            (code, label, amounts[head])
            for head, (code, label) in self._heads.items()
            if amounts.get(head, Money(0)).paisa > 0
        ]
        total = sum((amount for _, _, amount in lines), Money(0))
        surchargeable = sum(
            (amounts.get(head, Money(0)) for head in self._surcharge_heads), Money(0)
        )
        after_due = total + surchargeable.at_rate(self._surcharge_rate)
        return FeeQuote(
            total=total, heads=lines, after_due=after_due, schedule_version=self.version
        )


class MutationTaxSchedule:
    """One version of the taxes and fees charged on a land transfer."""

    def __init__(self, data: Mapping[str, Any], *, origin: str = "mutation tax schedule"):
        self.version: str = str(data["version"])
        self.effective_from: date = date.fromisoformat(data["effective_from"])
        self.source: str = str(data.get("source", ""))
        self._taxes: list[tuple[str, str, Fraction]] = [
            (str(t["code"]), str(t["label"]), _percent(t["percent"], f"{origin}: {t['code']}"))
            for t in data["taxes"]
        ]

    @classmethod
    def for_date(cls, d: date, *, folder: Path | None = None) -> MutationTaxSchedule:
        """The schedule in force on ``d`` (the mutation's date)."""
        data, name = _in_force(folder, "mutation_taxes", msg("mutation tax"), d)
        return _built(cls, data, name)

    def taxes(self, consideration: Money) -> list[FeeLine]:
        """Each tax on ``consideration``, rounded half up to whole rupees on its own.

        A gift or inheritance with no consideration gets every line at Rs 0, so the
        register shows that nothing was due rather than that nothing was checked.
        """
        if not isinstance(consideration, Money):
            raise TypeError("consideration must be Money")
        if consideration.paisa < 0:
            raise ValidationError(
                msg("The consideration cannot be negative ({amount})", amount=str(consideration)),
                field="consideration",
            )
        return [(code, label, consideration.at_rate(rate)) for code, label, rate in self._taxes]

    def total(self, consideration: Money) -> Money:
        """The sum of :meth:`taxes` (each line rounded first, as the receipt shows)."""
        return sum((amount for _, _, amount in self.taxes(consideration)), Money(0))
