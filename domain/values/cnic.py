"""The CNIC (computerised national identity card number) of a citizen.

Operators type CNICs all day, from photocopies, from memory, from SMS messages: with
dashes, without, with stray spaces, sometimes in Urdu digits. We accept all of those,
store the 13 digits and show ``XXXXX-XXXXXXX-X``. There is no public check digit, so
the only rules we can enforce are the shape, the province digit and the last digit
(odd for men, even for women, never 0) — python-stdnum ``stdnum/pk/cnic.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from domain.errors import ValidationError, msg

PROVINCES: dict[str, str] = {
    "1": "Khyber Pakhtunkhwa",
    "2": "Former FATA",
    "3": "Punjab",
    "4": "Sindh",
    "5": "Balochistan",
    "6": "Islamabad",
    "7": "Gilgit-Baltistan",
}

# Urdu keyboards give Extended Arabic-Indic digits, Arabic ones Arabic-Indic digits;
# text pasted from word processors turns hyphens into en/em dashes or minus signs.
_TRANSLATE = str.maketrans(
    {
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **dict.fromkeys("‐‑‒–—−", "-"),
    }
)
_DASHED = re.compile(r"\d{5}-\d{7}-\d")
_FIELD = "cnic"


def _clean(text: str) -> str:
    """Digits and dashes only, spaces dropped, look-alike characters made ASCII."""
    return "".join(str(text).translate(_TRANSLATE).split())


def _check_digits(digits: str) -> None:
    """Raise the one error that tells the operator what to fix in a 13-digit string."""
    stray = sorted({ch for ch in digits if ch not in "0123456789"})
    if stray:
        shown = " ".join(repr(ch) for ch in stray)
        raise ValidationError(
            msg("A CNIC has only digits and dashes; remove {characters}", characters=shown),
            field=_FIELD,
        )
    if len(digits) != 13:
        raise ValidationError(
            msg("CNIC must have 13 digits; you typed {count}", count=len(digits)), field=_FIELD
        )
    if digits[0] not in PROVINCES:
        raise ValidationError(
            msg(
                "CNIC cannot start with {digit}: the first digit is the province (1–7)",
                digit=digits[0],
            ),
            field=_FIELD,
        )
    if digits[-1] == "0":
        raise ValidationError(msg("The last digit of a CNIC is never 0"), field=_FIELD)


@dataclass(frozen=True, slots=True)
class Cnic:
    """A valid CNIC, held as its 13 digits (the form stored in the database)."""

    digits: str

    def __post_init__(self) -> None:
        # Constructing directly (e.g. from a database row) gets the same checks as
        # parse(), so no invalid Cnic exists anywhere in the program.
        if not isinstance(self.digits, str):
            raise ValidationError(msg("A CNIC must be given as text"), field=_FIELD)
        _check_digits(self.digits)

    @classmethod
    def parse(cls, text: str) -> Cnic:
        """Read a CNIC as an operator typed it.

        Accepts ``17301-1234567-1`` or ``1730112345671``, with spaces anywhere and
        Urdu digits. Dashes, when present, must sit after the 5th and 12th digits,
        because a dash elsewhere usually means a digit was dropped or doubled.
        """
        cleaned = _clean(text)
        if not cleaned:
            raise ValidationError(msg("Type the CNIC: 13 digits, as XXXXX-XXXXXXX-X"), field=_FIELD)
        digits = cleaned.replace("-", "")
        _check_digits(digits)
        if "-" in cleaned and not _DASHED.fullmatch(cleaned):
            raise ValidationError(
                msg(
                    "Dashes go after the 5th and 12th digits (XXXXX-XXXXXXX-X); check {typed}",
                    typed=cleaned,
                ),
                field=_FIELD,
            )
        return cls(digits)

    @property
    def formatted(self) -> str:
        """The form printed on cards and vouchers: ``XXXXX-XXXXXXX-X``."""
        d = self.digits
        return f"{d[:5]}-{d[5:12]}-{d[12]}"

    @property
    def province(self) -> str:
        """Name of the province (or region) the first digit stands for."""
        return PROVINCES[self.digits[0]]

    @property
    def gender(self) -> Literal["male", "female"]:
        """``male`` when the last digit is odd, ``female`` when it is even."""
        return "male" if int(self.digits[-1]) % 2 else "female"

    def __str__(self) -> str:
        return self.formatted


def normalise_cnic(text: str) -> str:
    """The 13 digits of a typed CNIC, for search boxes and lookups.

    Raises the same :class:`ValidationError` as :meth:`Cnic.parse`, so a search box
    can tell the operator what is wrong instead of silently finding nothing.
    """
    return Cnic.parse(text).digits
