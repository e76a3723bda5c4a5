"""The full-text search index of the licence list (SQLite FTS5, trigram tokenizer).

Operators search by any part of what they have on paper: a word or part of a name in
English or Urdu ("khattak", "خٹک"), the first or last digits of a CNIC, an application
or licence number, a voucher's PSID, a mobile number. A trigram index finds any
substring of three characters or more, in any script, without a tokenizer per
language. One row per application (`rowid` = the application's rowid) holds all of
these as one text; triggers keep it current as applications, their licences,
vouchers and applicants change.

A bulk load (the bootstrap's half a million rows) drops the triggers with the other
secondary indexes and rebuilds the index once at the end, in one statement
(`rebuild`), rather than paying for a trigger per row.
"""

from __future__ import annotations

from sqlalchemy import Connection

TABLE = "application_search"

_TEXT = (
    "a.applicant_name_en || ' ' || a.applicant_name_ur || ' ' || a.cnic || ' ' "
    "|| a.application_no || ' ' || coalesce(p.mobile, '') || ' ' "
)
#: One application's text, for a trigger (licences by their application_id index,
#: vouchers by their subject_id index).
_ONE = (
    "SELECT a.rowid, "
    + _TEXT
    + "|| coalesce((SELECT group_concat(l.licence_no, ' ') FROM licences l "
    "WHERE l.application_id = a.id), '') || ' ' "
    "|| coalesce((SELECT group_concat(v.psid, ' ') FROM vouchers v "
    "WHERE v.subject_id = a.id AND v.psid IS NOT NULL), '') "
    "FROM licence_applications a LEFT JOIN persons p ON p.id = a.person_id"
)
#: Every application's text in one pass (joins on aggregates, not a subquery per row).
_ALL = (
    "SELECT a.rowid, " + _TEXT + "|| coalesce(l.numbers, '') || ' ' "
    "|| coalesce(v.psids, '') FROM licence_applications a "
    "LEFT JOIN persons p ON p.id = a.person_id "
    "LEFT JOIN (SELECT application_id, group_concat(licence_no, ' ') AS numbers "
    "FROM licences GROUP BY application_id) l ON l.application_id = a.id "
    "LEFT JOIN (SELECT subject_id, group_concat(psid, ' ') AS psids FROM vouchers "
    "WHERE psid IS NOT NULL GROUP BY subject_id) v ON v.subject_id = a.id"
)


def _refresh(where: str) -> str:
    """Statements that write the index rows of the applications `where` selects."""
    return (
        f"DELETE FROM {TABLE} WHERE rowid IN (SELECT a.rowid FROM licence_applications a "
        f"WHERE {where}); INSERT INTO {TABLE}(rowid, body) {_ONE} WHERE {where};"
    )


TRIGGERS = {
    "trg_search_app_insert": (
        "AFTER INSERT ON licence_applications",
        _refresh("a.rowid = new.rowid"),
    ),
    "trg_search_app_update": (
        "AFTER UPDATE OF applicant_name_en, applicant_name_ur, cnic, "
        "application_no, person_id ON licence_applications",
        _refresh("a.rowid = new.rowid"),
    ),
    "trg_search_app_delete": (
        "AFTER DELETE ON licence_applications",
        f"DELETE FROM {TABLE} WHERE rowid = old.rowid;",
    ),
    "trg_search_licence_insert": (
        "AFTER INSERT ON licences",
        _refresh("a.id = new.application_id"),
    ),
    "trg_search_voucher_insert": ("AFTER INSERT ON vouchers", _refresh("a.id = new.subject_id")),
    "trg_search_voucher_update": (
        "AFTER UPDATE OF psid ON vouchers",
        _refresh("a.id = new.subject_id"),
    ),
    "trg_search_person_update": (
        "AFTER UPDATE OF mobile ON persons",
        _refresh("a.cnic = new.cnic"),
    ),
}
#: The tables whose triggers feed the index (a bulk load of any of them drops them).
SOURCE_TABLES = ("licence_applications", "licences", "vouchers", "persons")


def create(conn: Connection) -> None:
    # The licence-insert trigger finds the application's licences by this index.
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_licences_application_id ON licences (application_id)"
    )
    conn.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(body, tokenize = 'trigram')"
    )
    create_triggers(conn)
    rebuild(conn)


def create_triggers(conn: Connection) -> None:
    for name, (when, body) in TRIGGERS.items():
        conn.exec_driver_sql(f"CREATE TRIGGER IF NOT EXISTS {name} {when} BEGIN {body} END")


def drop_triggers(conn: Connection) -> None:
    for name in TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")


def exists(conn: Connection) -> bool:
    return (
        conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = ?", (TABLE,)).first()
        is not None
    )


def rebuild(conn: Connection) -> None:
    """Every application's row again, in one pass (after a bulk load)."""
    conn.exec_driver_sql(f"DELETE FROM {TABLE}")
    conn.exec_driver_sql(f"INSERT INTO {TABLE}(rowid, body) {_ALL}")


def match_expression(text: str) -> str | None:
    """An FTS5 query: every word of three characters or more must appear somewhere
    (quoted, so a dash or a dot is part of the word); None when no word is that long."""
    words = [w for w in text.split() if len(w) >= 3]
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)
