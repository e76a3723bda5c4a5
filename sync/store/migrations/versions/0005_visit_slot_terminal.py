"""visit bookings keep their meeting token (the unguessable part of the video link);
visit slots name their terminal: a prison's weekly template lists slots per video
terminal, each with its own capacity (issue 18). Existing slots ran on the one
terminal every prison has, "T1".

Revision ID: 0005
Revises: 0004
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("visit_slots") as batch:
        batch.add_column(sa.Column("terminal", sa.String(length=16), server_default="T1",
                                   nullable=False))


    with op.batch_alter_table("visit_bookings") as batch:
        batch.add_column(sa.Column("meeting_token", sa.String(length=64), server_default="",
                                   nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("visit_bookings") as batch:
        batch.drop_column("meeting_token")
    with op.batch_alter_table("visit_slots") as batch:
        batch.drop_column("terminal")
