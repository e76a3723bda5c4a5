"""A full-text (FTS5 trigram) index over the licence list, kept current by triggers.

Revision ID: 0008
Revises: 0007
"""
from typing import Sequence, Union

from alembic import op

from sync.store import search_index

revision: str = "0008"
down_revision: Union[str, Sequence[str], None] = "0007"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    search_index.create(op.get_bind())


def downgrade() -> None:
    conn = op.get_bind()
    search_index.drop_triggers(conn)
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {search_index.TABLE}")
