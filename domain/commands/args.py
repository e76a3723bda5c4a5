"""Reading plain-data command arguments with messages an operator can act on."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeAlias

from domain.errors import ValidationError, msg
from domain.ids import parse_utc


def _label(key: str) -> str:
    """``date_of_birth`` -> ``Date of birth``: the argument as messages name it."""
    return key.replace("_", " ").capitalize()


# Inside `Args`, the methods `str`, `bool`, `list` hide the builtins from the type
# checker; the annotations after them use these names.
_Str: TypeAlias = str
_Bool: TypeAlias = bool
_List: TypeAlias = list


class Args:
    """A thin reader over the argument dict of one command."""

    def __init__(self, name: str, raw: dict[str, Any]):
        self.name = name
        self.raw = raw

    def _get(self, key: str, required: bool) -> Any:
        value = self.raw.get(key)
        if required and (value is None or (isinstance(value, str) and not value.strip())):
            raise ValidationError(msg("{field} is required.", field=_label(key)), field=key)
        return value

    def str(self, key: str, *, required: bool = True, default: str = "", max_len: int = 300) -> str:
        value = self._get(key, required)
        if value is None:
            return default
        if not isinstance(value, str):
            raise ValidationError(msg("{field} must be text.", field=key), field=key)
        value = value.strip()
        if len(value) > max_len:
            raise ValidationError(msg("{field} is too long ({length} characters; at most {limit}).",
                                      field=_label(key), length=len(value), limit=max_len), field=key)
        return value

    def int(self, key: _Str, *, required: _Bool = True, default: int = 0, minimum: int | None = None) -> int:
        value = self._get(key, required)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(msg("{field} must be a whole number.", field=_label(key)), field=key)
        if minimum is not None and value < minimum:
            raise ValidationError(msg("{field} must be at least {minimum}.", field=_label(key),
                                      minimum=minimum), field=key)
        return value

    def bool(self, key: _Str, default: _Bool = False) -> _Bool:
        value = self.raw.get(key, default)
        return bool(value)

    def date(self, key: _Str, *, required: _Bool = True) -> date | None:
        value = self._get(key, required)
        if value is None:
            return None
        try:
            return date.fromisoformat(value) if isinstance(value, str) else value
        except ValueError:
            raise ValidationError(msg("{field} must be a date written YYYY-MM-DD; got {value}.",
                                      field=_label(key), value=repr(value)), field=key) from None

    def time(self, key: _Str = "at") -> datetime:
        value = self._get(key, True)
        try:
            return parse_utc(value) if isinstance(value, str) else value
        except ValueError:
            raise ValidationError(msg("{field} must be an ISO timestamp; got {value}.", field=key,
                                      value=repr(value)), field=key) from None

    def list(self, key: _Str, *, required: _Bool = True) -> _List[Any]:
        value = self._get(key, required)
        if value is None:
            return []
        if not isinstance(value, list):
            raise ValidationError(msg("{field} must be a list.", field=key), field=key)
        return value

    def dict(self, key: _Str, *, required: _Bool = True) -> dict[_Str, Any]:
        value = self._get(key, required)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ValidationError(msg("{field} must be a mapping.", field=key), field=key)
        return value

    def choice(self, key: _Str, choices: tuple[_Str, ...] | _List[_Str], *, required: _Bool = True,
               default: _Str = "") -> _Str:
        value = self.str(key, required=required, default=default)
        if value and value not in choices:
            raise ValidationError(msg("{field} must be one of {choices}; got {value}.", field=_label(key),
                                      choices=", ".join(choices), value=repr(value)), field=key)
        return value
