"""payment ledger keyed the way banks issue payments: (bank, tran_auth_id, tran_date, psid).

Until now a payment was (bank, tran_auth_id) for ever, so a bank reusing a 6-character
authorisation id days later, or for another consumer number, had a genuine payment
answered "duplicate" and dropped (issue 12.4). The bank's transaction date joins the
key; existing rows get the Karachi office day of their `paid_at`, which is what the
gateway reported as the bank's date for every payment recorded so far.

The table is rebuilt on SQLite (batch mode) and altered in place on PostgreSQL; the
ledger is small next to the synced tables, so this is quick on a live server.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 20:40:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Add tran_date, fill it from paid_at, and key the ledger on all four fields."""
    with op.batch_alter_table('payment_ledger', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tran_date', sa.Date(), nullable=True))
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("UPDATE payment_ledger SET tran_date = "
                   "(paid_at AT TIME ZONE 'Asia/Karachi')::date")
    else:  # SQLite keeps paid_at as naive UTC text; Karachi is UTC+5 all year
        op.execute("UPDATE payment_ledger SET tran_date = date(paid_at, '+5 hours')")
    with op.batch_alter_table('payment_ledger', schema=None) as batch_op:
        batch_op.alter_column('tran_date', existing_type=sa.Date(), nullable=False)
        batch_op.drop_constraint('uq_payment_ledger_bank_mnemonic_tran_auth_id', type_='unique')
        batch_op.create_unique_constraint(
            'uq_payment_ledger_bank_transaction',
            ['bank_mnemonic', 'tran_auth_id', 'tran_date', 'psid'])


def downgrade() -> None:
    """Back to (bank, tran_auth_id): fails if the ledger already holds a reused id."""
    with op.batch_alter_table('payment_ledger', schema=None) as batch_op:
        batch_op.drop_constraint('uq_payment_ledger_bank_transaction', type_='unique')
        batch_op.create_unique_constraint('uq_payment_ledger_bank_mnemonic_tran_auth_id',
                                          ['bank_mnemonic', 'tran_auth_id'])
        batch_op.drop_column('tran_date')
