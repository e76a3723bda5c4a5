"""report figures: one row per district and office day (every figure a column,
applications by status too) instead of one per district, day and metric.

The seed figures made 352,000 rows of the first shape: an id, version, scope and two
timestamps (and a change-index entry) for each single number. The rows are not carried
over: the payment jobs' next round (or `refresh(engine)`) recomputes them from the
records and numbers them as new changes, so every desk pulls the new shape. Their old
change-index entries go too (desks recreate their table in store migration 0011).

Revision ID: 0011
Revises: 0010
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: Union[str, Sequence[str], None] = "0010"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_INT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_METRICS = (
    "applications_received",
    "vouchers_generated",
    "vouchers_paid",
    "collected_paisa",
    "in_process_paisa",
    "licences_issued",
    # applications received that day by their status now
    "status_submitted",
    "status_voucher_issued",
    "status_fee_paid",
    "status_verified",
    "status_verification_failed",
    "status_approved",
    "status_rejected",
    "status_weapon_entered",
    "status_licence_issued",
    "status_cancelled",
)


def _synced_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", _INT, nullable=False),
        sa.Column("district_code", sa.String(length=8), nullable=False),
        sa.Column("office_code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sync_state", sa.String(length=10), nullable=False),
    ]


def _drop(postgres: bool) -> None:
    if postgres:
        op.drop_index("ix_report_figures_district_version", table_name="report_figures")
    op.drop_index("ix_report_figures_district_code_day", table_name="report_figures")
    op.drop_table("report_figures")
    op.execute("DELETE FROM change_index WHERE table_name = 'report_figures'")


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    _drop(postgres)
    op.create_table(
        "report_figures",
        sa.Column("day", sa.Date(), nullable=False),
        *(sa.Column(m, _INT, nullable=False) for m in _METRICS),
        *_synced_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_figures")),
    )
    op.create_index(
        "ix_report_figures_district_code_day", "report_figures", ["district_code", "day"],
        unique=True,
    )
    if postgres:  # the feed index of every synced table
        op.create_index("ix_report_figures_district_version", "report_figures",
                        ["district_code", "version"])


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    _drop(postgres)
    op.create_table(
        "report_figures",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("metric", sa.String(length=48), nullable=False),
        sa.Column("value", _INT, nullable=False),
        *_synced_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_figures")),
    )
    op.create_index("ix_report_figures_district_code_day", "report_figures",
                    ["district_code", "day"])
    if postgres:
        op.create_index("ix_report_figures_district_version", "report_figures",
                        ["district_code", "version"])
