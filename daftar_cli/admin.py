"""`daftar admin` and `daftar audit`: thin entries to `server.admin` (no Qt loaded)."""

from __future__ import annotations

from collections.abc import Sequence


def admin(argv: Sequence[str]) -> int:
    from server.admin import main

    return main(argv)


def audit(argv: Sequence[str]) -> int:
    from server.admin import audit_main

    return audit_main(argv)
