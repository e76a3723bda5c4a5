"""The command registry and the one entry point that runs a command.

Every write in Daftar is a named command (DESIGN.md principle 1). `run_command` runs it
inside a savepoint: either all its rows are written or, on any error, none are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.commands.args import Args
from domain.commands.context import CommandContext, CommandResult
from domain.errors import DomainError, msg

Handler = Callable[[CommandContext, Args], CommandResult]
CATALOGUE: dict[str, Handler] = {}


def command(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        if name in CATALOGUE:
            raise RuntimeError(f"command {name} registered twice")
        CATALOGUE[name] = handler
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
