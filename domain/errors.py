"""Typed errors of the domain.

Every failure an operator can meet is a :class:`DomainError` with a stable ``code``
(returned by the server in a ``rejected`` answer, matched by the desktop), a message a
person can act on, and optional ``hints`` (for example the next free visit slots).
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule of the office was broken; nothing has been written."""

    code: str = "invalid"

    def __init__(self, message: str, *, code: str | None = None, hints: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.hints: dict[str, Any] = hints or {}

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "hints": self.hints}


class ValidationError(DomainError):
    """A value typed by an operator is not acceptable (CNIC, area, amount, date...)."""

    code = "validation"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None,
                 hints: dict[str, Any] | None = None):
        super().__init__(message, code=code, hints=hints)
        self.field = field


class IllegalTransition(DomainError):
    """A record was asked to move between two states the workflow does not connect."""

    code = "illegal_transition"


class NotFound(DomainError):
    code = "not_found"


class Duplicate(DomainError):
    code = "duplicate"


class CapacityExceeded(DomainError):
    code = "capacity"


class OutOfScope(DomainError):
    code = "out_of_scope"
