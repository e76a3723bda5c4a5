"""voucher_exceptions on the desk: the district's payment exceptions as pulled; vouchers
indexed by issue time (the payments workspace lists them newest first).

Revision ID: 0006
Revises: 0005
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: Union[str, Sequence[str], None] = "0005"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "voucher_exceptions",
        sa.Column("ledger_key", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("voucher_id", sa.String(length=36), nullable=True),
        sa.Column("psid", sa.String(length=30), nullable=True),
        sa.Column("bank_code", sa.String(length=12), nullable=True),
        sa.Column("tran_auth_id", sa.String(length=40), nullable=True),
        sa.Column("expected_paisa", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("paid_paisa", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("detail", sa.String(length=500), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("cleared_by", sa.String(length=120), nullable=True),
        sa.Column("cleared_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("district_code", sa.String(length=8), nullable=False),
        sa.Column("office_code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sync_state", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voucher_exceptions")),
        sa.UniqueConstraint("ledger_key", name=op.f("uq_voucher_exceptions_ledger_key")),
    )
    op.create_index("ix_voucher_exceptions_voucher_id", "voucher_exceptions", ["voucher_id"])
    # The payments workspace lists vouchers newest first, a page at a time.
    op.create_index("ix_vouchers_issued_at", "vouchers", ["issued_at"])


def downgrade() -> None:
    op.drop_index("ix_vouchers_issued_at", "vouchers")
    op.drop_index("ix_voucher_exceptions_voucher_id", "voucher_exceptions")
    op.drop_table("voucher_exceptions")
