"""Signed commands and logins on the desk (DESIGN.md "Identity, roles and audit"):
the outbox keeps each command's signing operator and signature; `operator_credentials`
holds what this desk keeps of an operator who logged in here online (offline-login
verifier, the wrapped private key, the lock-out counter). The synced `operators`
table came in 0003.

The old local accounts (`operator:<name>` sync facts, PBKDF2) are removed: accounts
now come from the server, and every operator logs in online once on this desk. No
work is lost: rows and outbox entries stay; commands queued before this revision
carry no signature and are sent as they are (the server answers them).

Revision ID: 0004
Revises: 0003
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: Union[str, Sequence[str], None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("operator_id", sa.String(length=36), nullable=True))
        batch.add_column(sa.Column("signature", sa.String(length=100), nullable=True))
    op.create_table(
        "operator_credentials",
        sa.Column("operator_id", sa.String(length=36), nullable=False),
        sa.Column("username", sa.String(length=30), nullable=False),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.Column("verifier", sa.Text(), nullable=False),
        sa.Column("salt", sa.String(length=64), nullable=False),
        sa.Column("kdf", sa.JSON(), nullable=False),
        sa.Column("wrapped_key", sa.Text(), nullable=False),
        sa.Column("public_key", sa.String(length=100), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_online_login", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("operator_id", name=op.f("pk_operator_credentials")),
        sa.UniqueConstraint("username", name=op.f("uq_operator_credentials_username")),
    )
    # Local PBKDF2 accounts of the first desks: replaced by server accounts.
    op.execute("DELETE FROM sync_facts WHERE key LIKE 'operator:%'")


def downgrade() -> None:
    op.drop_table("operator_credentials")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("signature")
        batch.drop_column("operator_id")
