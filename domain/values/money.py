"""Amounts of money, held exactly in paisa.

Fees, taxes and vouchers are added, split across account heads and reconciled with
bank reports to the last paisa; a float would lose paisa and a reconciliation would
never balance. So an amount is an integer count of paisa, and every rate is applied
with exact fractions and an explicit rounding rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from numbers import Rational

from domain.errors import ValidationError, msg

PAISA_PER_RUPEE = 100
_ONEBILL_WIDTH = 13  # 1Link BillInquiry/BillPayment: 13 digits, the last two paisa
_ONEBILL_MAX = 10**_ONEBILL_WIDTH - 1


def _require_int(value: object, what: str) -> int:
    # bool is an int subclass; True rupees is always a bug. Floats are refused on
    # purpose: Rs 0.1 + Rs 0.2 must not become 0.30000000000000004.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be a whole number (int), not {type(value).__name__}")
    return value


def _group_thousands(n: int) -> str:
    return f"{n:,}"


def _group_lakh(n: int) -> str:
    """South Asian grouping: the last three digits, then pairs (12,34,567)."""
    text = str(n)
    if len(text) <= 3:
        return text
    head, tail = text[:-3], text[-3:]
    pairs: list[str] = []
    while len(head) > 2:
        pairs.insert(0, head[-2:])
        head = head[:-2]
    return ",".join([head, *pairs, tail])


@dataclass(frozen=True, order=True, slots=True)
class Money:
    """An amount in Pakistani rupees, exact to the paisa. May be negative (a refund,
    a shortfall); formats and 1Bill amounts refuse negatives where they make no sense."""

    paisa: int

    def __post_init__(self) -> None:
        _require_int(self.paisa, "Money.paisa")

    @classmethod
    def rupees(cls, n: int) -> Money:
        """``n`` whole rupees."""
        return cls(_require_int(n, "Rupees") * PAISA_PER_RUPEE)

    @classmethod
    def from_paisa(cls, n: int) -> Money:
        """``n`` paisa (the form stored in the database)."""
        return cls(_require_int(n, "Paisa"))

    @classmethod
    def zero(cls) -> Money:
        return cls(0)

    @property
    def whole_rupees(self) -> int:
        """The rupee part, paisa dropped (toward zero): Rs 1,234.50 -> 1234."""
        sign = -1 if self.paisa < 0 else 1
        return sign * (abs(self.paisa) // PAISA_PER_RUPEE)

    @property
    def is_whole_rupees(self) -> bool:
        return self.paisa % PAISA_PER_RUPEE == 0

    def at_rate(self, rate: Fraction | int) -> Money:
        """This amount times ``rate``, rounded half up to whole rupees.

        Taxes and surcharges are charged in whole rupees; half a rupee rounds up, as
        the revenue office does by hand. ``rate`` must be exact (a Fraction, e.g.
        ``Fraction(1, 100)`` for 1%), never a float.
        """
        if isinstance(rate, float) or not isinstance(rate, Rational):
            raise TypeError(f"rate must be an exact Fraction, not {type(rate).__name__}")
        rupees = Fraction(self.paisa) * Fraction(rate) / PAISA_PER_RUPEE
        sign = -1 if rupees < 0 else 1
        rounded = int(abs(rupees) + Fraction(1, 2))  # int() floors a non-negative Fraction
        return Money(sign * rounded * PAISA_PER_RUPEE)

    def __add__(self, other: object) -> Money:
        if isinstance(other, Money):
            return Money(self.paisa + other.paisa)
        return NotImplemented

    def __radd__(self, other: object) -> Money:
        # Lets sum(amounts) work: sum() starts from the integer 0.
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: object) -> Money:
        if isinstance(other, Money):
            return Money(self.paisa - other.paisa)
        return NotImplemented

    def __mul__(self, other: object) -> Money:
        if isinstance(other, int) and not isinstance(other, bool):
            return Money(self.paisa * other)
        return NotImplemented

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money(-self.paisa)

    def _format(self, group: Callable[[int], str]) -> str:
        sign = "-" if self.paisa < 0 else ""
        rupees, paisa = divmod(abs(self.paisa), PAISA_PER_RUPEE)
        text = f"{sign}Rs {group(rupees)}"
        return f"{text}.{paisa:02d}" if paisa else text

    def format(self) -> str:
        """``Rs 1,234`` or ``Rs 1,234.50``: the form on vouchers and receipts."""
        return self._format(_group_thousands)

    def format_lakh(self) -> str:
        """``Rs 12,34,567``: lakh/crore grouping, as officers read dashboard totals."""
        return self._format(_group_lakh)

    def __str__(self) -> str:
        return self.format()

    def to_1bill(self) -> str:
        """The 13-digit amount 1Link expects, last two digits paisa.

        Rs 5,000 -> ``0000000500000``.
        """
        if self.paisa < 0:
            raise ValidationError(
                msg("A voucher amount cannot be negative ({amount})", amount=str(self)),
                field="amount",
            )
        if self.paisa > _ONEBILL_MAX:
            raise ValidationError(
                msg("{amount} is too large for a 1Bill voucher", amount=str(self)), field="amount"
            )
        return f"{self.paisa:0{_ONEBILL_WIDTH}d}"

    @classmethod
    def from_1bill(cls, text: str) -> Money:
        """Read a 13-digit 1Bill amount (as sent by the bank network in BillPayment)."""
        if not isinstance(text, str) or not re.fullmatch(r"[0-9]{13}", text):
            raise ValidationError(
                msg(
                    "A 1Bill amount is exactly 13 digits, the last two paisa; got {typed}",
                    typed=repr(text),
                ),
                field="amount",
            )
        return cls(int(text))
