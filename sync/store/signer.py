"""Who is signing this store's commands right now.

A `Signer` is an operator whose private key is unlocked in memory: made at login
(`desktop.operators`) from the key kept wrapped in the store, dropped when the
session locks or the operator logs out. `LocalStore.execute` refuses to make a
command without one, so every command in the outbox is signed by the person who
made it, at the moment it was made (DESIGN.md "Identity, roles and audit").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sync import signing


class NotSignedIn(RuntimeError):
    """A command was asked for with no operator logged in on the store."""

    def __init__(
        self,
        message: str = "No operator is logged in on this desk, so nothing can be "
        "recorded: log in with your own username and password first.",
    ):
        super().__init__(message)


class StoreLocked(RuntimeError):
    """The store refuses new work: its device was revoked by the server."""


@dataclass(frozen=True)
class Signer:
    operator_id: str
    username: str
    key: Ed25519PrivateKey = field(repr=False)

    @property
    def public_key(self) -> str:
        return signing.public_key_text(self.key)

    def sign_command(
        self,
        device_id: str,
        device_no: int,
        device_seq: int,
        command_id: str,
        name: str,
        args: dict[str, Any],
        *,
        checked_plain: bool = False,
    ) -> str:
        """The signature of one command. `args` are signed as they will travel (a JSON
        round trip), so the server, which rebuilds the bytes from what it received,
        gets the same message. Arguments `check_plain` passed (`checked_plain`: a bulk
        import's) hold only text, 64-bit whole numbers, finite floats, booleans, None,
        lists, tuples and mappings with text keys, which a round trip gives back as
        the same bytes, so they are signed as they are."""
        plain = args if checked_plain else orjson.loads(orjson.dumps(args))
        return signing.sign(
            self.key,
            signing.canonical_command(device_id, device_no, device_seq, command_id, name, plain),
        )
