"""The full-text search index of the licence list (SQLite FTS5, trigram tokenizer).

Operators search by any part of what they have on paper: a word or part of a name in
English or Urdu ("khattak", "خٹک"), the first or last digits of a CNIC, an application
or licence number, a voucher's PSID, a mobile number. A trigram index finds any
substring of three characters or more, in any script, without a tokenizer per
language. One row per application (`rowid` = the application's rowid) holds all of
these as one text; triggers keep it current as applications, their licences,
vouchers and applicants change.

A bulk load (the bootstrap's half a million rows) drops the triggers with the other
secondary indexes rather than paying for a trigger per row, and puts them back at the
end. Building the index for half a million rows takes longer than the rest of the
bootstrap's indexes together, so it is not built there: `defer_rebuild` notes in
`sync_facts` that the applications below a rowid still have to be indexed, and the
desk builds them in the background in small chunks (`build_step`), newest first,
each a short write transaction, so the desk is usable at once. Until the index is
complete a search also reads the applications not yet indexed (`unindexed_clause`),
slower but never missing a row.
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


#: `sync_facts` key: the applications whose rowid is below this value may be missing
#: from the index (or stale in it) until `build_step` has reached them.
TODO_FACT = "search_index_todo"
#: Applications indexed per background step. Steps of 5,000 took 3.2 s on average and
#: 13 s at worst under a load of 15-26 on 2 cores: too long to hold the write lock and the
#: database worker; a fifth of that is expected to stay well under a second.
CHUNK = 1_000
#: The value of the fact in SQL (0 when the index is complete).
TODO_SQL = (
    f"(SELECT coalesce(max(CAST(value AS INTEGER)), 0) FROM sync_facts WHERE key = '{TODO_FACT}')"
)


def body_sql(app: str = "licence_applications") -> str:
    """The text the index holds for the application `app` (a table name or alias),
    as an SQL expression: what a search reads for the rows not yet indexed."""
    return (
        f"({app}.applicant_name_en || ' ' || {app}.applicant_name_ur || ' ' || {app}.cnic "
        f"|| ' ' || {app}.application_no || ' ' || coalesce((SELECT p.mobile FROM persons p "
        f"WHERE p.id = {app}.person_id), '') || ' ' "
        f"|| coalesce((SELECT group_concat(l.licence_no, ' ') FROM licences l "
        f"WHERE l.application_id = {app}.id), '') || ' ' "
        f"|| coalesce((SELECT group_concat(v.psid, ' ') FROM vouchers v "
        f"WHERE v.subject_id = {app}.id AND v.psid IS NOT NULL), ''))"
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
    """The index, its triggers, and the existing applications noted to be indexed in
    the background (a migration of a big store does not wait for them)."""
    # The licence-insert trigger finds the application's licences by this index.
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_licences_application_id ON licences (application_id)"
    )
    conn.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(body, tokenize = 'trigram')"
    )
    create_triggers(conn)
    defer_rebuild(conn)


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
    """Every application's row again, in one pass (~10-20 s for 500,000 rows: see
    `defer_rebuild` for what a bulk load does instead)."""
    conn.exec_driver_sql(f"DELETE FROM {TABLE}")
    conn.exec_driver_sql(f"INSERT INTO {TABLE}(rowid, body) {_ALL}")
    _set_todo(conn, 0)


def defer_rebuild(conn: Connection) -> None:
    """Note every application (and every row of the index) as to be indexed again,
    by `build_step`s in the background; the triggers keep rows changed meanwhile."""
    top = conn.exec_driver_sql(
        f"SELECT max(coalesce((SELECT max(rowid) FROM licence_applications), 0), "
        f"coalesce((SELECT max(rowid) FROM {TABLE}), 0))"
    ).scalar()
    _set_todo(conn, int(top or 0) + 1 if top else 0)


def pending(conn: Connection) -> int:
    """The rowid below which applications are still to be indexed (0: none)."""
    return int(conn.exec_driver_sql(f"SELECT {TODO_SQL}").scalar() or 0)


def build_step(conn: Connection, rows: int = CHUNK) -> int:
    """Index the `rows` highest applications still to be indexed (the newest, which
    are searched most), in the caller's transaction; returns what is still to do
    (0 when the index is complete). Rows a trigger wrote meanwhile are written again
    from the same data, so the result is the same whatever the order."""
    high = pending(conn)
    if high <= 0:
        return 0
    low = max(high - rows, 0)
    conn.exec_driver_sql(f"DELETE FROM {TABLE} WHERE rowid >= ? AND rowid < ?", (low, high))
    conn.exec_driver_sql(
        f"INSERT INTO {TABLE}(rowid, body) {_ONE} WHERE a.rowid >= ? AND a.rowid < ?",
        (low, high),
    )
    _set_todo(conn, low)
    return low


def _set_todo(conn: Connection, value: int) -> None:
    if value > 0:
        conn.exec_driver_sql(
            "INSERT INTO sync_facts(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (TODO_FACT, str(value)),
        )
    else:
        conn.exec_driver_sql("DELETE FROM sync_facts WHERE key = ?", (TODO_FACT,))


def like_pattern(word: str) -> str:
    """`word` anywhere, for `LIKE ... ESCAPE '\\'` (its % and _ taken literally)."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_words(text: str) -> list[str]:
    """The words a search requires (three characters or more), as `match_expression`."""
    return [w for w in text.split() if len(w) >= 3]


def match_expression(text: str) -> str | None:
    """An FTS5 query: every word of three characters or more must appear somewhere
    (quoted, so a dash or a dot is part of the word); None when no word is that long."""
    words = search_words(text)
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)
