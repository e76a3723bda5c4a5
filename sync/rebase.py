"""Rebase: client state = last server state + pending commands replayed on top.

After a round's push and pull, every shadowed row is put back to the server's state
and the commands still pending run again in device order (DESIGN.md principle 3).
Rows touched by a command the server rejected are marked so the operator sees why.
"""

from __future__ import annotations

import base64
import logging
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from domain.commands import CommandContext, run_command
from domain.errors import DomainError
from domain.models import SYNCED_TABLES, FieldConflict
from sync.store.client_models import OutboxCommand, ShadowRow
from sync.store.local import LocalStore
from sync.store.tracking import WriteTracker

log = logging.getLogger(__name__)


def _restore(session: Session, table: str, row_id: str, data: dict[str, Any] | None) -> None:
    conn = session.connection()
    if data is None:
        conn.exec_driver_sql(f'DELETE FROM "{table}" WHERE id = ?', (row_id,))
        return
    values = {
        k: base64.b64decode(v["b64"]) if isinstance(v, dict) and "b64" in v else v
        for k, v in data.items()
    }
    columns = list(values)
    cols = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != "id")
    conn.exec_driver_sql(
        f'INSERT INTO "{table}" ({cols}) VALUES ({marks}) ON CONFLICT(id) DO UPDATE SET {updates}',
        tuple(values[c] for c in columns),
    )


def rebase(store: LocalStore) -> int:
    """Restore server state under pending work and replay it; returns commands replayed."""
    me = store.identity()
    with store.write_lock, store.sessions.begin() as s:
        shadows = list(s.scalars(select(ShadowRow)))
        pending = list(
            s.scalars(
                select(OutboxCommand)
                .where(OutboxCommand.state == "pending")
                .order_by(OutboxCommand.device_seq)
            )
        )
        if shadows:
            s.connection().exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            for sh in shadows:
                _restore(s, sh.table_name, sh.row_id, sh.data)
            s.execute(delete(ShadowRow))
            s.expire_all()
        for cmd in pending:
            tracker = WriteTracker(s)
            try:
                ctx = CommandContext(
                    session=s,
                    actor=cmd.actor,
                    office_code=me.office_code,
                    district_code=me.district_code,
                    device_id=me.device_id,
                    command_id=cmd.command_id,
                )
                run_command(ctx, cmd.name, dict(cmd.args))
                s.flush()
                cmd.local_error = None
                cmd.touched = [list(k) for k in tracker.touched]
            except DomainError as exc:
                # The server will answer it; meanwhile its effect is not shown.
                cmd.local_error = exc.message
            finally:
                tracker.close()
        _mark_attention(s)
    return len(pending)


def _mark_attention(s: Session) -> None:
    """Rows that a rejected command touched say "rejected"; rows with an open field
    conflict say "conflict" (unless newer local work is pending on them)."""
    for cmd in s.scalars(
        select(OutboxCommand).where(OutboxCommand.state.in_(("rejected", "conflict")))
    ):
        for table, row_id in cmd.touched:
            model = SYNCED_TABLES.get(table)
            if model is not None:
                s.execute(
                    update(model)
                    .where(model.id == row_id, model.sync_state == "synced")
                    .values(sync_state="rejected" if cmd.state == "rejected" else "conflict")
                )
    for conflict in s.scalars(select(FieldConflict).where(FieldConflict.status == "open")):
        model = SYNCED_TABLES.get(conflict.table_name)
        if model is not None:
            s.execute(
                update(model)
                .where(model.id == conflict.row_id, model.sync_state == "synced")
                .values(sync_state="conflict")
            )
