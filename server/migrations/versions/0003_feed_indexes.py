"""feed indexes: (district_code, version) on every synced table, on PostgreSQL only.

A pull page's rows are read as a range of versions within the device's districts
(`server.feed._fetch_json_range`) instead of by id: the random-order key lookups of a
500,000-application bootstrap cost PostgreSQL more than the rest of the page. These
indexes belong to the server alone (the desks' stores, built from the same models,
do not need them), so they are not declared in the models; `server.feed.FEED_INDEXES`
names them. SQLite servers read by id and do not get them. Creating an index locks
its table against writes while it builds; on a large live database run this step in
a quiet hour.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 23:40:00

"""
from typing import Sequence, Union

from alembic import op


revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# The synced tables when this was written (domain.models.SYNCED_MODELS).
TABLES = ('persons', 'licence_applications', 'licences', 'vouchers', 'psid_leases', 'mutations',
          'mutation_parties', 'mutation_scans', 'inmates', 'approved_visitors', 'visit_slots',
          'visit_bookings', 'record_events', 'field_conflicts')


def upgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table in TABLES:
        op.create_index(f'ix_{table}_district_version', table, ['district_code', 'version'])


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table in TABLES:
        op.drop_index(f'ix_{table}_district_version', table_name=table)
