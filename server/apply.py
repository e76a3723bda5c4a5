"""The authoritative push: each device command applied once, in order, and answered.

Per command: check its number, check the scope, run it through the same catalogue as
the desktop, number its changes, store the answer and bump the device's `last_seq`,
all in the transaction that holds its effects. A retry after a timeout finds the
number processed and gets the stored answer; nothing is applied twice. A rejection
rolls back the command's effects, is stored all the same, and never blocks the
commands behind it. So does a command the server cannot apply because of its data
(the database refuses a value, a handler fails on it): it is answered `rejected` with
code `cannot_apply`, logged with its traceback for an administrator, and the commands
behind it go on (`_server_fault` tells these from faults of the server itself). Only a
fault of the server (connection lost, database unavailable, out of memory) propagates:
the client sees a 5xx and retries, and the command has left no trace.

Commands are applied in groups of up to `GROUP` per transaction (group commit): one
device lock, one numbering and one commit per group instead of per command is what
lets a desk's backlog of 1,000 commands go through in about the time the commands
themselves take. A group is first read ahead (the rows its commands name and the
unique numbers they claim, one query per table), then run with neither savepoints
nor flushes, and written in one flush: about fifteen statements for a hundred new
applications, where asking row by row took six per command, each a round trip on
PostgreSQL. If one of its commands is refused, clashes or writes a row out of scope,
the group runs again with a savepoint and a flush per command, so the refusal undoes
only its own rows. If a group meets anything but a domain rejection, it is rolled
back and its commands are applied one per transaction, so a fault is pinned on the
one command that causes it.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    IntegrityError,
    OperationalError,
    SQLAlchemyError,
    StatementError,
)
from sqlalchemy.orm import Session, sessionmaker

from domain import reference
from domain.commands import CommandContext, run_command
from domain.commands.args import check_text, is_clean_text
from domain.commands.catalogue import SPECS, cannot_apply
from domain.commands.context import person_id_for
from domain.commands.lookups import ReadAhead, find_in
from domain.errors import CannotApply, DomainError, NotFound, OutOfScope, msg
from domain.ids import utcnow
from domain.models import (
    SYNCED_TABLES,
    ApprovedVisitor,
    FieldConflict,
    Inmate,
    Licence,
    LicenceApplication,
    Mutation,
    Person,
    VisitBooking,
    VisitSlot,
    Voucher,
)
from domain.values import Cnic
from server import audit, identity
from server.changes import (
    add_new,
    count_unflushed,
    discard,
    had_effects,
    number_changes,
    prepare_numbers,
    touched_rows,
    unwatch,
    watch,
    watch_effects,
)
from server.db import kept_for_transaction, one_of
from server.models import Device, ProcessedCommand
from server.push_commit import commit_group
from server.scope import first_out_of_scope
from sync.protocol import Answer

log = logging.getLogger(__name__)

#: Arguments that name an existing record: its district decides the scope.
RECORD_ARGS: dict[str, type[Any]] = {
    "application_id": LicenceApplication,
    "licence_id": Licence,
    "voucher_id": Voucher,
    "mutation_id": Mutation,
    "inmate_id": Inmate,
    "slot_id": VisitSlot,
    "booking_id": VisitBooking,
    "visitor_id": ApprovedVisitor,
    "conflict_id": FieldConflict,
}
# What each command creates, locks and whether only the server runs it is declared
# where the command is registered (`domain.commands.catalogue.SPECS`).
#: Commands per transaction (group commit).
GROUP = 100


class BadPush(ValueError):
    """The push body is not a list of well-formed envelopes (HTTP 422)."""


class Gap(Exception):
    """A command number is missing: refused until it arrives (HTTP 409)."""

    def __init__(self, expected: int):
        super().__init__(f"command number {expected} is expected next")
        self.expected = expected

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": "gap",
            "expected": self.expected,
            "message": f"Command number {self.expected} has not reached the server; "
            f"send the commands from number {self.expected} on.",
        }


@dataclass
class PushResult:
    results: list[Answer] = field(default_factory=list)
    last_seq: int = 0


def _check_envelopes(envelopes: Any) -> list[dict[str, Any]]:
    if not isinstance(envelopes, list):
        raise BadPush("`commands` must be a list of command envelopes.")
    for n, env in enumerate(envelopes):
        if not isinstance(env, dict):
            raise BadPush(f"commands[{n}] is not an object.")
        seq = env.get("device_seq")
        if isinstance(seq, bool) or not isinstance(seq, int) or not 1 <= seq <= 2**63 - 1:
            raise BadPush(f"commands[{n}].device_seq must be a whole number from 1 to 2^63 - 1.")
        for key, longest in (("command_id", 36), ("name", 60)):
            if not isinstance(env.get(key), str) or not 0 < len(env[key]) <= longest:
                raise BadPush(f"commands[{n}].{key} must be text of 1 to {longest} characters.")
        if not isinstance(env.get("args"), dict):
            raise BadPush(f"commands[{n}].args must be an object.")
        for key, longest in (("operator_id", 36), ("signature", 100)):
            if env.get(key) is not None and (
                not isinstance(env[key], str) or len(env[key]) > longest
            ):
                raise BadPush(f"commands[{n}].{key} must be text of at most {longest} characters.")
        if n and seq != envelopes[n - 1]["device_seq"] + 1:
            raise BadPush(
                f"commands[{n}].device_seq is {seq}; the numbers in one push must "
                "follow each other."
            )
    return envelopes


def apply_push(
    sessions: sessionmaker[Session],
    device_id: str,
    envelopes: Any,
    *,
    require_signatures: bool = True,
) -> PushResult:
    """Apply a device's commands in order and answer each (see module docstring).

    Raises `Gap` before applying anything if the first number is beyond the next one
    expected, `BadPush` for a malformed body. Signatures are checked for the whole
    push first (`server.identity`); without `require_signatures` (old tests only), an
    unsigned command runs as the device, under the `actor` it names.
    """
    envelopes = _check_envelopes(envelopes)
    out = PushResult()
    with sessions() as session:
        device = _lock_device(session, device_id)
        out.last_seq = device.last_seq
        if envelopes and envelopes[0]["device_seq"] > device.last_seq + 1:
            raise Gap(device.last_seq + 1)
        identity.verify_envelopes(
            session,
            device.device_id,
            device.device_no,
            [env for env in envelopes if env["device_seq"] > device.last_seq],
            required=require_signatures,
        )
        # The first group goes on in this transaction, under the device's lock taken
        # above (a rollback and a new lock here were two round trips per push).
        for start in range(0, len(envelopes), GROUP):
            group = envelopes[start : start + GROUP]
            out.results.extend(_apply_group_or_each(session, device_id, group))
        # Every envelope is answered (applied now, or processed before), in order: the
        # device's last number is at least the last one sent.
        if envelopes:
            out.last_seq = max(out.last_seq, int(envelopes[-1]["device_seq"]))
        session.rollback()
    return out


class _Rejected(Exception):
    """A command of a group run without savepoints was refused: its effects cannot be
    undone alone, so the group runs again, each command in a savepoint."""


def _apply_group_or_each(
    session: Session, device_id: str, group: list[dict[str, Any]]
) -> list[Answer]:
    """A group in one transaction: first with no savepoints (nearly every command is
    applied; a SAVEPOINT/RELEASE pair per command was a fifth of a push's time), again
    with one per command if one was refused, and one by one if anything else failed."""
    try:
        try:
            return _apply_group(session, device_id, group, savepoints=False)
        except _Rejected:
            session.rollback()
            return _apply_group(session, device_id, group, savepoints=True)
    except Gap:
        raise
    except Exception:
        log.warning(
            "group of %d commands from device %s failed; applying them one by one",
            len(group),
            device_id,
            exc_info=True,
        )
        session.rollback()
        return [apply_one(session, device_id, env) for env in group]


def _apply_group(
    session: Session, device_id: str, group: list[dict[str, Any]], *, savepoints: bool
) -> list[Answer]:
    """Apply consecutive envelopes in one transaction.

    With savepoints, each command runs in its own and is flushed and scope-checked on
    its own. Without, the group is read ahead (`_read_ahead`), its commands run with
    no flush and no query of their own where the read-ahead answers, and the group is
    written in one flush and scope-checked as a whole; any refusal, clash or row out
    of scope raises `_Rejected` for the savepoint run to pin on its command.
    """
    device = _lock_device(session, device_id)
    answers: list[Answer | None] = []
    done: list[tuple[int, dict[str, Any], Any, set[tuple[str, str]]]] = []
    # Moved on in memory and written once at the end: set on the row, every command's
    # savepoint flush would write it again.
    last = device.last_seq
    fresh = [env for env in group if env["device_seq"] > last]
    # The rows read (and locked) ahead are held here for the group's length: the
    # session's identity map holds rows weakly, and a row let go was loaded again by
    # the first `session.get` of it, an autoflush and a round trip per command.
    held: list[Any] = []
    if not savepoints:
        _read_ahead(session, fresh, held).install(session)
    else:
        lock_in_order(session, *_named(session, fresh), held=held)
    try:
        for env in group:
            seq = env["device_seq"]
            if seq <= last:
                stored = session.get(ProcessedCommand, (device_id, seq))
                answers.append(Answer(**stored.answer) if stored else _lost(seq))  # type: ignore[typeddict-item]
                continue
            if seq != last + 1:
                raise Gap(last + 1)
            answer, result, keys = (
                _in_savepoint(session, device, env)
                if savepoints
                else _unguarded(session, device, env)
            )
            if answer is None:
                done.append((len(answers), env, result, keys))
            else:
                _record(session, device, env, answer)
            answers.append(answer)
            last = seq
        if not savepoints:
            unwatch(session)  # the group's flush writes rows of every command
            _check_group_scope(session, device)
        device.last_seq = max(device.last_seq, last)
        # Answered and noted before the flush below, which writes the device's last
        # client time; the versions follow once the rows have their places.
        for at, env, result, _keys in done:
            answers[at] = _answer(env, result, {})
            audit.note(session, device, env, answers[at])  # type: ignore[arg-type]
        try:
            numbering = prepare_numbers(session, hold=True)  # the group's one flush
        except IntegrityError as exc:
            if savepoints:
                raise
            raise _Rejected(0) from exc
    finally:
        ReadAhead.remove(session)
    # The answers carry each row's place in the numbering until the counter is taken
    # with the commit (`push_commit`): no lock is held while they are built.
    places = numbering.offsets
    processed = []
    for at, env, _result, keys in done:
        answer = answers[at]
        assert answer is not None
        answer["versions"] = {
            f"{t}:{i}": places[f"{t}:{i}"] for t, i in keys if f"{t}:{i}" in places
        }
        processed.append(_processed(device, env, answer))
    first = commit_group(session, numbering, processed)
    if first:
        for at, *_rest in done:
            answer = answers[at]
            assert answer is not None
            answer["versions"] = {k: first + n for k, n in answer["versions"].items()}
    return answers  # type: ignore[return-value]


def _unguarded(
    session: Session, device: Device, env: Mapping[str, Any]
) -> tuple[Answer | None, Any, set[tuple[str, str]]]:
    """Run one command of a group with neither savepoint nor flush; returns the rows
    it wrote (flushed or not).

    A refusal raised before the command changed anything (nearly all of them: a rule
    is checked before a row is written; a booking of a full slot, a signature that
    does not match) is answered here and the group goes on. One raised after it
    changed a row cannot be undone alone: the group runs again with savepoints. (A
    busy day's pushes each carried a refused booking, and ran twice.)"""
    keys = watch(session, unflushed=True)
    watch_effects(session)
    try:
        result = _run(session, device, env, keys, batched=True)
    except DomainError as exc:
        if had_effects(session):
            raise _Rejected(env["device_seq"]) from exc
        return _rejection(env, exc), None, set()
    except IntegrityError as exc:
        raise _Rejected(env["device_seq"]) from exc
    finally:
        had_effects(session)  # stop watching
    return None, result, count_unflushed(session)


def _check_group_scope(session: Session, device: Device) -> None:
    """Every row the group wrote, flushed or not, in the device's districts (a person
    in one of theirs: `server.scope`); one out of scope sends the group round again
    with savepoints, where the command that wrote it is refused."""
    rows = touched_rows(session, flush=False)
    if first_out_of_scope(session, rows, lambda: rows, list(device.district_codes)) is not None:
        raise _Rejected(0)


#: Arguments holding a value no other row may hold in a column (the command checks).
UNIQUE_ARGS: dict[str, Any] = {"application_no": LicenceApplication.application_no}


def _named(
    session: Session, group: list[dict[str, Any]]
) -> tuple[dict[type[Any], set[str]], dict[Any, set[Any]]]:
    """The rows a group's commands name (by model) and the unique values they claim."""
    wanted: dict[type[Any], set[str]] = {}
    claimed: dict[Any, set[Any]] = {}
    for env in group:
        args = env["args"]
        for key, model in RECORD_ARGS.items():
            if is_clean_text(args.get(key)):  # the command refuses any other
                wanted.setdefault(model, set()).add(args[key])
        table = args.get("table")
        if (
            env["name"] == "edit_record"
            and isinstance(table, str)
            and table in SYNCED_TABLES
            and is_clean_text(args.get("row_id"))
        ):
            wanted.setdefault(SYNCED_TABLES[table], set()).add(args["row_id"])
        applicant = args.get("applicant")
        if isinstance(applicant, dict) and is_clean_text(applicant.get("cnic"), 40):
            try:
                person_id = person_id_for(Cnic.parse(applicant["cnic"]).digits)
            except DomainError:
                pass  # the command will say what is wrong with it
            else:
                wanted.setdefault(Person, set()).add(person_id)
        for key, column in UNIQUE_ARGS.items():
            if is_clean_text(args.get(key), column.type.length):
                claimed.setdefault(column, set()).add(args[key])
    bookings = [
        env["args"]["booking_id"]
        for env in group
        if env["name"] == "cancel_visit" and is_clean_text(env["args"].get("booking_id"))
    ]
    if bookings:  # cancel_visit moves its booking's slot's counter: lock the slot too
        slots = session.scalars(select(VisitBooking.slot_id).where(VisitBooking.id.in_(bookings)))
        wanted.setdefault(VisitSlot, set()).update(s for s in slots if s)
    return wanted, claimed


_LOCK_ORDER = {m: n for n, m in enumerate(SYNCED_TABLES.values())}


def lock_in_order(
    session: Session,
    wanted: dict[type[Any], set[str]],
    claimed: dict[Any, set[Any]],
    *,
    held: list[Any] | None = None,
) -> dict[type[Any], set[str]]:
    """Load the named rows, on PostgreSQL locking them in one global order; returns the
    ids found per model.

    Why: two pushes that lock shared rows (a citizen, a slot, an application) in
    command order can each hold the row the other wants next: a deadlock, which
    PostgreSQL breaks only after `deadlock_timeout` by failing one of them. Taken
    before any command runs, in the same order by every push (first an advisory lock
    per row that may be created (a new citizen, a claimed application number), by
    key; then the rows, table by table in `SYNCED_MODELS` order, by id), no push
    can hold a lock another one took earlier in the order while waiting for it.
    The rows commands write beyond these are their own new rows; the feed counter
    comes last of all (`server.changes`).
    """
    dialect = session.get_bind().dialect.name
    postgres = dialect == "postgresql"
    found: dict[type[Any], set[str]] = {}
    models = sorted(wanted, key=lambda m: _LOCK_ORDER.get(m, len(_LOCK_ORDER)))
    if postgres:
        keys = sorted(
            {_lock_key(m.__tablename__, i) for m in (Person,) if m in wanted for i in wanted[m]}
            | {
                _lock_key(f"{c.class_.__tablename__}.{c.key}", str(v))
                for c, values in claimed.items()
                for v in values
            }
        )
        if keys:
            session.execute(
                text(
                    "SELECT pg_advisory_xact_lock(k) FROM "
                    "(SELECT unnest(CAST(:keys AS bigint[])) AS k ORDER BY 1) AS o"
                ),
                {"keys": keys},
            ).all()
    for model in models:
        stmt = select(model).where(one_of(model.id, sorted(wanted[model]), dialect))
        if postgres:
            # NO KEY UPDATE, as PostgreSQL's own UPDATE takes: it does not block the
            # KEY SHARE lock a foreign-key check takes on a parent row (a new
            # application's citizen), which FOR UPDATE did, deadlocking with a push
            # that holds the counter and re-checks its rows' keys.
            stmt = (
                stmt.order_by(model.id)
                .with_for_update(key_share=True)
                .execution_options(populate_existing=True)
            )
        rows = session.scalars(stmt).all()
        if held is not None:
            held.extend(rows)
        found[model] = {row.id for row in rows}
        if postgres:
            _locked(session).update((model, row.id) for row in rows)
    return found


_LOCKED = "daftar_locked_rows"


def _locked(session: Session) -> set[tuple[type[Any], str]]:
    """The rows this transaction locked (FOR NO KEY UPDATE, read fresh) in
    `lock_in_order`: `lock_counted_rows` need not read them again. Kept with the
    transaction it belongs to, so a later transaction never trusts it."""
    return kept_for_transaction(session, _LOCKED, set)


def _lock_key(space: str, value: str) -> int:
    """A signed 64-bit advisory lock key for (space, value)."""
    return int.from_bytes(
        hashlib.blake2b(f"{space}:{value}".encode(), digest_size=8).digest(), "big", signed=True
    )


def _read_ahead(session: Session, group: list[dict[str, Any]], held: list[Any]) -> ReadAhead:
    """Look up, one query per table, every row a group names and every unique value it
    claims, so that its commands find them in the session instead of asking one by one
    (on PostgreSQL the rows are locked as they are read, `lock_in_order`)."""
    wanted, claimed = _named(session, group)
    ahead = ReadAhead()
    for model, found in lock_in_order(session, wanted, claimed, held=held).items():
        ahead.absent.update((model, i) for i in wanted[model] - found)
    dialect = session.get_bind().dialect.name
    for column, values in claimed.items():
        taken = set(session.scalars(select(column).where(one_of(column, sorted(values), dialect))))
        ahead.free[(column.class_.__tablename__, column.key)] = values - taken
    return ahead


def _in_savepoint(
    session: Session, device: Device, env: Mapping[str, Any]
) -> tuple[Answer | None, Any, set[tuple[str, str]]]:
    """Run one command in a savepoint: (None, result, rows) or (rejection, None, {})."""
    for attempt in (1, 2):
        keys = watch(session)
        try:
            with session.begin_nested():
                result = _run(session, device, env, keys)
            return None, result, keys
        except DomainError as exc:
            discard(session, keys)
            return _rejection(env, exc), None, set()
        except IntegrityError as exc:  # maybe a concurrent insert: once more, then reject
            discard(session, keys)
            if attempt == 2:
                return _rejection(env, _clash(exc)), None, set()
    raise AssertionError("unreachable")


def _answer(env: Mapping[str, Any], result: Any, versions: dict[str, int]) -> Answer:
    conflicts = result.data.get("conflicts") or []
    seq, command_id = int(env["device_seq"]), env["command_id"]
    if not conflicts:
        return Answer(device_seq=seq, command_id=command_id, status="applied", versions=versions)
    return Answer(
        device_seq=seq,
        command_id=command_id,
        status="conflict",
        versions=versions,
        fields=[c["field"] for c in conflicts],
        theirs={c["field"]: c["theirs"] for c in conflicts},
        ours={c["field"]: c["ours"] for c in conflicts},
        hints={"conflict_ids": {c["field"]: c["conflict_id"] for c in conflicts}},
    )


def _rejection(env: Mapping[str, Any], exc: DomainError) -> Answer:
    if isinstance(exc, CannotApply):
        log.error(
            "command %s (no. %s, %s) could not be applied and was answered cannot_apply: %s",
            _printable(env.get("name"), 60),
            env.get("device_seq"),
            _printable(env.get("command_id"), 36),
            exc.__cause__ or exc,
            exc_info=exc.__cause__ or exc,
        )
    return Answer(
        device_seq=int(env["device_seq"]),
        command_id=env["command_id"],
        status="rejected",
        **exc.as_dict(),  # type: ignore[typeddict-item]
    )


def _clash(exc: IntegrityError) -> DomainError:
    """A constraint the database enforces and no rule caught (the details, which may
    quote other offices' data, go to the log, not to the desk)."""
    return _cannot_apply_data(
        exc, msg("the database refused it: it clashes with a record already there")
    )


def _cannot_apply_data(exc: BaseException, problem: str) -> CannotApply:
    refusal = cannot_apply(msg("The command"), problem)
    refusal.__cause__ = exc
    return refusal


def _server_fault(exc: BaseException) -> bool:
    """True for a fault of the server itself, which the desk should retry (5xx); False
    for an error caused by the command's data, answered `cannot_apply` instead of
    blocking the queue for ever.

    The data's: a value the database refuses (DataError, IntegrityError, PostgreSQL's
    54xxx "program limit exceeded", such as an index row too big), a value no column
    type could bind (a bare StatementError), any exception of a handler's own. The
    server's: out of memory, the database unreachable, gone or shutting down, the pool
    exhausted, and errors of the schema or the code's SQL (ProgrammingError,
    InternalError): answering those `cannot_apply` would set every desk's work aside.
    """
    if isinstance(exc, MemoryError):
        return True
    if not isinstance(exc, SQLAlchemyError):
        return False
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return True
        if isinstance(exc, (DataError, IntegrityError)):
            return False
        if isinstance(exc, OperationalError):
            state = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
            return not (isinstance(state, str) and state.startswith("54"))
        return True
    return not isinstance(exc, StatementError)


def _printable(value: Any, limit: int) -> str:
    """A value as a server table can keep it: text, control characters escaped, cut
    to the column (a command name containing NUL is still recorded and answered)."""
    text = value if isinstance(value, str) else repr(value)
    if not is_clean_text(text, limit):
        text = repr(text)[1:-1][:limit]
    return text


def _lost(seq: int) -> Answer:
    # Only if processed_commands was emptied by hand; never in normal running.
    return Answer(
        device_seq=seq,
        status="rejected",
        code="unknown_past_command",
        message=f"Command {seq} was processed but its answer is lost.",
        hints={},
    )


_DEVICE_LOCK = "daftar_device_lock"


def _lock_device(session: Session, device_id: str) -> Device:
    """The device's row, locked for the open transaction (a push's first group runs in
    the transaction that locked it to check the push: it is not asked for again)."""
    locked = _locked_devices(session)
    if device_id in locked:
        return locked[device_id]
    device = session.scalars(
        select(Device)
        .where(Device.device_id == device_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if device is None:
        raise LookupError(f"device {device_id} is not enrolled")
    # asked again: the query above opened the transaction the lock belongs to
    _locked_devices(session)[device_id] = device
    return device


def _locked_devices(session: Session) -> dict[str, Device]:
    return kept_for_transaction(session, _DEVICE_LOCK, dict)


def _stored(session: Session, device_id: str, seq: int) -> Answer:
    row = session.get(ProcessedCommand, (device_id, seq))
    session.rollback()
    return Answer(**row.answer) if row else _lost(seq)  # type: ignore[typeddict-item]


def apply_one(session: Session, device_id: str, env: Mapping[str, Any]) -> Answer:
    """Apply one envelope in a transaction of its own; returns its (stored) answer.

    A unique-constraint clash or a deadlock may come from a concurrent command (two
    desks creating the same person at once): the command is run again in a fresh
    transaction. A clash that survives that is the command's own fault and is
    answered as a rejection, so it cannot block the queue behind it.
    """
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            return _apply_once(session, device_id, env)
        except (IntegrityError, OperationalError) as exc:
            session.rollback()
            if isinstance(exc, OperationalError) and not _retryable(exc):
                raise
            if attempt < _ATTEMPTS:
                continue
            if isinstance(exc, OperationalError):
                raise
            return _reject(session, device_id, env, _clash(exc))
    raise AssertionError("unreachable")


_ATTEMPTS = 3


def _retryable_fault(exc: BaseException) -> bool:
    return isinstance(exc, OperationalError) and _retryable(exc)


def _retryable(exc: OperationalError) -> bool:
    # PostgreSQL: deadlock_detected, serialization_failure; SQLite: database is locked.
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return code in ("40P01", "40001") or "database is locked" in str(exc.orig)


def _apply_once(session: Session, device_id: str, env: Mapping[str, Any]) -> Answer:
    seq = int(env["device_seq"])
    device = _lock_device(session, device_id)
    if seq <= device.last_seq:
        return _stored(session, device_id, seq)
    if seq > device.last_seq + 1:
        session.rollback()
        raise Gap(device.last_seq + 1)
    held: list[Any] = []  # strongly, for the command's length (`_apply_group`)
    lock_in_order(session, *_named(session, [dict(env)]), held=held)
    keys = watch(session)
    try:
        result = _run(session, device, env, keys)
    except DomainError as exc:
        session.rollback()
        return _reject(session, device_id, env, exc)
    except IntegrityError:
        session.rollback()
        raise  # apply_one runs it again (a concurrent insert), then answers it
    except Exception as exc:
        session.rollback()
        if _server_fault(exc) or _retryable_fault(exc):
            raise
        problem = (
            msg("the database refused one of its values")
            if isinstance(exc, SQLAlchemyError)
            else type(exc).__name__
        )
        return _reject(session, device_id, env, _cannot_apply_data(exc, problem))
    except BaseException:
        session.rollback()
        raise
    answer = _answer(env, result, number_changes(session))
    _record(session, device, env, answer)
    session.commit()
    return answer


def _reject(session: Session, device_id: str, env: Mapping[str, Any], exc: DomainError) -> Answer:
    """Store a rejection in a transaction of its own (the effects are rolled back)."""
    seq = int(env["device_seq"])
    device = _lock_device(session, device_id)
    if seq <= device.last_seq:  # a concurrent push of the same command won
        return _stored(session, device_id, seq)
    answer = _rejection(env, exc)
    _record(session, device, env, answer)
    session.commit()
    return answer


def _record(session: Session, device: Device, env: Mapping[str, Any], answer: Answer) -> None:
    """Keep the answer, note it for the audit chain and move `last_seq` on, in the
    transaction of the effects."""
    session.add(ProcessedCommand(**_processed(device, env, answer)))
    audit.note(session, device, env, answer)
    device.last_seq = max(device.last_seq, int(env["device_seq"]))


def _processed(device: Device, env: Mapping[str, Any], answer: Answer) -> dict[str, Any]:
    return {
        "device_id": device.device_id,
        "device_seq": env["device_seq"],
        "command_id": _printable(env["command_id"], 36),
        "name": _printable(env["name"], 60),
        "answer": dict(answer),
        "processed_at": utcnow(),
    }


def _run(
    session: Session,
    device: Device,
    env: Mapping[str, Any],
    keys: set[tuple[str, str]],
    *,
    batched: bool = False,
) -> Any:
    """Check scope, run the command, check every row it wrote (`keys`, from `watch`).

    `batched`: neither flush nor check the rows here; the caller writes and checks a
    whole group at once (`_write_group`)."""
    name = env["name"]
    spec = SPECS.get(name)
    if spec is not None and spec.server_only:
        raise DomainError(
            msg("{command} is recorded by the server itself, not sent by a desk.", command=name),
            code="server_only",
        )
    signer = identity.check_signer(env)
    args = dict(env["args"])
    if name == "edit_record" and "base_version" not in args:
        # The edit's base is the version the desk saw; the envelope carries it.
        key = f"{args.get('table')}:{args.get('row_id')}"
        bases = env.get("base_versions")
        base = bases.get(key) if isinstance(bases, dict) else None
        if isinstance(base, int):
            args["base_version"] = base
    scope = list(device.district_codes)
    if signer is not None:
        # The operator acts within both the desk's districts and their own; the
        # name on the rows is the signer's, never an `actor` typed into the args.
        identity.check_role(signer, name)
        identity.check_office(signer, device.office_code)
        scope = identity.operator_districts(signer, scope)
        if not scope:
            raise identity.outside(
                signer,
                f"district {device.district_codes[0]}",
                "districts",
                list(signer.scope.get("districts") or []),
            )
        identity.check_places(signer, session, args, _named_rows(name, args))
        actor = signer.username
    else:
        actor = check_text(args.get("actor") or device.name, "actor", limit=60) or device.name
    check_scope(session, name, args, scope)
    lock_counted_rows(session, name, args)
    ctx = CommandContext(
        session=session,
        actor=actor,
        office_code=device.office_code,
        district_code=scope[0],
        device_id=device.device_id,
        command_id=env["command_id"],
        on_server=True,
        # A group's new rows go in one INSERT per table when it is numbered.
        add_row=partial(add_new, session) if batched else None,
    )
    # Our caller holds a savepoint (group) or rolls the transaction back (one by one).
    result = run_command(ctx, name, args, savepoint=False, flush=not batched)
    if batched:
        return result
    outside = first_out_of_scope(
        session, touched_rows(session, keys), lambda: touched_rows(session), scope
    )
    if outside is not None:
        raise _out_of_scope(outside[1], scope, outside[0])
    return result


def lock_counted_rows(session: Session, name: str, args: Mapping[str, Any]) -> None:
    """Lock the rows a command counts before it counts them (its catalogue `locks`).

    book_visit counts a slot's bookings (capacity, leased quotas) and an inmate's visits
    of the week, then moves the slot's seat counter; cancel_visit moves it back. Under
    PostgreSQL's READ COMMITTED two desks booking the last seat at once both counted it
    free and both took it (and the counter lost an update). `SELECT ... FOR UPDATE`
    (re-read: the row may have been loaded before the lock) makes them take turns; on
    SQLite write transactions are serialised already and no FOR UPDATE is emitted.
    """
    spec = SPECS.get(name)
    if spec is None or spec.locks is None:
        return
    locked = _locked(session) if session.get_bind().dialect.name == "postgresql" else set()
    for model, row_id in spec.locks(session, args):
        # the command refuses any other id; a row `lock_in_order` locked is fresh already
        if is_clean_text(row_id) and (model, row_id) not in locked:
            session.get(model, row_id, with_for_update={"key_share": True}, populate_existing=True)


def _out_of_scope(district: str, scope: list[str], what: str) -> OutOfScope:
    return OutOfScope(
        msg(
            "This desk works for {scope}; {what} belongs to district {district}.",
            scope=", ".join(scope),
            what=what,
            district=district,
        ),
        hints={"district_code": district, "scope": scope},
    )


def check_scope(session: Session, name: str, args: Mapping[str, Any], scope: list[str]) -> None:
    """Refuse a command whose record lies outside the device's districts.

    New records: the district, tehsil or prison named in the arguments. Existing
    records: the district of the row the arguments name. (After the command runs,
    every row it wrote is checked as well.) Unknown codes are left to the command,
    which answers with its own message.
    """
    district = args.get("district_code")
    if is_clean_text(district, 8) and district and district not in scope:
        try:
            reference.district(district)
        except NotFound:
            pass  # the command refuses an unknown district, as a desk does
        else:
            raise _out_of_scope(district, scope, "the record")
    for key, lookup in (("tehsil_code", reference.tehsil), ("prison_code", reference.prison)):
        code = args.get(key)
        if is_clean_text(code, 16) and code:
            try:
                owner = lookup(code).district_code
            except NotFound:
                continue
            if owner not in scope:
                raise _out_of_scope(owner, scope, f"{key.split('_')[0]} {code}")
    for model, row_id in _named_rows(name, args):
        if not is_clean_text(row_id):
            continue
        row = find_in(session, model, row_id)  # the command will find it there too
        if row is None:
            continue
        entry = (model.__tablename__, row_id, row.district_code, False, row)
        outside = first_out_of_scope(
            session, [entry], lambda: touched_rows(session, flush=False), scope
        )
        if outside is not None:
            raise _out_of_scope(outside[1], scope, outside[0])


def _named_rows(name: str, args: Mapping[str, Any]) -> list[tuple[type[Any], Any]]:
    """The existing rows a command's arguments name (not the one it creates)."""
    spec = SPECS.get(name)
    created = spec.creates if spec is not None else None
    named: list[tuple[type[Any], Any]] = [
        (RECORD_ARGS[k], v) for k, v in args.items() if k in RECORD_ARGS and k != created
    ]
    table = args.get("table")
    if name == "edit_record" and isinstance(table, str) and table in SYNCED_TABLES:
        named.append((SYNCED_TABLES[args["table"]], args.get("row_id")))
    return named
