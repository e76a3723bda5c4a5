"""voucher_exceptions: the district's payment exceptions as a synced table.

The server's own ledger (`payment_exceptions`) keeps every exception; each one that
belongs to a district is also written here, in the same transaction, so it reaches
the district's desks by the ordinary pull and a supervisor clears it with the
`clear_payment_exception` command. Exceptions raised before this
revision get their copies at the next server start (`exception_rows.backfill`, run by
`prepare_database` through a tracked session, so they are numbered for the feed).

Revision ID: 0008
Revises: 0007
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: Union[str, Sequence[str], None] = "0007"
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
    if op.get_bind().dialect.name == "postgresql":
        op.create_index("ix_voucher_exceptions_district_version", "voucher_exceptions",
                        ["district_code", "version"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_voucher_exceptions_district_version", table_name="voucher_exceptions")
    op.drop_index("ix_vouchers_issued_at", "vouchers")
    op.drop_index("ix_voucher_exceptions_voucher_id", "voucher_exceptions")
    op.drop_table("voucher_exceptions")
