"""The desktop's local store: one encrypted SQLite file per operator profile.

`LocalStore.execute` is the transactional outbox (DESIGN.md principle 2): the command's
rows, their pre-images and the outbox entry are written in one SQLite transaction.
Each command is signed there by the logged-in operator (`signer`), over the device id
and number of the store's enrolment record; with nobody logged in, or on a store
whose device the server revoked, no command is made.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, func, select
from sqlalchemy.orm import Session, sessionmaker

from domain.commands import CommandContext, CommandResult, run_command
from domain.commands.licences import applicant_seen
from domain.errors import DomainError
from domain.ids import new_id, utcnow
from domain.models import SYNCED_TABLES, FieldConflict
from domain.models.base import table_of
from domain.reference_tables import fill_reference_tables
from sync.attachments import DeskAttachments
from sync.collector import collector_paused
from sync.store.batch import BULK_PLANNERS, BULK_SLICE, insert_rows, plain_name
from sync.store.client_models import OutboxCommand, ShadowRow, SyncFact
from sync.store.engine import open_engine, pragma_outside_transaction
from sync.store.keys import store_key
from sync.store.migrate import MigrationReport, migrate_store
from sync.store.profiles import store_path
from sync.store.signer import NotSignedIn, Signer, StoreLocked
from sync.store.tracking import WriteTracker

REVOKED_FACT = "device_revoked"


class BatchCancelled(Exception):
    """`execute_many` was stopped before its end: nothing of the batch was kept."""

    def __init__(self, done: int):
        super().__init__(f"Stopped after {done} rows; nothing was imported.")
        self.done = done


REVOKED_MESSAGE = (
    "The central server has revoked this computer's enrolment, so it cannot record or "
    "send work. Your work stays in the store. Ask the district administrator to "
    "enrol this computer again."
)


@dataclass
class Identity:
    """Who this store acts as: set at enrolment, or local placeholders before it."""

    device_id: str
    device_no: int | None
    office_code: str
    district_code: str


class LocalStore:
    def __init__(self, engine: Engine, path: Path, profile: str, migration: MigrationReport):
        self.engine = engine
        self.path = path
        self.profile = profile
        self.migration = migration
        self.sessions = sessionmaker(engine, autoflush=False, expire_on_commit=False)
        # SQLite has one writer; serialising writers here avoids busy waits.
        self.write_lock = threading.RLock()
        #: The operator whose unlocked key signs new commands; None: nobody logged in.
        self.signer: Signer | None = None
        #: The encrypted attachment cache (set by `open`).
        self.attachments: DeskAttachments | None = None
        #: Set when this process saw the revocation (the fact in the store is the record).
        self._revoked_here = False

    @classmethod
    def open(
        cls,
        profile: str,
        *,
        path: Path | None = None,
        key: str | None = None,
        key_file: Path | None = None,
        create: bool = True,
    ) -> LocalStore:
        """Open (creating when asked) and migrate a profile's store."""
        path = path or store_path(profile)
        if not create and not path.exists():
            raise FileNotFoundError(f"No store for profile {profile!r} at {path}.")
        key = key or store_key(profile, create=create and not path.exists(), key_file=key_file)
        engine = open_engine(path, key)
        # Scanned pages live beside the store, encrypted under a key derived from its key
        # (a migration moves the scans older stores kept in their rows there).
        attachments = DeskAttachments(path.parent / f"{path.stem}-attachments", key)
        report = migrate_store(engine, path, attachments=attachments)
        store = cls(engine, path, profile, report)
        store.attachments = attachments
        with engine.begin() as conn:
            fill_reference_tables(conn)
        if store.fact("device_id") is None:
            store.set_facts(device_id=f"local-{new_id()}")
        return store

    def close(self) -> None:
        self.signer = None
        self.engine.dispose()

    # -- who is working ------------------------------------------------------------
    def sign_in(self, signer: Signer) -> None:
        """From now on commands are made and signed by `signer` (after a login)."""
        if self.revoked():
            raise StoreLocked(REVOKED_MESSAGE)
        self.signer = signer

    def sign_out(self) -> None:
        """Drop the unlocked key (session locked, operator logged out)."""
        self.signer = None

    def revoked(self) -> str | None:
        """When the server revoked this device (ISO time), or None."""
        return self.fact(REVOKED_FACT) or None

    def lock_revoked(self) -> None:
        """The server refused this device as revoked: no one signs here again."""
        self.signer = None
        self._revoked_here = True
        if not self.revoked():
            self.set_facts(**{REVOKED_FACT: utcnow().isoformat()})

    def lift_revocation(self) -> None:
        """A new enrolment: the old device's revocation no longer applies."""
        self._revoked_here = False
        self.set_facts(**{REVOKED_FACT: ""})

    # -- facts ---------------------------------------------------------------------
    def fact(self, key: str, default: str | None = None) -> str | None:
        with self.sessions() as s:
            row = s.get(SyncFact, key)
            return row.value if row else default

    def set_facts(self, **values: Any) -> None:
        with self.write_lock, self.sessions.begin() as s:
            for key, value in values.items():
                s.merge(SyncFact(key=key, value=str(value)))

    def set_facts_durably(self, **values: Any) -> None:
        """`set_facts`, on disk before it returns: this one commit is synced
        (synchronous = FULL; the store otherwise runs NORMAL, which a power cut may
        take the last commits back from). For a fact the server relies on once it is
        used, such as a rotated device token."""
        with self.write_lock, self.engine.connect() as conn:
            pragma_outside_transaction(conn, "PRAGMA synchronous = FULL")
            try:
                with Session(bind=conn) as s, s.begin():
                    for key, value in values.items():
                        s.merge(SyncFact(key=key, value=str(value)))
            finally:
                pragma_outside_transaction(conn, "PRAGMA synchronous = NORMAL")

    def identity(self) -> Identity:
        with self.sessions() as s:
            facts = {f.key: f.value for f in s.scalars(select(SyncFact))}
        no = facts.get("device_no")
        return Identity(
            device_id=facts.get("device_id", "local"),
            device_no=int(no) if no else None,
            office_code=facts.get("office_code", "UNENROLLED"),
            district_code=facts.get("district_code", "PSH"),
        )

    # -- commands ------------------------------------------------------------------
    def execute(
        self, name: str, args: dict[str, Any], *, actor: str | None = None
    ) -> CommandResult:
        """Run a command locally and append it to the outbox, signed by the logged-in
        operator, all or nothing. `actor`, when given, must be that operator's
        username (a caller naming someone else is a mistake, never a second identity).
        `NotSignedIn` with nobody logged in; `StoreLocked` on a revoked device."""
        signer = self.signer
        if self._revoked_here:
            raise StoreLocked(REVOKED_MESSAGE)
        if signer is None:
            raise NotSignedIn()
        if actor is not None and actor != signer.username:
            raise ValueError(f"A command of {signer.username!r} cannot be recorded as {actor!r}.")
        actor = signer.username
        args = dict(args)
        args.setdefault("at", utcnow().isoformat())
        args["actor"] = actor
        me = self.identity()
        with self.write_lock, self.sessions.begin() as s:
            revoked = s.get(SyncFact, REVOKED_FACT)  # in this transaction: a revocation wins a race
            if revoked is not None and revoked.value:
                raise StoreLocked(REVOKED_MESSAGE)
            seq = (s.scalar(select(func.max(OutboxCommand.device_seq))) or 0) + 1
            return self._run_one(s, signer, me, seq, name, args)

    def _run_one(
        self, s: Session, signer: Signer, me: Identity, seq: int, name: str, args: dict[str, Any]
    ) -> CommandResult:
        """One command in the session `s`, appended to the outbox as number `seq`."""
        command_id = args.pop("command_id", None) or new_id()
        if name == "edit_record" and "base_values" not in args:
            args["base_values"] = _values_replaced(s, args)
        if name == "submit_licence_application" and "applicant_seen" not in args:
            # The applicant as this desk holds them: the server merges the details
            # typed on the form with edits made elsewhere, field by field.
            seen = applicant_seen(s, args)
            if seen is not None:
                args["applicant_seen"] = seen
        tracker = WriteTracker(s)
        try:
            ctx = CommandContext(
                session=s,
                actor=signer.username,
                office_code=me.office_code,
                district_code=me.district_code,
                device_id=me.device_id,
                command_id=command_id,
                on_server=False,
            )
            # No savepoint of its own: `execute` rolls its whole transaction back on an
            # error and `execute_many` holds one around each command.
            result = run_command(ctx, name, args, savepoint=False)
        finally:
            tracker.close()
        signature = signer.sign_command(
            me.device_id, me.device_no or 0, seq, command_id, name, args
        )
        s.add(
            OutboxCommand(
                device_seq=seq,
                command_id=command_id,
                name=name,
                args=args,
                base_versions=tracker.base_versions,
                actor=signer.username,
                operator_id=signer.operator_id,
                signature=signature,
                client_time=utcnow(),
                state="pending",
                touched=[list(k) for k in tracker.touched],
            )
        )
        return result

    def execute_many(
        self,
        name: str,
        batch: Iterable[dict[str, Any]],
        *,
        dry_run: bool = False,
        on_each: Callable[[int, CommandResult | DomainError], None] | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> list[CommandResult | DomainError]:
        """Many commands of one kind in ONE transaction (a bulk import): each runs in a
        savepoint, so one refused by the domain's rules is left out with its error and
        the others go on; all that passed are committed together at the end, or none
        (`dry_run`, a raised error, or `stop()` turning true: `ImportCancelled`). The
        results come back in order, a `DomainError` for each command refused.
        `on_each(n, result)` is called after each (on this thread). A command with a
        batch form (`sync.store.batch.BULK_PLANNERS`: `record_mutation`) is checked
        and written by slices instead of one savepoint each, keeping the same rows."""
        signer = self.signer
        if self._revoked_here:
            raise StoreLocked(REVOKED_MESSAGE)
        if signer is None:
            raise NotSignedIn()
        me = self.identity()
        if name in BULK_PLANNERS:
            return self._execute_bulk(
                name, batch, signer, me, dry_run=dry_run, on_each=on_each, stop=stop
            )
        results: list[CommandResult | DomainError] = []
        with self.write_lock, self.sessions() as s:
            s.begin()
            try:
                revoked = s.get(SyncFact, REVOKED_FACT)
                if revoked is not None and revoked.value:
                    raise StoreLocked(REVOKED_MESSAGE)
                seq = (s.scalar(select(func.max(OutboxCommand.device_seq))) or 0) + 1
                for n, raw in enumerate(batch):
                    if stop is not None and stop():
                        raise BatchCancelled(n)
                    args = dict(raw)
                    args.setdefault("at", utcnow().isoformat())
                    args["actor"] = signer.username
                    outcome: CommandResult | DomainError
                    try:
                        with s.begin_nested():
                            outcome = self._run_one(s, signer, me, seq, name, args)
                        seq += 1
                    except DomainError as exc:
                        outcome = exc
                    results.append(outcome)
                    if on_each is not None:
                        on_each(n, outcome)
                if dry_run:
                    s.rollback()
                else:
                    s.commit()
            except BaseException:
                s.rollback()
                raise
        return results

    def _execute_bulk(
        self,
        name: str,
        batch: Iterable[dict[str, Any]],
        signer: Signer,
        me: Identity,
        *,
        dry_run: bool,
        on_each: Callable[[int, CommandResult | DomainError], None] | None,
        stop: Callable[[], bool] | None,
    ) -> list[CommandResult | DomainError]:
        """`execute_many` for a command with a batch form (`BULK_PLANNERS`): the
        domain checks a slice of commands by the command's own rules without writing,
        and their rows, shadows and signed outbox entries go in with one executemany
        per table. What is kept equals running each command through `_run_one` (a
        test compares the two), at a fraction of the cost per row: each command still
        travels, signed, on its own."""
        planner = BULK_PLANNERS[name]
        results: list[CommandResult | DomainError] = []
        items = iter(batch)
        # The collector off: a slice's argument dicts and row values would set off
        # collections that walk the whole batch and free nothing (`sync.collector`).
        with collector_paused(), self.write_lock, self.sessions() as s:
            s.begin()
            try:
                revoked = s.get(SyncFact, REVOKED_FACT)
                if revoked is not None and revoked.value:
                    raise StoreLocked(REVOKED_MESSAGE)
                seq = (s.scalar(select(func.max(OutboxCommand.device_seq))) or 0) + 1
                n = 0
                while True:
                    chunk: list[tuple[CommandContext, dict[str, Any]]] = []
                    for raw in islice(items, BULK_SLICE):
                        if stop is not None and stop():
                            raise BatchCancelled(n + len(chunk))
                        args = dict(raw)
                        args.setdefault("at", utcnow().isoformat())
                        args["actor"] = signer.username
                        command_id = args.pop("command_id", None) or new_id()
                        chunk.append((self._context(s, signer, me, command_id), args))
                    if not chunk:
                        break
                    writes: dict[Table, list[dict[str, Any]]] = {}
                    shadows = writes.setdefault(table_of(ShadowRow), [])
                    outbox = writes.setdefault(table_of(OutboxCommand), [])
                    planned = planner(s, chunk)
                    for (ctx, args), outcome in zip(chunk, planned, strict=True):
                        if isinstance(outcome, DomainError):
                            results.append(outcome)
                            continue
                        touched = []
                        for table, values in outcome.values():
                            values["sync_state"] = "pending"  # as `WriteTracker` marks it
                            writes.setdefault(table, []).append(values)
                            table_name = plain_name(table)
                            shadows.append(
                                {"table_name": table_name, "row_id": values["id"], "data": None}
                            )
                            touched.append([table_name, values["id"]])
                        outbox.append(
                            {
                                "device_seq": seq,
                                "command_id": ctx.command_id,
                                "name": name,
                                "args": args,
                                "base_versions": {},
                                "actor": signer.username,
                                "operator_id": signer.operator_id,
                                "signature": signer.sign_command(
                                    me.device_id,
                                    me.device_no or 0,
                                    seq,
                                    ctx.command_id,
                                    name,
                                    args,
                                    checked_plain=True,  # the planner's `checked` did
                                ),
                                "client_time": utcnow(),
                                "state": "pending",
                                "touched": touched,
                            }
                        )
                        seq += 1
                        results.append(outcome.result)
                    insert_rows(s, writes)
                    for done in results[n:]:
                        if stop is not None and stop():
                            raise BatchCancelled(n)
                        if on_each is not None:
                            on_each(n, done)
                        n += 1
                if dry_run:
                    s.rollback()
                else:
                    s.commit()
            except BaseException:
                s.rollback()
                raise
        return results

    @staticmethod
    def _context(s: Session, signer: Signer, me: Identity, command_id: str) -> CommandContext:
        return CommandContext(
            session=s,
            actor=signer.username,
            office_code=me.office_code,
            district_code=me.district_code,
            device_id=me.device_id,
            command_id=command_id,
            on_server=False,
        )

    # -- counts the status bar shows ---------------------------------------------------
    def pending_count(self) -> int:
        with self.sessions() as s:
            return (
                s.scalar(
                    select(func.count())
                    .select_from(OutboxCommand)
                    .where(OutboxCommand.state == "pending")
                )
                or 0
            )

    def attention_count(self) -> int:
        """Rejected commands not yet dismissed plus open field conflicts."""
        with self.sessions() as s:
            rejected = (
                s.scalar(
                    select(func.count())
                    .select_from(OutboxCommand)
                    .where(OutboxCommand.state.in_(("rejected", "conflict")))
                )
                or 0
            )
            conflicts = (
                s.scalar(
                    select(func.count())
                    .select_from(FieldConflict)
                    .where(FieldConflict.status == "open")
                )
                or 0
            )
        return rejected + conflicts


def _values_replaced(s: Session, args: dict[str, Any]) -> dict[str, Any]:
    """The values an edit replaces, as this desk shows them: the server merges an edit
    made on an older version field by field, and only with these can it tell a field
    changed on both sides (a conflict, both values kept) from one changed here alone.
    Without them the later edit would silently overwrite the earlier one."""
    from domain.commands.records import plain

    model = SYNCED_TABLES.get(str(args.get("table")))
    changes = args.get("changes")
    row = (
        s.get(model, args.get("row_id"))
        if model is not None and isinstance(args.get("row_id"), str)
        else None
    )
    if row is None or not isinstance(changes, dict):
        return {}
    return {f: plain(getattr(row, f)) for f in changes if isinstance(f, str) and hasattr(row, f)}
