"""report figures: one row per district and office day (server migration 0011).

The desk's copy of the first shape (one row per district, day and metric) is dropped,
not converted: the server numbers the new rows as new changes, so the next pull brings
them; until it has, the dashboard counts the desk's own records and says so.

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


def _drop() -> None:
    op.drop_index("ix_report_figures_district_code_day", table_name="report_figures")
    op.drop_table("report_figures")


def upgrade() -> None:
    _drop()
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


def downgrade() -> None:
    _drop()
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
