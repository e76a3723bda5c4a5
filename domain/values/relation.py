"""The holder's relation to the name written beside theirs: son of, daughter of, wife of.

A CNIC carries one such name, the father's or (for a married woman who chose it) the
husband's, so a person keeps one name (`father_name_en/_ur`) and the relation that
says whose it is. A man is always S/O; a woman is D/O or W/O, which only she (or her
CNIC) can tell, so the form asks for it and the card prints what is stored.
"""

from __future__ import annotations

from typing import Literal

from domain.errors import ValidationError, msg

Relation = Literal["son_of", "daughter_of", "wife_of"]
RELATIONS: tuple[Relation, ...] = ("son_of", "daughter_of", "wife_of")
#: The relations each gender may take, the first being the one a new record starts with.
FOR_GENDER: dict[str, tuple[Relation, ...]] = {
    "male": ("son_of",),
    "female": ("daughter_of", "wife_of"),
}
#: What a licence card prints before the name, in English and in Urdu.
CARD_WORDS: dict[str, tuple[str, str]] = {
    "son_of": ("S/O", "ولد"),
    "daughter_of": ("D/O", "دختر"),
    "wife_of": ("W/O", "زوجہ"),
}


def default_relation(gender: str) -> Relation:
    """S/O for a man, D/O for a woman: what a record without a stated relation means."""
    return FOR_GENDER.get(gender, FOR_GENDER["male"])[0]


def check_relation(value: str, gender: str) -> Relation:
    """`value` if it is a relation a person of `gender` can have; otherwise the
    message the form shows beside the relation field and the server answers."""
    if value not in RELATIONS:
        raise ValidationError(
            msg(
                "The relation must be son of (S/O), daughter of (D/O) or wife of (W/O); "
                "got {value}.",
                value=str(value)[:20],
            ),
            field="relation",
        )
    allowed = FOR_GENDER.get(gender, RELATIONS)
    if value not in allowed:
        if gender == "male":
            raise ValidationError(
                msg("The CNIC ends in an odd digit, a man's: the relation can only be S/O."),
                field="relation",
            )
        raise ValidationError(
            msg("The CNIC ends in an even digit, a woman's: the relation is D/O or W/O."),
            field="relation",
        )
    return value


def card_words(relation: str, gender: str) -> tuple[str, str]:
    """(English, Urdu) words the card prints: the stored relation, or for a record
    made before relations were stored, the one its gender implies."""
    return CARD_WORDS[relation if relation in CARD_WORDS else default_relation(gender)]
