"""`Args.str` checks printable text in one pass (a bulk import reads 23 texts an
entry); every value must still be taken or refused exactly as `check_text` does it,
with the same message naming the same field."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.sql.elements import quoted_name

from domain.commands.args import Args, _required, _text_limit, check_text
from domain.errors import ValidationError
from domain.models import Mutation, MutationParty


def _reference(
    raw: dict[str, Any],
    key: str,
    *,
    required: bool = True,
    default: str = "",
    max_len: int | None = None,
    column: Any | None = None,
    multiline: bool = False,
) -> str:
    """`Args.str` as it was before its one-pass check: every text through `check_text`."""
    value = raw.get(key)
    if value is None:
        if required:
            raise _required(key)
        return default
    if required and isinstance(value, str) and not value.strip():
        raise _required(key)
    return check_text(value, key, limit=_text_limit(column, max_len), multiline=multiline)


def _outcome(read: Any, raw: dict[str, Any], **kw: Any) -> tuple[str, Any]:
    try:
        return ("ok", read(raw, "mauza", **kw))
    except ValidationError as exc:
        return ("refused", (str(exc), exc.field, exc.code))


HOSTILE: list[Any] = [
    None,
    "",
    "   ",
    "\t",
    " Pajaggi ",
    "Paj\x00aggi",  # NUL: PostgreSQL cannot store it
    "Paj\x85aggi",  # a C1 control
    "Paj\x7faggi",
    "\ud800",  # a lone surrogate
    "Paj\udfffaggi",
    "Gul\u00a0Khan",  # a no-break space: not printable, yet taken
    "line one\nline two",
    "tab\there",
    "پرانا اندراج",
    "x" * 80,
    "x" * 81,
    " " + "x" * 80 + " ",  # within the limit once stripped
    "x" * 1_000_000,  # huge
    "\x00" * 100,
    5,
    5.0,
    True,
    ["Pajaggi"],
    {"name": "Pajaggi"},
    b"Pajaggi",
    quoted_name("Pajaggi", None),  # a str subclass
]
READS: list[dict[str, Any]] = [
    {"column": Mutation.mauza},
    {"column": Mutation.remarks, "required": False, "multiline": True},
    {"column": MutationParty.name_ur, "required": False, "default": "-"},
    {"max_len": 3},
    {"max_len": 60, "required": False},
    {},
]


def _one_pass(raw: dict[str, Any], key: str, **kw: Any) -> str:
    return Args("record_mutation", raw).str(key, **kw)


@pytest.mark.parametrize("kw", READS)
@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v)[:20])
def test_hostile_text_is_taken_or_refused_as_check_text_does(value, kw):
    raw = {"mauza": value}
    assert _outcome(_one_pass, raw, **kw) == _outcome(_reference, raw, **kw)


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        # any code point, lone surrogates and controls included
        st.text(alphabet=st.characters(exclude_categories=()), max_size=130),
        st.text(alphabet=" \t\n\x00\x85\u00a0ab", max_size=90),
    ),
    st.sampled_from(READS),
)
def test_any_text_is_taken_or_refused_as_check_text_does(value, kw):
    raw = {"mauza": value}
    assert _outcome(_one_pass, raw, **kw) == _outcome(_reference, raw, **kw)
