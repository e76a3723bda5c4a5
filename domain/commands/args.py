"""Reading plain-data command arguments with messages an operator can act on."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from domain.errors import ValidationError
from domain.ids import parse_utc


class Args:
    """A thin reader over the argument dict of one command."""

    def __init__(self, name: str, raw: dict[str, Any]):
        self.name = name
        self.raw = raw

    def _get(self, key: str, required: bool) -> Any:
        value = self.raw.get(key)
        if required and (value is None or (isinstance(value, str) and not value.strip())):
            raise ValidationError(f"{key.replace('_', ' ').capitalize()} is required.", field=key)
        return value

    def str(self, key: str, *, required: bool = True, default: str = "", max_len: int = 300) -> str:
        value = self._get(key, required)
        if value is None:
            return default
        if not isinstance(value, str):
            raise ValidationError(f"{key} must be text.", field=key)
        value = value.strip()
        if len(value) > max_len:
            raise ValidationError(f"{key.replace('_', ' ').capitalize()} is too long "
                                  f"({len(value)} characters; at most {max_len}).", field=key)
        return value

    def int(self, key: str, *, required: bool = True, default: int = 0, minimum: int | None = None) -> int:
        value = self._get(key, required)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(f"{key.replace('_', ' ').capitalize()} must be a whole number.", field=key)
        if minimum is not None and value < minimum:
            raise ValidationError(f"{key.replace('_', ' ').capitalize()} must be at least {minimum}.", field=key)
        return value

    def bool(self, key: str, default: bool = False) -> bool:
        value = self.raw.get(key, default)
        return bool(value)

    def date(self, key: str, *, required: bool = True) -> date | None:
        value = self._get(key, required)
        if value is None:
            return None
        try:
            return date.fromisoformat(value) if isinstance(value, str) else value
        except ValueError:
            raise ValidationError(f"{key.replace('_', ' ').capitalize()} must be a date "
                                  f"written YYYY-MM-DD; got {value!r}.", field=key) from None

    def time(self, key: str = "at") -> datetime:
        value = self._get(key, True)
        try:
            return parse_utc(value) if isinstance(value, str) else value
        except ValueError:
            raise ValidationError(f"{key} must be an ISO timestamp; got {value!r}.", field=key) from None

    def list(self, key: str, *, required: bool = True) -> list[Any]:
        value = self._get(key, required)
        if value is None:
            return []
        if not isinstance(value, list):
            raise ValidationError(f"{key} must be a list.", field=key)
        return value

    def dict(self, key: str, *, required: bool = True) -> dict[str, Any]:
        value = self._get(key, required)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ValidationError(f"{key} must be a mapping.", field=key)
        return value

    def choice(self, key: str, choices: tuple[str, ...] | list[str], *, required: bool = True,
               default: str = "") -> str:
        value = self.str(key, required=required, default=default)
        if value and value not in choices:
            raise ValidationError(f"{key.replace('_', ' ').capitalize()} must be one of "
                                  f"{', '.join(choices)}; got {value!r}.", field=key)
        return value
