"""Fetching the record a command acts on, with a clear message when it is missing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from domain.commands.context import CommandContext
from domain.errors import NotFound, msg

T = TypeVar("T")


#: The records commands look up, as words in messages (the interface translates them).
_WHAT_WORDS = {
    "application": msg("application"),
    "licence": msg("licence"),
    "licence holder": msg("licence holder"),
    "voucher": msg("voucher"),
    "mutation": msg("mutation"),
    "inmate": msg("inmate"),
    "visit slot": msg("visit slot"),
    "booking": msg("booking"),
    "conflict": msg("conflict"),
    "record": msg("record"),
    # edit_record names the table's row: persons -> "person" and so on
    "person": msg("person"),
    "licence application": msg("licence application"),
    "mutation party": msg("mutation party"),
    "approved visitor": msg("approved visitor"),
}


def get_row(ctx: CommandContext, model: type[T], row_id: str, what: str) -> T:
    row = find(ctx, model, row_id)
    if row is None:
        raise NotFound(
            msg(
                "No {what} with id {id} is known here; it may not have synced yet.",
                what=_WHAT_WORDS.get(what, what),
                id=row_id,
            )
        )
    return row


READ_AHEAD = "daftar_read_ahead"


@dataclass
class ReadAhead:
    """What a caller learnt in bulk before running a batch of commands in one session.

    The server applies a desk's commands a hundred at a time. Asking the database one
    row at a time (is this person new? is this application id or number unused?) was
    most of a push's cost on PostgreSQL, a network round trip each. The server reads
    the rows a group names in one query per table, which fills the identity map with
    those that exist, and records here those that do not and the unique values not in
    use. `find` and `value_free` answer from it; whatever it does not know goes to
    the database as before.

    A command that adds a row makes it exist: `forget_added` (a `transient_to_pending`
    listener) takes the row's id and unique values out and keeps the row in `added`,
    where `find` finds it. (`session.get` does not see a row added and not yet
    flushed: it flushed the whole batch to load it back, and a desk that makes an
    application and edits it in one push did that once per edit.)
    """

    absent: set[tuple[type[Any], str]] = field(default_factory=set)
    #: (table, column) -> values known not to be in use
    free: dict[tuple[str, str], set[Any]] = field(default_factory=dict)
    #: rows the batch added, by (model, id), until the batch is written
    added: dict[tuple[type[Any], str], Any] = field(default_factory=dict)

    def install(self, session: Session) -> None:
        session.info[READ_AHEAD] = self

    @staticmethod
    def remove(session: Session) -> None:
        session.info.pop(READ_AHEAD, None)


#: session.info key of the new rows a server's group keeps out of the session until it
#: writes them in bulk (`server.changes.add_new`): a `HeldRows`
NEW_ROWS = "daftar_new_rows"


class HeldRows(dict[tuple[str, str], Any]):
    """New rows kept out of the session, by (table, id), in the order they were made,
    and how the server writes them early (`write_now`, `take`)."""

    #: True while `take` adds a row to the session: it is not the adding command's.
    moving = False

    def __init__(
        self,
        write: Callable[[Session], None],
        take: Callable[[Session, tuple[str, str]], None],
    ):
        super().__init__()
        self._write = write
        self._take = take

    def write_now(self, session: Session) -> None:
        """Write them all now, as a flush would have: a query must see them."""
        if self:
            self._write(session)

    def take(self, session: Session, key: tuple[str, str]) -> None:
        """Put one of them (and the held rows it names) into the session as an added
        row: a command looked it up, and may change it."""
        if key in self:
            self._take(session, key)


def added_rows(session: Session) -> list[Any]:
    """The rows added in this transaction and not yet written: the session's new
    objects and those the server's group holds back (`NEW_ROWS`)."""
    return [*session.new, *session.info.get(NEW_ROWS, {}).values()]


def forget_added(session: Session, obj: Any) -> None:
    ahead: ReadAhead | None = session.info.get(READ_AHEAD)
    if ahead is None:
        return
    key = (type(obj), getattr(obj, "id", None))
    ahead.absent.discard(key)
    if key[1] is not None:
        ahead.added[key] = obj  # type: ignore[index]
    table = getattr(obj, "__tablename__", None)
    for (owner, column), values in ahead.free.items():
        if owner == table:
            values.discard(getattr(obj, column, None))


def find(ctx: CommandContext, model: type[T], row_id: str) -> T | None:
    """`session.get`, unless a read-ahead already knows the row (`find_in`)."""
    return find_in(ctx.session, model, row_id)


def find_in(session: Session, model: type[T], row_id: str) -> T | None:
    """`session.get`, unless a read-ahead already knows the row does not exist or
    that the batch added it (then without a flush)."""
    ahead: ReadAhead | None = session.info.get(READ_AHEAD)
    if ahead is not None:
        if (model, row_id) in ahead.absent:
            return None
        added = ahead.added.get((model, row_id))
        held: HeldRows | None = session.info.get(NEW_ROWS)
        if added is not None and held and (added.__tablename__, row_id) in held:
            held.take(session, (added.__tablename__, row_id))
        if added is not None and added in session:
            _fill_defaults(added)
            return added  # type: ignore[no-any-return]
    return session.get(model, row_id)


def _fill_defaults(obj: Any) -> None:
    """Give a row not yet flushed the plain column defaults its flush would (a new
    person's `version` 0, not None): a later command of the batch reads it as it
    would read it after a flush."""
    for column in obj.__table__.columns:
        default = column.default
        if default is not None and default.is_scalar and column.key not in obj.__dict__:
            setattr(obj, column.key, default.arg)


def value_free(ctx: CommandContext, column: Any, value: Any) -> bool:
    """True if a read-ahead knows no row holds `value` in `column` (an ORM attribute);
    False means "not known": the caller asks the database."""
    ahead: ReadAhead | None = ctx.session.info.get(READ_AHEAD)
    if ahead is None:
        return False
    return value in ahead.free.get((column.class_.__tablename__, column.key), ())
