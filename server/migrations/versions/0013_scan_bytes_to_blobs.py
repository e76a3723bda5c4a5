"""scan bytes to blobs: a mutation scan's bytes leave its synced row for the blob store.

Rows of `mutation_scans` written before attachments existed (or by a desk sending
the old `scan.content_b64` argument) hold the scanned page itself in `content`; every
change feed page and every bootstrap carried those bytes. Each such row's bytes are
kept in the server's blob store (`server.blobs`, content-addressed by sha256, where a
desk fetches a scan when it is opened) and the row's `content` is emptied. The feed
no longer sends the column at all (`server.feed.NEVER_SENT`).

The blob store is the one `server.migrate.upgrade` is given (`blobs`), else the
one the app keeps by default (`server.blobs.blob_folder`: beside an SQLite file, or
in the user data directory). The downgrade
leaves the bytes in the blob store: the rows find them there by their hash.

Revision ID: 0013
Revises: 0012
"""
from typing import Sequence, Union

from alembic import context, op

revision: str = "0013"
down_revision: Union[str, Sequence[str], None] = "0012"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    from server.blobs import FolderBlobStore, blob_folder, move_scan_bytes

    conn = op.get_bind()
    store = context.config.attributes.get("blobs")
    if store is None:
        store = FolderBlobStore(blob_folder(None, conn.engine.url))
    move_scan_bytes(conn, store)


def downgrade() -> None:
    pass
