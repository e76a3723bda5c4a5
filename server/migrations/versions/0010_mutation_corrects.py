"""mutations.corrects_id: a correcting mutation names the attested one it corrects.

Revision ID: 0010
Revises: 0009
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: Union[str, Sequence[str], None] = "0009"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("mutations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("corrects_id", sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f("ix_mutations_corrects_id"), ["corrects_id"], unique=False)


def downgrade() -> None:
    # Not in batch mode: SQLite (3.35+) drops a column in place, where a batch would copy
    # the table and trip the foreign keys of the rows that refer to mutations.
    op.drop_index("ix_mutations_corrects_id", table_name="mutations")
    op.drop_column("mutations", "corrects_id")
