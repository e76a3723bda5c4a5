"""Typed errors of the domain.

Every failure an operator can meet is a :class:`DomainError` with a stable ``code``
(returned by the server in a ``rejected`` answer, matched by the desktop), a message a
person can act on, and optional ``hints`` (for example the next free visit slots).

Messages are written in English with :func:`msg`: ``msg("CNIC must have 13 digits;
you typed {count}", count=10)`` is a :class:`Text`, a ``str`` equal to the English
sentence (so logs, server answers and tests read it as before) that also keeps its
``template`` and ``params``. An interface can then look the template up in its own
catalogue and fill in the same values (the desktop's ``i18n.error_text``); the domain
itself stays free of any translation machinery. ``desktop.i18n_tools`` collects every
``msg("...")`` template in ``domain/`` into the Urdu catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class Text(str):
    """An operator-facing message: the English text, with the template and values it
    was made from. A param may itself be a :class:`Text` (a word such as "Kanal" or a
    state name), translated in its turn."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, params: Mapping[str, Any] | None = None) -> Text:
        values = dict(params or {})
        self = super().__new__(cls, template.format(**values))
        self.template = template
        self.params = values
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (self.template, self.params))

    def as_dict(self) -> dict[str, Any]:
        """``{"template", "params"}`` safe for JSON: a nested :class:`Text` becomes a
        nested dict of the same shape, any other value its ``str()``."""
        return {
            "template": self.template,
            "params": {
                k: v.as_dict() if isinstance(v, Text) else str(v) for k, v in self.params.items()
            },
        }


def msg(template: str, /, **params: Any) -> Text:
    """The message ``template.format(**params)``, keeping template and params.

    Write the template as a literal string (the catalogue tool reads it from the
    source) with named ``{placeholders}`` and no format specs: pass values already
    formatted (``Rs 1,250``, ``1/3``, ``'abc'``) so a translation shows them the same.
    """
    return Text(template, params)


class DomainError(Exception):
    """A rule of the office was broken; nothing has been written."""

    code: str = "invalid"

    def __init__(
        self, message: str, *, code: str | None = None, hints: dict[str, Any] | None = None
    ):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.hints: dict[str, Any] = hints or {}

    def as_dict(self) -> dict[str, Any]:
        """The error as a server answers it; ``template`` and ``params`` are added when the
        message was made with :func:`msg`, so a desktop can show it in its own language."""
        out: dict[str, Any] = {"code": self.code, "message": str(self.message), "hints": self.hints}
        if isinstance(self.message, Text):
            out.update(self.message.as_dict())
        return out


class ValidationError(DomainError):
    """A value typed by an operator is not acceptable (CNIC, area, amount, date...)."""

    code = "validation"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        code: str | None = None,
        hints: dict[str, Any] | None = None,
    ):
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


class CannotApply(DomainError):
    """A command whose data the code or the database could not take although every
    rule passed: a bug or a gap in validation, not the operator's mistake alone. The
    command is set aside (answered, never retried for ever) and the details go to the
    log for an administrator (issue 12)."""

    code = "cannot_apply"


class NotPermitted(DomainError):
    """The signing operator holds no role that allows the command."""

    code = "not_permitted"


class BadSignature(DomainError):
    """The command is not signed, or not by the operator it names, or was changed after."""

    code = "bad_signature"


class OperatorDisabled(DomainError):
    """The signing operator's account is disabled."""

    code = "operator_disabled"
