"""Scanned pages out of their rows: `mutation_scans.content` bytes kept by older
stores move into the profile's encrypted attachment cache, named by their sha256
and marked to be sent to the server; the row keeps only the hash (DESIGN.md
"Attachments"). Safe to run again: the cache keeps each hash once, and a row whose
content is already empty is left alone.

Revision ID: 0009
Revises: 0008
"""
from typing import Sequence, Union

from alembic import context, op

from sync.attachments import sha256_of

revision: str = "0009"
down_revision: Union[str, Sequence[str], None] = "0008"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

#: Scans read per step (a scan may be several MB).
BATCH = 50


def upgrade() -> None:
    conn = op.get_bind()
    attachments = context.config.attributes.get("attachments")
    after = ""
    while True:
        rows = conn.exec_driver_sql(
            "SELECT id, sha256, content FROM mutation_scans "
            "WHERE length(content) > 0 AND id > ? ORDER BY id LIMIT ?",
            (after, BATCH),
        ).all()
        if not rows:
            return
        if attachments is None:
            raise RuntimeError(
                "This store keeps scans inside its rows; it must be opened with its "
                "attachment folder to move them out (LocalStore.open does)."
            )
        for row_id, sha, content in rows:
            data = bytes(content)
            kept = attachments.put(data)  # marked to send: the server has no blob of it yet
            if sha != kept:  # a row whose hash was wrong names its bytes now
                conn.exec_driver_sql(
                    "UPDATE mutation_scans SET sha256 = ? WHERE id = ?", (kept, row_id)
                )
            assert sha256_of(attachments.get(kept)) == kept
            conn.exec_driver_sql("UPDATE mutation_scans SET content = X'' WHERE id = ?", (row_id,))
            after = row_id


def downgrade() -> None:
    """The bytes stay in the attachment cache; rows keep naming them by hash."""
