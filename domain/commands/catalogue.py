"""The command registry and the one entry point that runs a command.

Every write in Daftar is a named command (DESIGN.md principle 1). `run_command` runs it
inside a savepoint: either all its rows are written or, on any error, none are.

Everything the server must know about a command is declared where it is registered
(`@command(name, roles=..., creates=..., locks=..., server_only=...)`), so the role
check, the scope check and the audit read one place (`SPECS`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from domain.commands.args import Args
from domain.commands.context import CommandContext, CommandResult
from domain.errors import DomainError, msg

Handler = Callable[[CommandContext, Args], CommandResult]
#: (session, args) -> the rows (model, id) to lock before the command counts them.
Locks = Callable[[Any, Mapping[str, Any]], list[tuple[type[Any], Any]]]
CATALOGUE: dict[str, Handler] = {}


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


def command(name: str, *, roles: tuple[str, ...] = (), creates: str | None = None,
            locks: Locks | None = None, server_only: bool = False
            ) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        if name in CATALOGUE:
            raise RuntimeError(f"command {name} registered twice")
        CATALOGUE[name] = handler
        SPECS[name] = CommandSpec(name, handler, frozenset(roles), creates, locks, server_only)
        return handler
    return register


def run_command(ctx: CommandContext, name: str, args: dict[str, Any], *,
                savepoint: bool = True, flush: bool = True) -> CommandResult:
    """Run one command; raise a `DomainError` (and write nothing) if a rule is broken.

    `savepoint=False` is for a caller that already holds one around this call, or
    rolls its whole transaction back on an error (the server's push), which would
    otherwise pay for a second SAVEPOINT/RELEASE pair per command. Such a caller may
    also pass `flush=False` and write a batch of commands in one flush: a row that
    breaks a constraint then fails the batch's flush, not this call.
    """
    handler = CATALOGUE.get(name)
    if handler is None:
        raise DomainError(msg("Unknown command {name}.", name=repr(name)), code="unknown_command")
    if not savepoint:
        result = handler(ctx, Args(name, args))
        if flush:
            ctx.session.flush()
        return result
    nested = ctx.session.begin_nested()
    try:
        result = handler(ctx, Args(name, args))
        ctx.session.flush()
    except BaseException:
        nested.rollback()
        raise
    nested.commit()
    return result
