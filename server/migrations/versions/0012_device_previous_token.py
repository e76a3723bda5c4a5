"""device previous token: a rotated-away token stays good until the new one is used.

A desk rotates its token with POST /devices/rotate. If the answer is lost after the
server saved the new token (connection cut, desk killed before it kept the token), the
desk still holds only the old one. The device row now keeps the old token's hash and
until when it is still accepted (`server.devices.rotate`); the first call with the new
token, or that time passing, ends it. Unique like `token_hash`, so a token names one
device.

Revision ID: 0012
Revises: 0011
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: Union[str, Sequence[str], None] = "0011"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("previous_token_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("previous_token_until", sa.DateTime(timezone=True), nullable=True)
        )
    op.create_index(
        "ix_devices_previous_token_hash", "devices", ["previous_token_hash"], unique=True
    )


def downgrade() -> None:
    op.drop_index("ix_devices_previous_token_hash", table_name="devices")
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.drop_column("previous_token_until")
        batch_op.drop_column("previous_token_hash")
