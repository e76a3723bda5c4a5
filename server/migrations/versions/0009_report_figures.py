"""report figures: the dashboard's numbers per district, day and metric, a synced table.

Revision ID: 0009
Revises: 0008
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: Union[str, Sequence[str], None] = "0008"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "report_figures",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("metric", sa.String(length=48), nullable=False),
        sa.Column("value", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("district_code", sa.String(length=8), nullable=False),
        sa.Column("office_code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sync_state", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_figures")),
    )
    op.create_index("ix_report_figures_district_code_day", "report_figures",
                    ["district_code", "day"])
    if op.get_bind().dialect.name == "postgresql":  # the feed index of every synced table
        op.create_index("ix_report_figures_district_version", "report_figures",
                        ["district_code", "version"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_report_figures_district_version", table_name="report_figures")
    op.drop_index("ix_report_figures_district_code_day", table_name="report_figures")
    op.drop_table("report_figures")
