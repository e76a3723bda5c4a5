"""The command catalogue: every write in Daftar, run the same on desktop and server."""

from domain.commands import licences, mutations, records, visits, vouchers  # noqa: F401  (registers)
from domain.commands.catalogue import CATALOGUE, command, run_command
from domain.commands.context import CommandContext, CommandResult, derived_id, person_id_for

__all__ = [
    "CATALOGUE",
    "command",
    "run_command",
    "CommandContext",
    "CommandResult",
    "derived_id",
    "person_id_for",
]
