"""Shares of co-owners in a khewat, as exact fractions.

A jamabandi records each owner's share of a khewat as a fraction (1/3, 7/48...).
A mutation moves shares from transferors to transferees; the revenue officer attests
it only if the shares balance and nobody gives more than they hold. Decimals such as
0.333 cannot say 1/3 exactly, so shares are only ever ``a/b`` or whole numbers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import reduce
from numbers import Rational
from operator import add

from domain.errors import Text, ValidationError, msg

_FIELD = "share"
_ZERO = Fraction(0)
_FRACTION = re.compile(r"(\d+)\s*/\s*(\d+)")
_WHOLE = re.compile(r"\d+")


def format_fraction(value: Fraction) -> str:
    """``1/3``, or ``1`` for a whole number: the way shares are written in registers."""
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )


def _exact(value: object, who: str) -> Fraction:
    if type(value) is Fraction:  # already exact (and immutable): no copy
        return value
    if isinstance(value, Share):
        return value.value
    if isinstance(value, float) or not isinstance(value, Rational):
        raise TypeError(f"The share of {who} must be an exact Fraction, not {type(value).__name__}")
    return Fraction(value)


@dataclass(frozen=True, order=True, slots=True)
class Share:
    """One co-owner's holding in a khewat: more than 0 and at most the whole (1)."""

    value: Fraction

    def __post_init__(self) -> None:
        value = _exact(self.value, "a co-owner")
        if value <= 0:
            raise ValidationError(
                msg("A share must be more than 0; got {share}", share=format_fraction(value)),
                field=_FIELD,
            )
        if value > 1:
            raise ValidationError(
                msg(
                    "A share cannot be more than the whole khewat (1); got {share}",
                    share=format_fraction(value),
                ),
                field=_FIELD,
            )
        object.__setattr__(self, "value", value)

    @classmethod
    def parse(cls, text: str) -> Share:
        """Read ``1/3`` or ``1``. Decimals are refused with a hint to write a fraction.

        A share read once is kept (a Share cannot change): a register repeats a few
        shares thousands of times, and a bulk import read each anew."""
        if cls is Share and type(text) is str:
            known = _READ.get(text)
            if known is None:
                known = cls._parse(text)
                if len(_READ) >= _READ_MAX:
                    _READ.clear()
                _READ[text] = known
            return known
        return cls._parse(text)

    @classmethod
    def _parse(cls, text: str) -> Share:
        cleaned = " ".join(str(text).split())
        fraction = _FRACTION.fullmatch(cleaned)
        if fraction:
            numerator, denominator = (int(g) for g in fraction.groups())
            if denominator == 0:
                raise ValidationError(
                    msg("The bottom of a share cannot be 0 ({typed})", typed=cleaned), field=_FIELD
                )
            return cls(Fraction(numerator, denominator))
        if _WHOLE.fullmatch(cleaned):
            return cls(Fraction(int(cleaned)))
        if re.fullmatch(r"\d*\.\d+", cleaned):
            raise ValidationError(
                msg(
                    "Write the share as a fraction such as 1/4, not as a decimal ({typed})",
                    typed=cleaned,
                ),
                field=_FIELD,
            )
        raise ValidationError(
            msg("Cannot read {typed} as a share; write it like 1/3", typed=repr(cleaned)),
            field=_FIELD,
        )

    def __str__(self) -> str:
        return format_fraction(self.value)


#: Shares already read, by the text they were read from (`Share.parse`).
_READ: dict[str, Share] = {}
_READ_MAX = 4096


def _not_positive(role: str, who: str, share: str) -> Text:
    if role == "held":
        return msg(
            "The share held by {who} must be more than 0; it is {share}", who=who, share=share
        )
    if role == "given":
        return msg(
            "The share given by {who} must be more than 0; it is {share}", who=who, share=share
        )
    return msg(
        "The share received by {who} must be more than 0; it is {share}", who=who, share=share
    )


def balance_gap(given: Fraction, got: Fraction) -> Text | None:
    """What does not add up between the shares transferors give and transferees get,
    said the way a clerk checks the register page ("transferors give 5/12,
    transferees get 1/3: 1/12 unaccounted"); None when they balance. The entry form
    shows it live and the command refuses with the same words."""
    if given.numerator == got.numerator and given.denominator == got.denominator:
        return None  # equal (compared as whole numbers: a Fraction is kept in lowest terms)
    if given > got:
        return msg(
            "transferors give {given}, transferees get {got}: {gap} unaccounted",
            given=format_fraction(given),
            got=format_fraction(got),
            gap=format_fraction(given - got),
        )
    return msg(
        "transferors give {given}, transferees get {got}: {gap} more than given",
        given=format_fraction(given),
        got=format_fraction(got),
        gap=format_fraction(got - given),
    )


def check_transfer(
    holdings: Mapping[str, Fraction],
    gives: Mapping[str, Fraction],
    gets: Mapping[str, Fraction],
) -> dict[str, Fraction]:
    """Check a mutation's share transfer and return the holdings after it.

    ``holdings`` are the co-owners' shares before the mutation, ``gives`` what each
    transferor gives up and ``gets`` what each transferee receives, keyed by the
    same names (or ids). Refuses a transfer where any share is 0 or less, someone
    gives more than they hold, or what is given differs from what is received, so
    the khewat's total never changes. A transferor who gives everything drops out
    of the returned holdings.
    """
    held_by, given_by, got_by = _checked_transfer(holdings, gives, gets)
    after = dict(held_by)
    for who, given in given_by.items():
        after[who] -= given
    for who, got in got_by.items():
        after[who] = after[who] + got if who in after else got
    return {who: value for who, value in after.items() if value != 0}


def ensure_transfer(
    holdings: Mapping[str, Fraction],
    gives: Mapping[str, Fraction],
    gets: Mapping[str, Fraction],
) -> None:
    """Refuse the transfer exactly as `check_transfer` refuses it, without working out
    the holdings after it (a mutation entry only needs the refusal)."""
    _checked_transfer(holdings, gives, gets)


def _checked_transfer(
    holdings: Mapping[str, Fraction],
    gives: Mapping[str, Fraction],
    gets: Mapping[str, Fraction],
) -> tuple[dict[str, Fraction], dict[str, Fraction], dict[str, Fraction]]:
    """The three mappings as exact Fractions, checked. A Fraction keeps its sign in
    the numerator over a positive denominator, so its comparisons are made here on
    the two whole numbers (`Fraction`'s own operators ask `numbers.Rational` each
    time; a bulk import checks thousands of transfers)."""
    # Each share read once as an exact Fraction.
    exact: list[dict[str, Fraction]] = []
    for role, mapping in (("held", holdings), ("given", gives), ("received", gets)):
        values: dict[str, Fraction] = {}
        for who, amount in mapping.items():
            value = values[who] = _exact(amount, who)
            if value.numerator <= 0:
                raise ValidationError(
                    _not_positive(role, who, format_fraction(value)), field="shares"
                )
        exact.append(values)
    held_by, given_by, got_by = exact
    if not gives or not gets:
        raise ValidationError(
            msg("A transfer needs at least one transferor and one transferee"), field="shares"
        )

    for who, given in given_by.items():
        held = held_by.get(who, _ZERO)
        if given.numerator * held.denominator > held.numerator * given.denominator:
            if held:
                text = msg(
                    "{who} gives {given} but holds only {held}",
                    who=who,
                    given=format_fraction(given),
                    held=format_fraction(held),
                )
            else:
                text = msg(
                    "{who} gives {given} but holds no share in this khewat",
                    who=who,
                    given=format_fraction(given),
                )
            raise ValidationError(text, field="shares")

    given_total = reduce(add, given_by.values())
    got_total = reduce(add, got_by.values())
    if (given_total.numerator, given_total.denominator) != (
        got_total.numerator,
        got_total.denominator,
    ):
        raise ValidationError(
            msg(
                "Shares do not balance: transferors give {given} but transferees get {got}",
                given=format_fraction(given_total),
                got=format_fraction(got_total),
            ),
            field="shares",
        )
    return held_by, given_by, got_by
