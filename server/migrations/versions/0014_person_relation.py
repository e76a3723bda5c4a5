"""persons.relation: whose name the person's father_name is (son_of, daughter_of, wife_of).

A CNIC names a father or, for a married woman, a husband; the licence card prints
S/O, D/O or W/O before that name. Records made before the relation was stored take
what their CNIC's gender implies (last digit odd: son_of; even: daughter_of), which is
what the card printed for them unless the operator said "husband" at printing time.
Rows are not re-versioned: every desk migrates its own copy the same way.

Revision ID: 0014
Revises: 0013
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: Union[str, Sequence[str], None] = "0013"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("relation", sa.String(length=12), nullable=False, server_default="")
        )
    op.execute(
        "UPDATE persons SET relation = CASE"
        " WHEN gender = 'female' THEN 'daughter_of'"
        " WHEN gender = 'male' THEN 'son_of'"
        " WHEN substr(cnic, 13, 1) IN ('0', '2', '4', '6', '8') THEN 'daughter_of'"
        " ELSE 'son_of' END"
    )


def downgrade() -> None:
    # Not in batch mode: SQLite (3.35+) drops a column in place, where a batch would copy
    # the table and trip the foreign keys of the rows that refer to persons.
    op.drop_column("persons", "relation")
