"""person scopes: a change-index entry per (row, district), and persons linked to
every district that names them (server/scope.py).

A person used to carry one district in the change index, and a new application in
another district moved them there: the first district's desks lost the applicant of
their own applications. The index's key becomes (table_name, row_id, district_code)
and `seq` stops being unique (a person's entries in several districts share their
number); an index on (table_name, district_code, deleted, seq) lets the scope checksum
count a person-scoped table's entries in a district from the index alone. Every person named by an application or licence of a district their entries
lack gets an entry there, and so do the field conflicts and history lines about them;
those rows take fresh change numbers (above the feed counter) so that desks of the new
district, whose cursors are past the old numbers, receive them. Run with the server
stopped (as every migration here is).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 20:40:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_NAMED = ("SELECT person_id, district_code FROM licence_applications "
          "UNION SELECT person_id, district_code FROM licences")
_FOLLOWERS = (("field_conflicts", "row_id", "table_name"),
              ("record_events", "record_id", "record_type"))


def _set_key(columns: list[str], unique_seq: bool) -> None:
    with op.batch_alter_table('change_index', recreate='auto') as batch_op:
        batch_op.drop_index('ix_change_index_seq')
        batch_op.drop_constraint('pk_change_index', type_='primary')
        batch_op.create_primary_key('pk_change_index', columns)
        batch_op.create_index('ix_change_index_seq', ['seq'], unique=unique_seq)


def upgrade() -> None:
    _set_key(['table_name', 'row_id', 'district_code'], unique_seq=False)
    with op.batch_alter_table('change_index') as batch_op:
        batch_op.create_index('ix_change_index_table_district',
                              ['table_name', 'district_code', 'deleted', 'seq'])
    conn = op.get_bind()
    missing = conn.execute(sa.text(
        f"SELECT DISTINCT n.person_id, n.district_code FROM ({_NAMED}) AS n "
        "JOIN persons AS p ON p.id = n.person_id WHERE NOT EXISTS (SELECT 1 FROM change_index c "
        "WHERE c.table_name = 'persons' AND c.row_id = n.person_id "
        "AND c.district_code = n.district_code) ORDER BY n.person_id, n.district_code")).all()
    if not missing:
        return
    gained: dict[str, list[str]] = {}
    for person_id, district in missing:
        gained.setdefault(person_id, []).append(district)
    top = int(conn.execute(sa.text("SELECT value FROM feed_counter WHERE id = 1")).scalar() or 0)
    for person_id, districts in gained.items():
        held = [d for (d,) in conn.execute(sa.text(
            "SELECT district_code FROM change_index WHERE table_name = 'persons' "
            "AND row_id = :p"), {"p": person_id})]
        every = sorted(set(held) | set(districts))
        rows = [("persons", person_id)]
        for table, about, kind in _FOLLOWERS:
            rows += [(table, i) for (i,) in conn.execute(sa.text(
                f"SELECT id FROM {table} WHERE {kind} = 'persons' AND {about} = :p ORDER BY id"),
                {"p": person_id})]
        for table, row_id in rows:
            top += 1
            conn.execute(sa.text(f"UPDATE {table} SET version = :v WHERE id = :i"),
                         {"v": top, "i": row_id})
            conn.execute(sa.text("UPDATE change_index SET seq = :v WHERE table_name = :t "
                                 "AND row_id = :i"), {"v": top, "t": table, "i": row_id})
            have = {d for (d,) in conn.execute(sa.text(
                "SELECT district_code FROM change_index WHERE table_name = :t AND row_id = :i"),
                {"t": table, "i": row_id})}
            for district in every:
                if district not in have:
                    conn.execute(sa.text(
                        "INSERT INTO change_index (table_name, row_id, seq, district_code, "
                        "deleted) VALUES (:t, :i, :v, :d, :f)"),
                        {"t": table, "i": row_id, "v": top, "d": district, "f": False})
    if conn.execute(sa.text("UPDATE feed_counter SET value = :v WHERE id = 1"),
                    {"v": top}).rowcount == 0:
        conn.execute(sa.text("INSERT INTO feed_counter (id, value) VALUES (1, :v)"), {"v": top})


def downgrade() -> None:
    conn = op.get_bind()
    # Back to one entry per row: the one in the row's own district.
    for table in ("persons", "field_conflicts", "record_events"):
        conn.execute(sa.text(
            f"DELETE FROM change_index WHERE table_name = '{table}' AND district_code <> "
            f"(SELECT district_code FROM {table} AS r WHERE r.id = change_index.row_id)"))
    with op.batch_alter_table('change_index') as batch_op:
        batch_op.drop_index('ix_change_index_table_district')
    _set_key(['table_name', 'row_id'], unique_seq=True)
