"""Reference data: districts, tehsils, offices, prisons, mutation and weapon types.

The data lives in JSON files under ``resources/reference/`` (DESIGN.md principle 7),
never in code; where each list came from and what is uncertain is written in
``resources/reference/SOURCES.md``. This module turns those files into frozen, typed
records and caches them: each file is read once per process. When the server sends a
newer copy of a file, write it and call :func:`reload`.

Every record carries its English and Urdu name and answers ``name(lang)``.
Lookups by code raise :class:`domain.errors.NotFound` with the code that was asked for.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any, TypeVar

from domain.errors import NotFound, msg
from domain.resources import resource_path

REFERENCE_DIR = "reference"

OFFICE_KINDS = frozenset({"dc_office", "tehsil_office", "help_desk"})
PRISON_KINDS = frozenset({"central", "district", "sub_jail", "women", "juvenile"})
WEAPON_CATEGORIES = frozenset({"npb", "pb"})


class ReferenceDataError(ValueError):
    """A reference file is missing a field or holds a value the app cannot use."""


class _Named:
    """Bilingual name: ``name("ur")`` gives Urdu, anything else English."""

    name_en: str
    name_ur: str

    def name(self, lang: str = "en") -> str:
        return self.name_ur if (lang or "").lower().startswith("ur") else self.name_en


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Division(_Named):
    code: str
    name_en: str
    name_ur: str


@dataclass(frozen=True)
class Tehsil(_Named):
    code: str
    name_en: str
    name_ur: str
    district_code: str


@dataclass(frozen=True)
class District(_Named):
    code: str
    name_en: str
    name_ur: str
    division: str
    merged_area: bool
    tehsils: tuple[Tehsil, ...]

    def tehsil(self, code: str) -> Tehsil:
        for t in self.tehsils:
            if t.code == code:
                return t
        raise NotFound(
            msg(
                "District {district} ({name}) has no tehsil with code {code}.",
                district=self.code,
                name=self.name_en,
                code=repr(code),
            ),
            hints={"kind": "tehsil", "code": code, "district_code": self.code},
        )


@dataclass(frozen=True)
class Office(_Named):
    code: str
    kind: str
    district_code: str
    tehsil_code: str | None
    name_en: str
    name_ur: str
    series_prefix: str


@dataclass(frozen=True)
class ExtraSlot:
    """A one-off slot on a given date, from configuration (`extra_slots` in prisons.json)."""

    on: date
    start: time
    minutes: int
    capacity: int
    terminal: str = "T1"


@dataclass(frozen=True)
class SlotTemplate:
    """One weekly recurring visit slot. ``weekday`` follows ``date.weekday()``: 0 = Monday."""

    weekday: int
    start: time
    minutes: int
    capacity: int
    #: The video terminal (camera and screen) the slot runs on; a prison with two
    #: terminals lists each slot once per terminal, each with its own capacity.
    terminal: str = "T1"

    @property
    def end(self) -> time:
        return (datetime.combine(date.min, self.start) + timedelta(minutes=self.minutes)).time()

    @property
    def start_minute(self) -> int:
        """Minutes after midnight at which the slot starts."""
        return self.start.hour * 60 + self.start.minute


@dataclass(frozen=True)
class Prison(_Named):
    code: str
    name_en: str
    name_ur: str
    district_code: str
    kind: str
    weekly_visits_per_inmate: int
    max_visitors_per_booking: int
    max_adults_per_booking: int
    lead_visitor_min_age: int
    booking_window_days: int
    notice_days: int
    slot_template: tuple[SlotTemplate, ...]
    closed_dates: tuple[date, ...] = ()
    #: Slots on top of the weekly template (a holiday week, a backlog day).
    extra_slots: tuple[ExtraSlot, ...] = ()

    def slots_on(self, weekday: int) -> tuple[SlotTemplate, ...]:
        """The weekly slots of one weekday (0 = Monday), in start order."""
        return tuple(
            sorted((s for s in self.slot_template if s.weekday == weekday), key=lambda s: s.start)
        )


@dataclass(frozen=True)
class MutationType(_Named):
    code: str
    name_en: str
    name_ur: str
    name_local: str
    consideration: bool
    taxes_apply: bool
    note: str | None = None


@dataclass(frozen=True)
class WeaponType(_Named):
    code: str
    name_en: str
    name_ur: str
    category: str
    is_firearm: bool
    bores: tuple[str, ...]
    note: str | None = None

    @property
    def is_licensable(self) -> bool:
        """Only non-prohibited bore types may be licensed to an individual."""
        return self.category == "npb"

    def allows_bore(self, bore: str) -> bool:
        """True if ``bore`` is a listed calibre of a licensable type ("12 Bore" == "12 bore")."""
        if not self.is_licensable:
            return False
        if not self.is_firearm:
            return not (bore or "").strip()
        wanted = normalise_bore(bore)
        return any(normalise_bore(b) == wanted for b in self.bores)


@dataclass(frozen=True)
class ValidityScope(_Named):
    code: str
    name_en: str
    name_ur: str
    granted_by: str


def normalise_bore(bore: str) -> str:
    """Case- and space-insensitive form of a bore, for comparison only."""
    return "".join((bore or "").lower().split())


# --------------------------------------------------------------------------- loading


def _read(name: str) -> dict[str, Any]:
    path = resource_path(REFERENCE_DIR, name)
    try:
        with path.open(encoding="utf-8") as f:
            data: dict[str, Any] = json.load(f)
            return data
    except FileNotFoundError as e:
        raise ReferenceDataError(f"Reference file {path} is missing.") from e
    except json.JSONDecodeError as e:
        raise ReferenceDataError(f"Reference file {path} is not valid JSON: {e}") from e


def _field(row: dict[str, Any], key: str, where: str) -> Any:
    try:
        return row[key]
    except KeyError:
        raise ReferenceDataError(f"{where}: field {key!r} is missing.") from None


def _one_of(value: str, allowed: frozenset[str], where: str) -> str:
    if value not in allowed:
        raise ReferenceDataError(f"{where}: {value!r} is not one of {sorted(allowed)}.")
    return value


_T = TypeVar("_T")


def _index(items: Iterable[_T], what: str) -> dict[str, _T]:
    out: dict[str, _T] = {}
    for item in items:
        code = item.code  # type: ignore[attr-defined]
        if code in out:
            raise ReferenceDataError(f"Duplicate {what} code {code!r} in reference data.")
        out[code] = item
    return out


def _parse_time(text: str, where: str) -> time:
    try:
        return datetime.strptime(text, "%H:%M").time()
    except (TypeError, ValueError):
        raise ReferenceDataError(f"{where}: start {text!r} is not a HH:MM time.") from None


@cache
def _districts_file() -> tuple[dict[str, Division], dict[str, District], dict[str, Tehsil]]:
    data = _read("districts.json")
    divisions = _index(
        (Division(d["code"], d["name_en"], d["name_ur"]) for d in data["divisions"]), "division"
    )
    districts: list[District] = []
    for row in data["districts"]:
        where = f"districts.json district {row.get('code')!r}"
        code = _field(row, "code", where)
        division_code = _field(row, "division", where)
        if division_code not in divisions:
            raise ReferenceDataError(f"{where}: unknown division {division_code!r}.")
        tehsils = tuple(
            Tehsil(
                _field(t, "code", where),
                _field(t, "name_en", where),
                _field(t, "name_ur", where),
                code,
            )
            for t in _field(row, "tehsils", where)
        )
        districts.append(
            District(
                code,
                _field(row, "name_en", where),
                _field(row, "name_ur", where),
                division_code,
                bool(row.get("merged_area", False)),
                tehsils,
            )
        )
    by_code = _index(districts, "district")
    tehsil_index = _index((t for d in districts for t in d.tehsils), "tehsil")
    return divisions, by_code, tehsil_index


@cache
def _offices_file() -> dict[str, Office]:
    rows = _read("offices.json")["offices"]
    offices = []
    for row in rows:
        where = f"offices.json office {row.get('code')!r}"
        offices.append(
            Office(
                code=_field(row, "code", where),
                kind=_one_of(_field(row, "kind", where), OFFICE_KINDS, where),
                district_code=_field(row, "district_code", where),
                tehsil_code=row.get("tehsil_code"),
                name_en=_field(row, "name_en", where),
                name_ur=_field(row, "name_ur", where),
                series_prefix=_field(row, "series_prefix", where),
            )
        )
    return _index(offices, "office")


@cache
def _prisons_file() -> dict[str, Prison]:
    prisons = []
    for row in _read("prisons.json")["prisons"]:
        where = f"prisons.json prison {row.get('code')!r}"
        slots = tuple(
            SlotTemplate(
                weekday=int(_field(s, "weekday", where)),
                start=_parse_time(_field(s, "start", where), where),
                minutes=int(_field(s, "minutes", where)),
                capacity=int(_field(s, "capacity", where)),
                terminal=str(s.get("terminal", "T1")),
            )
            for s in _field(row, "slot_template", where)
        )
        try:
            closed = tuple(date.fromisoformat(d) for d in row.get("closed_dates", []))
            extras = tuple(
                ExtraSlot(
                    on=date.fromisoformat(e["date"]),
                    start=_parse_time(_field(e, "start", where), where),
                    minutes=int(_field(e, "minutes", where)),
                    capacity=int(_field(e, "capacity", where)),
                    terminal=str(e.get("terminal", "T1")),
                )
                for e in row.get("extra_slots", [])
            )
        except (TypeError, ValueError, KeyError):
            raise ReferenceDataError(
                f"{where}: closed_dates and extra_slots dates must be YYYY-MM-DD dates."
            ) from None
        prisons.append(
            Prison(
                code=_field(row, "code", where),
                name_en=_field(row, "name_en", where),
                name_ur=_field(row, "name_ur", where),
                district_code=_field(row, "district_code", where),
                kind=_one_of(_field(row, "kind", where), PRISON_KINDS, where),
                weekly_visits_per_inmate=int(_field(row, "weekly_visits_per_inmate", where)),
                max_visitors_per_booking=int(_field(row, "max_visitors_per_booking", where)),
                max_adults_per_booking=int(_field(row, "max_adults_per_booking", where)),
                lead_visitor_min_age=int(_field(row, "lead_visitor_min_age", where)),
                booking_window_days=int(_field(row, "booking_window_days", where)),
                notice_days=int(_field(row, "notice_days", where)),
                slot_template=slots,
                closed_dates=closed,
                extra_slots=extras,
            )
        )
    return _index(prisons, "prison")


@cache
def _mutation_types_file() -> dict[str, MutationType]:
    items = []
    for row in _read("mutation_types.json")["mutation_types"]:
        where = f"mutation_types.json type {row.get('code')!r}"
        items.append(
            MutationType(
                code=_field(row, "code", where),
                name_en=_field(row, "name_en", where),
                name_ur=_field(row, "name_ur", where),
                name_local=row.get("name_local") or _field(row, "name_en", where),
                consideration=bool(_field(row, "consideration", where)),
                taxes_apply=bool(_field(row, "taxes_apply", where)),
                note=row.get("note"),
            )
        )
    return _index(items, "mutation type")


@cache
def _weapons_file() -> tuple[dict[str, WeaponType], dict[str, ValidityScope]]:
    data = _read("weapon_types.json")
    weapons = []
    for row in data["weapon_types"]:
        where = f"weapon_types.json type {row.get('code')!r}"
        weapons.append(
            WeaponType(
                code=_field(row, "code", where),
                name_en=_field(row, "name_en", where),
                name_ur=_field(row, "name_ur", where),
                category=_one_of(_field(row, "category", where), WEAPON_CATEGORIES, where),
                is_firearm=bool(row.get("is_firearm", True)),
                bores=tuple(row.get("bores", [])),
                note=row.get("note"),
            )
        )
    scopes = (
        ValidityScope(
            _field(s, "code", "weapon_types.json validity_scopes"),
            s["name_en"],
            s["name_ur"],
            s.get("granted_by", "deputy_commissioner"),
        )
        for s in data["validity_scopes"]
    )
    return _index(weapons, "weapon type"), _index(scopes, "validity scope")


def reload() -> None:
    """Forget the cached files (after the server sent newer reference data)."""
    for loader in (
        _districts_file,
        _offices_file,
        _prisons_file,
        _mutation_types_file,
        _weapons_file,
    ):
        loader.cache_clear()


#: The kinds of reference record as words in messages (the interface translates them).
_KIND_WORDS = {
    "division": msg("division"),
    "district": msg("district"),
    "tehsil": msg("tehsil"),
    "office": msg("office"),
    "prison": msg("prison"),
    "mutation type": msg("mutation type"),
    "weapon type": msg("weapon type"),
    "validity scope": msg("validity scope"),
}


def _get(index: dict[str, _T], code: str, what: str, file: str) -> _T:
    try:
        return index[code]
    except (KeyError, TypeError):
        raise NotFound(
            msg(
                "No {what} with code {code} in {file}.",
                what=_KIND_WORDS.get(what, what),
                code=repr(code),
                file=f"{REFERENCE_DIR}/{file}",
            ),
            hints={"kind": what.replace(" ", "_"), "code": code},
        ) from None


# --------------------------------------------------------------------------- public API


def divisions() -> list[Division]:
    return list(_districts_file()[0].values())


def division(code: str) -> Division:
    return _get(_districts_file()[0], code, "division", "districts.json")


def districts(division_code: str | None = None) -> list[District]:
    """All districts in file order, or those of one division."""
    items = _districts_file()[1].values()
    return [d for d in items if division_code is None or d.division == division_code]


def district(code: str) -> District:
    return _get(_districts_file()[1], code, "district", "districts.json")


def tehsils(district_code: str) -> list[Tehsil]:
    return list(district(district_code).tehsils)


def tehsil(code: str) -> Tehsil:
    return _get(_districts_file()[2], code, "tehsil", "districts.json")


def offices(district_code: str | None = None, kind: str | None = None) -> list[Office]:
    return [
        o
        for o in _offices_file().values()
        if (district_code is None or o.district_code == district_code)
        and (kind is None or o.kind == kind)
    ]


def office(code: str) -> Office:
    return _get(_offices_file(), code, "office", "offices.json")


def prisons(district_code: str | None = None) -> list[Prison]:
    return [
        p
        for p in _prisons_file().values()
        if district_code is None or p.district_code == district_code
    ]


def prison(code: str) -> Prison:
    return _get(_prisons_file(), code, "prison", "prisons.json")


def mutation_types() -> list[MutationType]:
    return list(_mutation_types_file().values())


def mutation_type(code: str) -> MutationType:
    return _get(_mutation_types_file(), code, "mutation type", "mutation_types.json")


def weapon_types(licensable_only: bool = False) -> list[WeaponType]:
    return [w for w in _weapons_file()[0].values() if w.is_licensable or not licensable_only]


def weapon_type(code: str) -> WeaponType:
    return _get(_weapons_file()[0], code, "weapon type", "weapon_types.json")


def validity_scopes() -> list[ValidityScope]:
    return list(_weapons_file()[1].values())


def validity_scope(code: str) -> ValidityScope:
    return _get(_weapons_file()[1], code, "validity scope", "weapon_types.json")


__all__ = [
    "Division",
    "District",
    "Tehsil",
    "Office",
    "Prison",
    "SlotTemplate",
    "MutationType",
    "WeaponType",
    "ValidityScope",
    "ReferenceDataError",
    "OFFICE_KINDS",
    "PRISON_KINDS",
    "WEAPON_CATEGORIES",
    "divisions",
    "division",
    "districts",
    "district",
    "tehsils",
    "tehsil",
    "offices",
    "office",
    "prisons",
    "prison",
    "mutation_types",
    "mutation_type",
    "weapon_types",
    "weapon_type",
    "validity_scopes",
    "validity_scope",
    "normalise_bore",
    "reload",
]
