"""Roles: what each kind of account may do (`resources/reference/roles.json`).

A role is a list of the commands it may run and of the synced tables a desk needs for
that work. The server is the control (DESIGN.md "Identity, roles and audit"): it
refuses a command no role of the signing operator allows, and a desk pulls only the
tables its operators' roles need. Each command also names its roles where it is
registered (`domain.commands.catalogue.command`); a test keeps the two in step.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from domain.errors import NotFound, msg
from domain.resources import resource_path


@dataclass(frozen=True)
class Role:
    key: str
    name_en: str
    name_ur: str
    commands: frozenset[str]
    tables: frozenset[str]

    def name(self, lang: str = "en") -> str:
        return self.name_ur if (lang or "").lower().startswith("ur") else self.name_en


@cache
def roles() -> dict[str, Role]:
    """Every role by key, read once per process."""
    data = json.loads(resource_path("reference", "roles.json").read_text(encoding="utf-8"))
    return {
        r["key"]: Role(
            r["key"], r["name_en"], r["name_ur"], frozenset(r["commands"]), frozenset(r["tables"])
        )
        for r in data["roles"]
    }


def role(key: str) -> Role:
    try:
        return roles()[key]
    except KeyError:
        raise NotFound(
            msg(
                "There is no role {role}; the roles are {known}.",
                role=repr(key),
                known=", ".join(roles()),
            ),
            hints={"kind": "role", "code": key},
        ) from None


def may_run(role_keys: Iterable[str], command: str) -> bool:
    """Whether any of these roles allows `command` (unknown role keys allow nothing)."""
    known = roles()
    return any(command in known[k].commands for k in role_keys if k in known)


def tables_for(role_keys: Iterable[str]) -> frozenset[str]:
    """The synced tables desks of these roles need."""
    known = roles()
    out: set[str] = set()
    for k in role_keys:
        if k in known:
            out |= known[k].tables
    return frozenset(out)
