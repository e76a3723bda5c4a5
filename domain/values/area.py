"""Land area in kanal, marla and sarsai, held exactly as a count of sarsai.

Registers write areas as kanal-marla-sarsai (``2-5-3``). Converting through decimal
acres or square feet rounds, and a partition that rounds loses land on paper; so the
area is an integer number of sarsai and the larger units are derived from it.
Revenue standard (Punjab Land Records Manual): 1 kanal = 20 marla, 1 marla = 9 sarsai
= 272.25 sq ft, 1 acre = 8 kanal. (Urban housing schemes use a 225 sq ft marla; that
marla is not this one.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from domain.errors import ValidationError, msg

SARSAI_PER_MARLA = 9
MARLA_PER_KANAL = 20
KANAL_PER_ACRE = 8
SARSAI_PER_KANAL = SARSAI_PER_MARLA * MARLA_PER_KANAL
SARSAI_PER_ACRE = SARSAI_PER_KANAL * KANAL_PER_ACRE
SQUARE_FEET_PER_MARLA = Fraction("272.25")
SQUARE_FEET_PER_SARSAI = SQUARE_FEET_PER_MARLA / SARSAI_PER_MARLA  # 30.25

_FIELD = "area"
_DASHED = re.compile(r"(\d+)\s*-\s*(\d+)\s*-\s*(\d+)")
_UNIT = re.compile(r"(\d+)\s*(kanals?|marlas?|sarsais?|k|m|s)(?![a-z])", re.IGNORECASE)
_UNIT_NAMES = {"k": "kanal", "m": "marla", "s": "sarsai"}
#: The units as words in messages (translated by the interface like any message).
_UNIT_WORDS = {"kanal": msg("Kanal"), "marla": msg("Marla"), "sarsai": msg("Sarsai")}


@dataclass(frozen=True, order=True, slots=True)
class Area:
    """A non-negative area of land, in sarsai."""

    sarsai: int

    def __post_init__(self) -> None:
        if isinstance(self.sarsai, bool) or not isinstance(self.sarsai, int):
            raise TypeError(f"Area.sarsai must be an int, not {type(self.sarsai).__name__}")
        if self.sarsai < 0:
            raise ValidationError(msg("An area cannot be negative"), field=_FIELD)

    @classmethod
    def from_kms(cls, kanal: int, marla: int, sarsai: int) -> Area:
        """The area written ``kanal-marla-sarsai`` in a register.

        Marla above 19 or sarsai above 8 is refused rather than carried over: in a
        register it nearly always means a misread column, and the clerk should look.
        """
        for value, unit in ((kanal, "kanal"), (marla, "marla"), (sarsai, "sarsai")):
            word = _UNIT_WORDS[unit]
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValidationError(msg("{unit} must be a whole number", unit=word), field=_FIELD)
            if value < 0:
                raise ValidationError(
                    msg("{unit} cannot be negative; you typed {value}", unit=word, value=value),
                    field=_FIELD,
                )
        if marla >= MARLA_PER_KANAL:
            raise ValidationError(
                msg("Marla must be 0–19 (20 marla make a kanal); you typed {value}", value=marla),
                field=_FIELD,
            )
        if sarsai >= SARSAI_PER_MARLA:
            raise ValidationError(
                msg("Sarsai must be 0–8 (9 sarsai make a marla); you typed {value}", value=sarsai),
                field=_FIELD,
            )
        return cls(kanal * SARSAI_PER_KANAL + marla * SARSAI_PER_MARLA + sarsai)

    @classmethod
    def parse(cls, text: str) -> Area:
        """Read an area as typed: ``2-5-3``, ``2K 5M 3S``, ``2 kanal 5 marla 3 sarsai``.

        With units, a missing unit counts as 0 (``5M`` is 0-5-0); with dashes all three
        numbers are required, because ``2-5`` could mean kanal-marla or marla-sarsai.
        """
        cleaned = " ".join(str(text).split())
        if not cleaned:
            raise ValidationError(
                msg("Type the area as kanal-marla-sarsai, e.g. 2-5-3"), field=_FIELD
            )
        dashed = _DASHED.fullmatch(cleaned)
        if dashed:
            k, m, s = (int(g) for g in dashed.groups())
            return cls.from_kms(k, m, s)
        parts: dict[str, int] = {}
        for match in _UNIT.finditer(cleaned):
            unit = _UNIT_NAMES[match.group(2)[0].lower()]
            if unit in parts:
                raise ValidationError(
                    msg(
                        "{unit} is given twice in {typed}",
                        unit=_UNIT_WORDS[unit],
                        typed=repr(cleaned),
                    ),
                    field=_FIELD,
                )
            parts[unit] = int(match.group(1))
        if not parts or _UNIT.sub("", cleaned).strip(" ,-"):
            raise ValidationError(
                msg(
                    "Cannot read {typed} as an area; type kanal-marla-sarsai, e.g. 2-5-3",
                    typed=repr(cleaned),
                ),
                field=_FIELD,
            )
        return cls.from_kms(parts.get("kanal", 0), parts.get("marla", 0), parts.get("sarsai", 0))

    @property
    def kms(self) -> tuple[int, int, int]:
        """(kanal, marla, sarsai), marla 0–19 and sarsai 0–8."""
        kanal, rest = divmod(self.sarsai, SARSAI_PER_KANAL)
        marla, sarsai = divmod(rest, SARSAI_PER_MARLA)
        return kanal, marla, sarsai

    def short(self) -> str:
        """Register form: ``2-5-3``."""
        return "-".join(str(n) for n in self.kms)

    def __str__(self) -> str:
        k, m, s = self.kms
        return f"{k} kanal {m} marla {s} sarsai"

    @property
    def square_feet(self) -> Fraction:
        """Exact square feet (30.25 per sarsai)."""
        return self.sarsai * SQUARE_FEET_PER_SARSAI

    @property
    def acres(self) -> Fraction:
        """Exact acres (1,440 sarsai per acre)."""
        return Fraction(self.sarsai, SARSAI_PER_ACRE)

    def __add__(self, other: object) -> Area:
        if isinstance(other, Area):
            return Area(self.sarsai + other.sarsai)
        return NotImplemented

    def __radd__(self, other: object) -> Area:
        # Lets sum(areas) work: sum() starts from the integer 0.
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: object) -> Area:
        if isinstance(other, Area):
            if other.sarsai > self.sarsai:
                raise ValidationError(
                    msg(
                        "Cannot take {taken} from {area}: it is more than there is",
                        taken=other.short(),
                        area=self.short(),
                    ),
                    field=_FIELD,
                )
            return Area(self.sarsai - other.sarsai)
        return NotImplemented
