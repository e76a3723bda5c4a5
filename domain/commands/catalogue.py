"""The command registry and the one entry point that runs a command.

Every write in Daftar is a named command (DESIGN.md principle 1). `run_command` runs it
inside a savepoint: either all its rows are written or, on any error, none are.

Everything the server must know about a command is declared where it is registered
(`@command(name, roles=..., creates=..., locks=..., server_only=...)`), so the role
check, the scope check and the audit read one place (`SPECS`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.exc import SQLAlchemyError

from domain.commands.args import Args, check_plain, shown
from domain.commands.context import CommandContext, CommandResult
from domain.errors import CannotApply, DomainError, msg

Handler = Callable[[CommandContext, Args], CommandResult]
T = TypeVar("T")
#: (session, args) -> the rows (model, id) to lock before the command counts them.
Locks = Callable[[Any, Mapping[str, Any]], list[tuple[type[Any], Any]]]
CATALOGUE: dict[str, Handler] = {}


def cannot_apply(command: str, problem: str) -> CannotApply:
    """The refusal of a command that could not be applied; `problem` says in a few
    words what went wrong (never a traceback: that goes to the log)."""
    return CannotApply(
        msg(
            "{command} could not be applied ({problem}). It was set aside so the "
            "work queued after it goes on: check its values and enter it again; an "
            "administrator finds the details in the server log.",
            command=command,
            problem=problem,
        )
    )


@dataclass(frozen=True)
class CommandSpec:
    """What the server knows of a command besides its code.

    `roles`: the role keys (`resources/reference/roles.json`) that may run it; none
    means no desk may. `creates`: the argument naming the record it creates (no row
    to look up for the scope check yet). `locks`: the counted rows to lock first
    (two desks booking the last seat). `server_only`: run by the server itself, never
    accepted from a desk.
    """

    name: str
    handler: Handler
    roles: frozenset[str] = frozenset()
    creates: str | None = None
    locks: Locks | None = None
    server_only: bool = False


SPECS: dict[str, CommandSpec] = {}


def command(
    name: str,
    *,
    roles: tuple[str, ...] = (),
    creates: str | None = None,
    locks: Locks | None = None,
    server_only: bool = False,
) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        if name in CATALOGUE:
            raise RuntimeError(f"command {name} registered twice")
        CATALOGUE[name] = handler
        SPECS[name] = CommandSpec(name, handler, frozenset(roles), creates, locks, server_only)
        return handler

    return register


def run_command(
    ctx: CommandContext,
    name: str,
    args: dict[str, Any],
    *,
    savepoint: bool = True,
    flush: bool = True,
) -> CommandResult:
    """Run one command; raise a `DomainError` (and write nothing) if a rule is broken.

    `savepoint=False` is for a caller that already holds one around this call, or
    rolls its whole transaction back on an error (the server's push), which would
    otherwise pay for a second SAVEPOINT/RELEASE pair per command. Such a caller may
    also pass `flush=False` and write a batch of commands in one flush: a row that
    breaks a constraint then fails the batch's flush, not this call.
    """
    handler = CATALOGUE.get(name) if isinstance(name, str) else None
    if handler is None:
        raise DomainError(msg("Unknown command {name}.", name=shown(name)), code="unknown_command")
    if not savepoint:
        result = _handle(handler, ctx, name, args)
        if flush:
            ctx.session.flush()
        return result
    nested = ctx.session.begin_nested()
    try:
        result = _handle(handler, ctx, name, args)
        ctx.session.flush()
    except BaseException:
        nested.rollback()
        raise
    nested.commit()
    return result


def _handle(
    handler: Handler, ctx: CommandContext, name: str, args: dict[str, Any]
) -> CommandResult:
    """Run a handler; an exception that is neither a refusal nor the database's (a
    `TypeError` on a value validation let through, say) becomes `CannotApply`, so a
    desk and the server answer it alike and the command behind it is not held up.
    The original stays chained (`__cause__`) for the log."""
    return checked(name, args, lambda a: handler(ctx, a))


def checked(name: str, args: dict[str, Any], build: Callable[[Args], T]) -> T:
    """`build(Args(name, args))` as every command runs: arguments the wire cannot carry
    refused first, an unforeseen exception turned into `CannotApply` (the bulk path
    of `record_mutation` goes through here too, so it refuses alike)."""
    try:
        check_plain(args)
        return build(Args(name, args))
    except (DomainError, SQLAlchemyError, MemoryError):
        raise
    except Exception as exc:
        raise cannot_apply(name, type(exc).__name__) from exc
