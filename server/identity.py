"""Who made a pushed command, and whether they may: signature, account, role, scope.

Checked in this order (DESIGN.md "Identity, roles and audit"), before the domain
rules: the envelope's signature against the public key its operator registered for
THIS device (`sync.signing.canonical_command` with the server's own record of the
device's id and number, so a command cannot be moved to another desk), then the
account is active, then one of its roles allows the command (the catalogue's
`roles`), then the rows the command names lie in the account's scope. Each refusal
is a `DomainError` with its own code, answered as `rejected` like any domain rule.

Signatures are verified for a whole push at once, before its groups run (one query
for the operators it names; Ed25519 verification is ~50 µs a command), so the group
commit keeps its pace.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.commands.args import is_clean_text
from domain.commands.catalogue import SPECS
from domain.errors import BadSignature, DomainError, NotPermitted, OperatorDisabled, OutOfScope, msg
from domain.models import Operator
from sync.signing import canonical_command, verify

#: Private keys an envelope carries between the check and the run (never stored).
SIGNER = "_signer"
REFUSAL = "_refusal"


@dataclass(frozen=True)
class Signer:
    """The operator who signed a command, as the server knows them."""

    operator_id: str
    username: str
    roles: frozenset[str]
    scope: Mapping[str, Any]


def verify_envelopes(
    session: Session,
    device_id: str,
    device_no: int,
    envelopes: list[dict[str, Any]],
    *,
    required: bool,
) -> None:
    """Mark each envelope with its `Signer`, or with the refusal it will be answered
    with. Unsigned envelopes pass unmarked only when signatures are not `required`."""
    ids = {env.get("operator_id") for env in envelopes if isinstance(env.get("operator_id"), str)}
    operators = (
        {op.id: op for op in session.scalars(select(Operator).where(Operator.id.in_(ids)))}
        if ids
        else {}
    )
    for env in envelopes:
        op_id, signature = env.get("operator_id"), env.get("signature")
        if not op_id and not signature and not required:
            continue
        env[REFUSAL] = _refusal(
            env, operators.get(op_id) if isinstance(op_id, str) else None, device_id, device_no
        )
        if env[REFUSAL] is None:
            op = operators[str(op_id)]
            env[SIGNER] = Signer(op.id, op.username, frozenset(op.roles), dict(op.scope))


def _refusal(
    env: dict[str, Any], op: Operator | None, device_id: str, device_no: int
) -> DomainError | None:
    signature = env.get("signature")
    if not isinstance(signature, str) or not signature:
        return BadSignature(
            msg("This command is not signed by an operator; log in on the desk and make it again.")
        )
    if op is None:
        return BadSignature(
            msg(
                "This command is signed by an operator this server does not "
                "know; log in online and make it again."
            )
        )
    key = (op.public_keys or {}).get(device_id)
    if not key:
        return BadSignature(
            msg(
                "Operator {operator} has no key registered for this desk; log "
                "in online on this desk once.",
                operator=op.username,
            )
        )
    message = canonical_command(
        device_id, device_no, int(env["device_seq"]), env["command_id"], env["name"], env["args"]
    )
    if not verify(key, message, signature):
        return BadSignature(
            msg(
                "The signature does not match this command and operator "
                "{operator}: it was changed after signing or signed by someone "
                "else. It was not applied.",
                operator=op.username,
            )
        )
    if not op.active:
        return OperatorDisabled(
            msg(
                "Account {operator} is disabled, so this command was not "
                "applied; ask the administrator.",
                operator=op.username,
            )
        )
    return None


def check_signer(env: Mapping[str, Any]) -> Signer | None:
    """The envelope's signer; raises its refusal (signature, account) if it has one."""
    refusal = env.get(REFUSAL)
    if refusal is not None:
        raise refusal
    return env.get(SIGNER)


def check_role(signer: Signer, name: str) -> None:
    spec = SPECS.get(name)
    if spec is None:
        return  # the catalogue answers an unknown command itself
    if not spec.roles & signer.roles:
        raise NotPermitted(
            msg(
                "{command} may be run only by {roles}; account {operator} is {held}.",
                command=name,
                roles=", ".join(sorted(spec.roles)) or "the server",
                operator=signer.username,
                held=", ".join(sorted(signer.roles)) or "without a role",
            ),
            hints={"command": name, "roles": sorted(spec.roles)},
        )


def operator_districts(signer: Signer, device_districts: list[str]) -> list[str]:
    """The districts where this operator may act from this device."""
    mine = signer.scope.get("districts") or []
    return [d for d in device_districts if d in mine]


def outside(signer: Signer, what: str, kind: str, allowed: list[str]) -> OutOfScope:
    return OutOfScope(
        msg(
            "Account {operator} works for {kind} {allowed}; {what} is outside it.",
            operator=signer.username,
            kind=kind,
            allowed=", ".join(allowed),
            what=what,
        ),
        hints={"kind": kind, "scope": allowed},
    )


def check_places(
    signer: Signer, session: Session, args: Mapping[str, Any], named: list[tuple[type[Any], Any]]
) -> None:
    """Tehsils and prisons: a scope that lists some allows only those, both for the
    codes the arguments name and for the existing rows they point at."""
    for key, kind in (("tehsil_code", "tehsils"), ("prison_code", "prisons")):
        allowed = list(signer.scope.get(kind) or [])
        if not allowed:
            continue
        code = args.get(key)
        if isinstance(code, str) and code and code not in allowed:
            raise outside(signer, f"{key.split('_')[0]} {code}", kind, allowed)
        for model, row_id in named:
            # an id the command refuses (a NUL, which PostgreSQL cannot even compare) is
            # left for the command to refuse, as on the desk
            row = session.get(model, row_id) if is_clean_text(row_id) else None
            held = getattr(row, key, None)
            if held is not None and held not in allowed:
                raise outside(signer, f"{model.__tablename__} {row_id}", kind, allowed)


def check_office(signer: Signer, office_code: str) -> None:
    offices = list(signer.scope.get("offices") or [])
    if offices and office_code not in offices:
        raise outside(signer, f"office {office_code}", "offices", offices)
