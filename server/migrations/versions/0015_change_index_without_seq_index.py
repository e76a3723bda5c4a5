"""change_index: no index on `seq` alone.

Every change-index entry written (a new row's, a row numbered again, every district's
entry of a person's row) went into four indexes. The one on `seq` alone served only
the bulk reindex of seeding (`server.changes.reindex_all`, a look-up of the few
numbers two rows share), never a push or a pull: pulls read by (district, seq), the
scope checksum by (table, district, deleted, seq), the numbering by the key. The
entries are written while the feed counter is held (`server.changes.numbering_ctes`),
so a push held it for one index less.

Revision ID: 0015
Revises: 0014
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0015"
down_revision: Union[str, Sequence[str], None] = "0014"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.drop_index("ix_change_index_seq", table_name="change_index")


def downgrade() -> None:
    op.create_index("ix_change_index_seq", "change_index", ["seq"], unique=False)
