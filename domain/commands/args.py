"""Reading plain-data command arguments with messages an operator can act on.

Every value a command writes passes through here first, on the desk and on the server
alike, so a value one database would take and the other refuse is refused by both, at
once, with a message naming the field (DESIGN.md principle 1; issue 12):

- text: no control characters (NUL above all: PostgreSQL cannot store it, SQLite can),
  no lone surrogates, and no longer than the column it is written to. The limit is
  read from the model column (`column=Person.mobile` -> 15), so it lives in one place;
- whole numbers: real ints (not bools, not floats), within the column's type (64-bit
  for the BigInteger columns, 32-bit for Integer) and any bounds the command sets;
- dates and timestamps: ISO only (``YYYY-MM-DD``; ``date.fromisoformat`` alone would
  also take ``20261120`` and week dates) and within years the office can mean, so that
  date arithmetic never overflows;
- lists and mappings: the right shape, a bounded number of entries.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any, TypeAlias

from sqlalchemy import BigInteger, Boolean, Date, DateTime, Integer, String

from domain.errors import ValidationError, msg
from domain.ids import parse_utc

#: What a BigInteger column holds on PostgreSQL (SQLite's INTEGER is 64-bit too).
INT64 = (-(2**63), 2**63 - 1)
#: What an Integer column holds on PostgreSQL.
INT32 = (-(2**31), 2**31 - 1)
#: Text written nowhere in particular (a code looked up in reference data, say).
DEFAULT_TEXT = 300
#: Entries of a list argument (documents, khasra numbers, parties, visitors...).
DEFAULT_ITEMS = 100
#: Dates and times an office can mean; also keeps `at + timedelta(...)` and
#: `_years_later` far from Python's year 9999.
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: C0 and C1 control characters and lone surrogates; tab and newline are allowed in
#: free text written on several lines (remarks, address).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _label(key: str) -> str:
    """``date_of_birth`` -> ``Date of birth``: the argument as messages name it."""
    return key.replace("_", " ").capitalize()


# Inside `Args`, the methods `str`, `bool`, `list` hide the builtins from the type
# checker; the annotations after them use these names.
_Str: TypeAlias = str
_Bool: TypeAlias = bool
_List: TypeAlias = list
_Int: TypeAlias = int


def shown(value: Any, limit: int = 40) -> str:
    """A value as a message echoes it: its repr (control characters escaped), cut short."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


#: (model, attribute) -> the column's type: reading `.type` through an ORM attribute
#: asks the mapper each time, a tenth of a push's validation before this cache.
_TYPES: dict[tuple[Any, str], Any] = {}


def _type(column: Any) -> Any:
    key = (column.class_, column.key)
    kind = _TYPES.get(key)
    if kind is None:
        kind = _TYPES[key] = column.type
    return kind


def column_length(column: Any) -> int | None:
    """The length of a String column (an ORM attribute such as `Person.mobile`)."""
    length = getattr(_type(column), "length", None)
    return int(length) if length else None


def int_range(column: Any | None) -> tuple[int, int]:
    """The values an integer column holds on both databases."""
    if column is not None:
        kind = _type(column)
        if isinstance(kind, Integer) and not isinstance(kind, BigInteger):
            return INT32
    return INT64


def is_clean_text(value: Any, limit: int = 36) -> bool:
    """True for text `check_text` would take whole: for a caller that looks a value up
    before the command runs (the server's scope check) and leaves refusing to it."""
    return isinstance(value, str) and len(value) <= limit and _CONTROL.search(value) is None


def check_text(value: Any, key: str, *, limit: int = DEFAULT_TEXT, multiline: bool = False) -> str:
    """`value` stripped, if it is text a column of `limit` characters takes on both
    databases; otherwise a `ValidationError` naming `key`."""
    if not isinstance(value, str):
        raise ValidationError(msg("{field} must be text.", field=key), field=key)
    # Printable text (str.isprintable, in C) holds none of the characters refused:
    # the pattern is searched only in the rest (a bulk import reads 24 texts an entry).
    bad = (
        None
        if value.isprintable()
        else (_CONTROL_MULTILINE if multiline else _CONTROL).search(value)
    )
    if bad is not None:
        raise ValidationError(
            msg(
                "{field} contains a control character ({char}) at position {position}; "
                "type it again without it.",
                field=_label(key),
                char=shown(bad.group()),
                position=bad.start() + 1,
            ),
            field=key,
        )
    text: str = value.strip()
    if len(text) > limit:
        raise ValidationError(
            msg(
                "{field} is too long ({length} characters; at most {limit}).",
                field=_label(key),
                length=len(text),
                limit=limit,
            ),
            field=key,
        )
    return text


def check_int(
    value: Any,
    key: str,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    column: Any | None = None,
) -> int:
    """`value` if it is a whole number within the column's type and the given bounds."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(msg("{field} must be a whole number.", field=_label(key)), field=key)
    low, high = int_range(column)
    minimum = low if minimum is None else max(minimum, low)
    maximum = high if maximum is None else min(maximum, high)
    if value < minimum:
        raise ValidationError(
            msg("{field} must be at least {minimum}.", field=_label(key), minimum=minimum),
            field=key,
        )
    if value > maximum:
        raise ValidationError(
            msg("{field} must be at most {maximum}.", field=_label(key), maximum=maximum), field=key
        )
    return value


#: How deep the arguments of a command may nest (a command's own are 3 levels at most).
MAX_DEPTH = 8


def check_plain(value: Any, key: str = "args", depth: int = 0) -> None:
    """Refuse what no column and no wire can carry, wherever it stands in the arguments:
    a whole number beyond 64 bits or a lone surrogate in any text, even of an argument
    no reader takes (the desk's JSON encoder cannot send either, so it would block the
    queue), a float that is not finite, a non-text key, deep nesting. Each reader then
    checks the value it takes for its column.

    Text is the most of it: ASCII text (`str.isascii`, a flag CPython keeps) holds no
    surrogate, so the pattern is searched only in the rest, and a text inside a mapping
    or list is checked in place rather than by a call of its own."""
    kind = type(value)
    if kind is str:
        if not value.isascii() and _SURROGATE.search(value) is not None:
            raise _unsendable(key)
        return
    if value is None or kind is bool:
        return
    if kind is int:
        check_int(value, key)
    elif kind is float:
        if not math.isfinite(value):
            raise ValidationError(
                msg("{field} must be a whole number.", field=_label(key)), field=key
            )
    elif kind is dict or kind is list or kind is tuple:
        if depth >= MAX_DEPTH:
            raise ValidationError(
                msg("{field} is nested too deeply.", field=_label(key)), field=key
            )
        if kind is dict:
            for name, item in value.items():
                if type(name) is not str or (
                    not name.isascii() and _SURROGATE.search(name) is not None
                ):
                    raise ValidationError(msg("{field} must be text.", field=key), field=key)
                if type(item) is str:
                    if not item.isascii() and _SURROGATE.search(item) is not None:
                        raise _unsendable(name)
                else:
                    check_plain(item, name, depth + 1)
        else:
            for item in value:
                if type(item) is str:
                    if not item.isascii() and _SURROGATE.search(item) is not None:
                        raise _unsendable(key)
                else:
                    check_plain(item, key, depth + 1)
    else:
        raise ValidationError(msg("{field} must be text.", field=key), field=key)


def _unsendable(key: str) -> ValidationError:
    return ValidationError(
        msg("{field} contains a character that cannot be sent; type it again.", field=_label(key)),
        field=key,
    )


def check_date(value: Any, key: str) -> date:
    """An ISO date ``YYYY-MM-DD`` between `EARLIEST` and `LATEST`."""
    if isinstance(value, date) and not isinstance(value, datetime):
        day = value
    else:
        try:
            if not isinstance(value, str) or not _DATE.fullmatch(value):
                raise ValueError(value)
            day = date.fromisoformat(value)
        except ValueError:
            raise ValidationError(
                msg(
                    "{field} must be a date written YYYY-MM-DD; got {value}.",
                    field=_label(key),
                    value=shown(value),
                ),
                field=key,
            ) from None
    _check_years(day, key)
    return day


def check_time(value: Any, key: str) -> datetime:
    """An ISO timestamp (naive taken as UTC) between `EARLIEST` and `LATEST`, in UTC."""
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            if not isinstance(value, str) or not _DATE.match(value):
                raise ValueError(value)
            moment = parse_utc(value)
        except (ValueError, OverflowError):
            raise ValidationError(
                msg(
                    "{field} must be an ISO timestamp; got {value}.", field=key, value=shown(value)
                ),
                field=key,
            ) from None
    _check_years(moment.date(), key)
    return moment


def _check_years(day: date, key: str) -> None:
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(
            msg(
                "{field} must be between {earliest} and {latest}.",
                field=_label(key),
                earliest=EARLIEST.isoformat(),
                latest=LATEST.isoformat(),
            ),
            field=key,
        )


def check_column_value(column: Any, key: str, value: Any) -> Any:
    """`value` as the column (an ORM attribute) stores it, checked the way a command
    checks the argument it writes there; for edits and conflict resolutions, whose
    values go straight into a column. None is kept for a nullable column."""
    kind = _type(column)
    nullable = bool(getattr(column.property.columns[0], "nullable", False))
    if value is None and nullable:
        return None
    if isinstance(kind, String):
        return check_text(
            "" if value is None else value,
            key,
            limit=column_length(column) or DEFAULT_TEXT,
            multiline=(column_length(column) or 0) >= 300,
        )
    if isinstance(kind, Date):
        if value in (None, ""):
            if nullable:
                return None
            raise ValidationError(msg("{field} is required.", field=_label(key)), field=key)
        return check_date(value, key)
    if isinstance(kind, DateTime):
        return check_time(value, key)
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise ValidationError(
                msg("{field} must be yes or no (true or false).", field=_label(key)), field=key
            )
        return value
    if isinstance(kind, Integer):
        return check_int(value, key, column=column)
    return value


def _required(key: str) -> ValidationError:
    return ValidationError(msg("{field} is required.", field=_label(key)), field=key)


#: (column, max_len) -> the length `Args.str` allows: read from the column once.
_LIMITS: dict[tuple[Any, int | None], int] = {}


def _text_limit(column: Any | None, max_len: int | None) -> int:
    limit = column_length(column) if column is not None else None
    if max_len and (limit is None or max_len < limit):
        limit = max_len
    return limit or DEFAULT_TEXT


class Args:
    """A thin reader over the argument dict of one command; each reader validates."""

    def __init__(self, name: str, raw: dict[str, Any]):
        if not isinstance(raw, dict):
            raise ValidationError(msg("{field} must be a mapping.", field="args"), field="args")
        self.name = name
        self.raw = raw

    def _get(self, key: str, required: bool) -> Any:
        value = self.raw.get(key)
        if required and (value is None or (isinstance(value, str) and not value.strip())):
            raise _required(key)
        return value

    def str(
        self,
        key: str,
        *,
        required: bool = True,
        default: str = "",
        max_len: int | None = None,
        column: Any | None = None,
        multiline: _Bool = False,
    ) -> str:
        """Text for `column` (its length is the limit) or of at most `max_len` characters."""
        value = self.raw.get(key)  # `_get`, inline: a bulk import reads 23 texts an entry
        if value is None:
            if required:
                raise _required(key)
            return default
        limit = _LIMITS.get((column, max_len))
        if limit is None:
            limit = _LIMITS[(column, max_len)] = _text_limit(column, max_len)
        if type(value) is _Str and value.isprintable():
            # The common case, checked here in one go: printable text holds none of the
            # characters `check_text` refuses, so what is left to check is whether it
            # is blank and its length, on the text stripped once. Only a text too long
            # goes on to `check_text`, for its message.
            text = value.strip()
            if not text and required:
                raise _required(key)
            if len(text) <= limit:
                return text
        elif required and isinstance(value, _Str) and not value.strip():
            raise _required(key)
        return check_text(value, key, limit=limit, multiline=multiline)

    def id(self, key: _Str, model: Any, *, required: _Bool = True) -> _Str:
        """The id of a row of `model` (36 characters: a UUID)."""
        return self.str(key, column=model.id, required=required)

    def int(
        self,
        key: _Str,
        *,
        required: _Bool = True,
        default: int = 0,
        minimum: int | None = None,
        maximum: _Int | None = None,
        column: Any | None = None,
    ) -> int:
        value = self._get(key, required)
        if value is None:
            return default
        return check_int(value, key, minimum=minimum, maximum=maximum, column=column)

    def bool(self, key: _Str, default: _Bool = False) -> _Bool:
        value = self.raw.get(key, default)
        if not isinstance(value, _Bool):
            raise ValidationError(
                msg("{field} must be yes or no (true or false).", field=_label(key)), field=key
            )
        return value

    def date(self, key: _Str, *, required: _Bool = True) -> date | None:
        value = self._get(key, required)
        if value is None or value == "":
            return None
        return check_date(value, key)

    def time(self, key: _Str = "at") -> datetime:
        return check_time(self._get(key, True), key)

    def list(
        self, key: _Str, *, required: _Bool = True, max_items: _Int = DEFAULT_ITEMS
    ) -> _List[Any]:
        value = self._get(key, required)
        if value is None:
            return []
        if not isinstance(value, list):
            raise ValidationError(msg("{field} must be a list.", field=key), field=key)
        if len(value) > max_items:
            raise ValidationError(
                msg(
                    "{field} may hold at most {limit} entries; it holds {count}.",
                    field=_label(key),
                    limit=max_items,
                    count=len(value),
                ),
                field=key,
            )
        return value

    def texts(
        self,
        key: _Str,
        *,
        required: _Bool = True,
        max_items: _Int = DEFAULT_ITEMS,
        limit: _Int = DEFAULT_TEXT,
    ) -> _List[_Str]:
        """A list of short texts (document codes, khasra numbers), blanks left out."""
        out = []
        for item in self.list(key, required=required, max_items=max_items):
            if isinstance(item, _Bool) or not isinstance(item, (_Str, _Int)):
                raise ValidationError(
                    msg("{field} must be a list of texts.", field=_label(key)), field=key
                )
            text = check_text(str(item), key, limit=limit)
            if text:
                out.append(text)
        return out

    def records(
        self, key: _Str, *, required: _Bool = True, max_items: _Int = DEFAULT_ITEMS
    ) -> _List[Args]:
        """A list of mappings (parties, visitors), each read with its own `Args`."""
        items = self.list(key, required=required, max_items=max_items)
        if not all(isinstance(item, dict) for item in items):
            raise ValidationError(
                msg("{field} must be a list of mappings.", field=_label(key)), field=key
            )
        return [Args(self.name, item) for item in items]

    def dict(
        self, key: _Str, *, required: _Bool = True, max_items: _Int = DEFAULT_ITEMS
    ) -> dict[_Str, Any]:
        value = self._get(key, required)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ValidationError(msg("{field} must be a mapping.", field=key), field=key)
        if len(value) > max_items:
            raise ValidationError(
                msg(
                    "{field} may hold at most {limit} entries; it holds {count}.",
                    field=_label(key),
                    limit=max_items,
                    count=len(value),
                ),
                field=key,
            )
        return value

    def choice(
        self,
        key: _Str,
        choices: tuple[_Str, ...] | _List[_Str],
        *,
        required: _Bool = True,
        default: _Str = "",
    ) -> _Str:
        value = self.str(key, required=required, default=default)
        if value and value not in choices:
            raise ValidationError(
                msg(
                    "{field} must be one of {choices}; got {value}.",
                    field=_label(key),
                    choices=", ".join(choices),
                    value=shown(value),
                ),
                field=key,
            )
        return value
