"""Index applicant names in Urdu for prefix search in the licence list.

Revision ID: 0002
Revises: 0001
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index("ix_licence_applications_applicant_name_ur", "licence_applications",
                    ["applicant_name_ur"], if_not_exists=True)


def downgrade() -> None:
    op.drop_index("ix_licence_applications_applicant_name_ur", "licence_applications")
