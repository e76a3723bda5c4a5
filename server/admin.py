"""`daftar admin`: accounts and devices, run against the server's database.

    daftar admin [--db URL] add USERNAME --name "Amina Khan" --office DC-PSH --role licence_officer
    daftar admin list | disable USERNAME | enable USERNAME | reset USERNAME | roles USERNAME --role R
    daftar admin device code --office DC-PSH [--hours 24]
    daftar admin device revoke DEVICE | device list
    daftar audit verify [--db URL]

Writes go through the server's own sessions, so a changed account is numbered into
the change feed and reaches its districts' desks at their next pull. Passwords are
read from --password, a line on stdin (--password-stdin) or a prompt.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence

from sqlalchemy import select

from domain.errors import DomainError
from server import accounts, audit, devices
from server.db import make_engine, resolve_url, session_factory
from server.migrate import prepare_database
from server.models import Device


def _db(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        default=None,
        help="server database URL (default: $DAFTAR_DATABASE_URL, else the embedded SQLite file)",
    )


def _password_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--password", default=None, help="the password (prefer a prompt)")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="daftar admin",
        description="Manage operator accounts and devices on the central server's database.",
    )
    _db(p)
    sub = p.add_subparsers(
        dest="action",
        required=True,
        metavar="ACTION",
        help="add, list, disable, enable, reset, roles or device (`daftar admin ACTION --help`)",
    )
    add = sub.add_parser("add", help="add an operator account")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="full name in English")
    add.add_argument("--name-ur", default="", help="full name in Urdu")
    add.add_argument("--office", required=True, help="home office code, e.g. DC-PSH")
    add.add_argument(
        "--role",
        action="append",
        required=True,
        help="role key of resources/reference/roles.json (repeat for several)",
    )
    add.add_argument(
        "--district",
        action="append",
        default=[],
        help="district of the scope (default: the office's)",
    )
    add.add_argument("--scope-office", action="append", default=[], help="only these offices")
    add.add_argument("--tehsil", action="append", default=[], help="only these tehsils")
    add.add_argument("--prison", action="append", default=[], help="only these prisons")
    _password_args(add)
    sub.add_parser("list", help="list operator accounts")
    for name, text in (
        ("disable", "disable an account (its queued commands are refused)"),
        ("enable", "enable a disabled account"),
    ):
        sub.add_parser(name, help=text).add_argument("username")
    reset = sub.add_parser(
        "reset",
        help="set a new password (the account's desk keys are "
        "forgotten; its desks make new ones at the next online login)",
    )
    reset.add_argument("username")
    _password_args(reset)
    roles = sub.add_parser("roles", help="replace an account's roles")
    roles.add_argument("username")
    roles.add_argument("--role", action="append", required=True)
    device = sub.add_parser("device", help="enrolment codes and devices")
    dsub = device.add_subparsers(dest="device_action", required=True)
    code = dsub.add_parser("code", help="issue a one-time enrolment code for an office")
    code.add_argument("--office", required=True)
    code.add_argument("--hours", type=float, default=24, help="hours until it expires (24)")
    revoke = dsub.add_parser("revoke", help="revoke a device (by id or number)")
    revoke.add_argument("device")
    dsub.add_parser("list", help="list enrolled devices")
    return p


def _password(args: argparse.Namespace) -> str:
    if args.password:
        return str(args.password)
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise DomainError("The two passwords differ.")
    return first


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    engine = make_engine(resolve_url(args.db))
    try:
        prepare_database(engine)
        sessions = session_factory(engine)
        with sessions.begin() as s:
            _run(s, args)
    except DomainError as exc:
        print(f"daftar admin: {exc.message}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    return 0


def _run(s, args: argparse.Namespace) -> None:  # type: ignore[no-untyped-def]
    if args.action == "add":
        op = accounts.add(
            s,
            args.username,
            _password(args),
            args.name,
            args.role,
            args.office,
            full_name_ur=args.name_ur,
            districts=args.district,
            offices=args.scope_office,
            tehsils=args.tehsil,
            prisons=args.prison,
        )
        print(f"Added {op.username} ({', '.join(op.roles)}) at {op.office_code}, scope {op.scope}.")
    elif args.action == "list":
        for view in accounts.listing(s):
            state = "active" if view.active else "DISABLED"
            print(
                f"{view.username:<20} {state:<8} {view.office_code:<10} {','.join(view.roles):<40} "
                f"{view.scope}  keys on {len(view.devices)} desk(s)"
            )
    elif args.action in ("disable", "enable"):
        op = accounts.set_active(s, args.username, args.action == "enable")
        print(f"{op.username} is now {'active' if op.active else 'disabled'}.")
    elif args.action == "reset":
        op = accounts.reset_password(s, args.username, _password(args))
        print(f"New password set for {op.username}; log in online once on each desk.")
    elif args.action == "roles":
        op = accounts.set_roles(s, args.username, args.role)
        print(f"{op.username} now has roles {', '.join(op.roles)}.")
    elif args.device_action == "code":
        code = devices.issue_code(s, args.office, args.hours)
        print(code)
        print(
            f"One-time code for enrolling one laptop at {args.office}; expires in "
            f"{args.hours:g} hours.",
            file=sys.stderr,
        )
    elif args.device_action == "revoke":
        device = devices.revoke(s, args.device)
        print(f"Device {device.device_no} ({device.name}, {device.office_code}) is revoked.")
    else:
        for d in s.scalars(select(Device).order_by(Device.device_no)):
            print(
                f"{d.device_no:>5} {d.device_id} {d.office_code:<10} {d.name:<30} "
                f"{'REVOKED' if d.revoked else 'active'} last used {d.last_used_at}"
            )


def audit_main(argv: Sequence[str] | None = None) -> int:
    """`daftar audit verify [--db URL]`: exit 0 and the head if the chain holds, 1 and
    the first broken link if not."""
    p = argparse.ArgumentParser(
        prog="daftar audit",
        description="Check the server's append-only audit chain, entry by entry.",
    )
    sub = p.add_subparsers(
        dest="action",
        required=True,
        metavar="ACTION",
        help="verify: walk the chain and name the first broken link",
    )
    _db(sub.add_parser("verify", help="walk the chain and name the first broken link"))
    args = p.parse_args(argv)
    engine = make_engine(resolve_url(args.db))
    try:
        verdict = audit.verify(engine)
    finally:
        engine.dispose()
    print(verdict)
    return 0 if verdict.broken_at is None else 1
