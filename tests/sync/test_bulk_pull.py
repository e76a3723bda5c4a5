"""A bootstrap's bulk path: rows handed to SQLite as the JSON lines they came in
(`TablePage.packed`), several pages per transaction (`sync.engine._PageWriter`).

The pages are made by the server's own writers (`sync.wire.encode_rows`,
`server.page_body.page_lines`) and read by the desk's transport, without a server
process: what is checked is that the packed path stores exactly what the parsed path
stores, falls back to it where it must, and that a bootstrap cut off anywhere keeps
whole pages only and resumes from their cursor.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from requests.structures import CaseInsensitiveDict

from domain.models import Operator, Person
from domain.models.base import table_of
from server.page_body import page_lines
from sync import engine as sync_engine
from sync import pull_apply
from sync.engine import RoundReport, SyncEngine
from sync.protocol import CURSOR_HEADER, LINES_MEDIA_TYPE, MORE_HEADER, PullPage, TablePage
from sync.pull_apply import apply_page
from sync.store import LocalStore
from sync.transport import Received, ServerFault, _page_from_lines
from sync.wire import encode_rows, table_encoders

AT = datetime(2026, 12, 7, 5, 0, tzinfo=timezone.utc)
#: Values a row may carry that JSON escapes or that SQLite might type differently.
AWKWARD = [
    'Ali "Khan" \\ Khattak',
    "line\nbreak\ttab",
    "زاہد وزیر",
    "emoji 🙂 and \u0000 nul",
    "",
]


def _person_id(n: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_OID, f"person-{n}"))


def _person(n: int, **over: Any) -> tuple[Any, ...]:
    values: dict[str, Any] = {
        "id": _person_id(n),
        "version": n + 1,
        "district_code": "PSH",
        "office_code": "DC-PSH",
        "created_at": AT,
        "updated_at": AT,
        "sync_state": "synced",
        "cnic": f"17301{n:07d}1",
        "name_en": AWKWARD[n % len(AWKWARD)] or f"Person {n}",
        "name_ur": AWKWARD[(n + 1) % len(AWKWARD)],
        "father_name_en": "Father",
        "father_name_ur": "",
        "relation": "son_of",
        "date_of_birth": None if n % 2 else date(1980, 1, n % 28 + 1),
        "gender": "male",
        "address": AWKWARD[(n + 2) % len(AWKWARD)],
        "mobile": "03001234567",
    }
    values.update(over)
    return tuple(values[c.name] for c in table_of(Person).columns)


def _operator(n: int) -> tuple[Any, ...]:
    values: dict[str, Any] = {
        "id": str(uuid.uuid5(uuid.NAMESPACE_OID, f"operator-{n}")),
        "version": 1,
        "district_code": "PSH",
        "office_code": "DC-PSH",
        "created_at": AT,
        "updated_at": AT,
        "sync_state": "synced",
        "username": f"op{n}",
        "full_name": AWKWARD[n % len(AWKWARD)] or "Operator",
        "full_name_ur": "",
        "roles": ["licence_operator"],
        "scope": {"offices": ["DC-PSH"], "note": 'a "quoted" word'},
        "public_keys": {},
        "active": n % 2 == 0,
    }
    return tuple(values.get(c.name) for c in table_of(Operator).columns)


def _page(persons: list[tuple[Any, ...]], cursor: int, more: bool, operators=()) -> PullPage:
    tables: dict[str, TablePage] = {}
    for model, rows in ((Operator, list(operators)), (Person, persons)):
        if rows:
            table = table_of(model)
            tables[str(table.name)] = TablePage(
                columns=table_encoders(table)[0], rows=encode_rows(table, rows)
            )
    return PullPage(cursor=cursor, more=more, tables=tables, deleted=[], checksum=None)


def _received(page: PullPage) -> Received:
    """The page as a server answers a desk that takes JSON lines (uncompressed)."""
    headers = CaseInsensitiveDict(
        {
            "Content-Type": LINES_MEDIA_TYPE,
            CURSOR_HEADER: str(page["cursor"]),
            MORE_HEADER: "1" if page["more"] else "0",
        }
    )
    return Received(200, headers, page_lines(page, line_rows=3))


def _store(folder: Path) -> LocalStore:
    folder.mkdir(parents=True, exist_ok=True)
    return LocalStore.open("bulk", path=folder / "desk.db", key=secrets.token_hex(32))


def _contents(store: LocalStore, table: str) -> list[tuple[Any, ...]]:
    """Every row of `table` with each value's SQLite type beside it."""
    with store.engine.connect() as conn:
        names = [c.name for c in table_of(Person if table == "persons" else Operator).columns]
        select = ", ".join(f'"{n}", typeof("{n}")' for n in names)
        return [
            tuple(r) for r in conn.exec_driver_sql(f'SELECT {select} FROM "{table}" ORDER BY id')
        ]


def _apply(store: LocalStore, page: PullPage) -> int:
    with store.write_lock, store.engine.begin() as conn:
        return apply_page(conn, page, pull_apply.shadowed_keys(conn))


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[LocalStore, LocalStore]]:
    packed, parsed = _store(tmp_path / "packed"), _store(tmp_path / "parsed")
    yield packed, parsed
    packed.close()
    parsed.close()


def test_lines_kept_packed_are_the_rows_parsed_lines_give():
    page = _page([_person(n) for n in range(8)], 8, True, [_operator(1)])
    body = _received(page).raw
    parsed = _page_from_lines(body)
    packed = _page_from_lines(body, packed_rows=True)
    assert packed["cursor"] == 8 and packed["more"] is True
    for name, part in packed["tables"].items():
        assert part["rows"] == [] and len(part.get("packed", [])) >= 1
        assert pull_apply.unpack_rows(part) == parsed["tables"][name]["rows"]
    # A line not written as the server writes them is parsed as before.
    odd = body.replace(b'{"table":"operators","rows":', b'{"table": "operators", "rows":', 1)
    operators = _page_from_lines(odd, packed_rows=True)["tables"]["operators"]
    assert "packed" not in operators
    assert operators["rows"] == parsed["tables"]["operators"]["rows"]


def test_packed_rows_are_stored_as_parsed_rows_are(stores):
    packed_store, parsed_store = stores
    page = _page([_person(n) for n in range(12)], 12, False, [_operator(n) for n in range(3)])
    body = _received(page).raw
    assert _apply(packed_store, _page_from_lines(body, packed_rows=True)) == 15
    assert _apply(parsed_store, _page_from_lines(body)) == 15
    for table in ("persons", "operators"):
        assert _contents(packed_store, table) == _contents(parsed_store, table)
    rows = _contents(packed_store, "persons")
    version = [c.name for c in table_of(Person).columns].index("version")
    assert len(rows) == 12 and {r[2 * version + 1] for r in rows} == {"integer"}
    # An update of the same rows (a later page) goes through the upsert too.
    again = _page([_person(n, version=99, name_en="Renamed") for n in range(12)], 13, False)
    assert _apply(packed_store, _page_from_lines(_received(again).raw, packed_rows=True)) == 12
    with packed_store.engine.connect() as conn:
        assert conn.exec_driver_sql(
            "SELECT count(*), min(version), max(name_en) FROM persons"
        ).one() == (12, 99, "Renamed")


def test_a_packed_row_that_clashes_with_a_local_one_goes_the_parsed_way(stores):
    store, _ = stores
    stale = _page([_person(1, id=str(uuid.uuid4()))], 1, False)  # the same CNIC, another id
    _apply(store, _page_from_lines(_received(stale).raw))
    page = _page([_person(n) for n in range(4)], 5, False)
    assert _apply(store, _page_from_lines(_received(page).raw, packed_rows=True)) == 4
    with store.engine.connect() as conn:
        ids = {i for (i,) in conn.exec_driver_sql("SELECT id FROM persons")}
    assert ids == {_person_id(n) for n in range(4)}  # the stale copy moved aside


def test_packed_rows_of_a_shadowed_row_update_its_shadow_not_the_row(stores):
    store, _ = stores
    _apply(store, _page_from_lines(_received(_page([_person(1)], 1, False)).raw))
    person_id = _person_id(1)
    with store.write_lock, store.engine.begin() as conn:  # pending local work on it
        conn.exec_driver_sql(
            "INSERT INTO shadow_rows(table_name, row_id, data) VALUES ('persons', ?, '{}')",
            (person_id,),
        )
        conn.exec_driver_sql("UPDATE persons SET name_en = 'Mine' WHERE id = ?", (person_id,))
    newer = _page([_person(1, version=7, name_en="Theirs"), _person(2)], 2, False)
    assert _apply(store, _page_from_lines(_received(newer).raw, packed_rows=True)) == 2
    with store.engine.connect() as conn:
        assert (
            conn.exec_driver_sql("SELECT name_en FROM persons WHERE id = ?", (person_id,)).scalar()
            == "Mine"
        )
        shadow = conn.exec_driver_sql(
            "SELECT data FROM shadow_rows WHERE row_id = ?", (person_id,)
        ).scalar()
        assert '"Theirs"' in shadow
        assert conn.exec_driver_sql("SELECT count(*) FROM persons").scalar() == 2


class _Pages:
    """A transport serving `pages` by cursor; `fail_at`: the cursor whose page does not
    come (the link is cut)."""

    def __init__(self, pages: list[PullPage]):
        self.answers = {}
        cursor = 0
        for page in pages:
            self.answers[cursor] = _received(page)
            cursor = page["cursor"]
        self.fail_at: int | None = None
        self.asked: list[int] = []

    def pull_packed(self, cursor: int, limit: int, *, checksum: bool = False) -> Received:
        self.asked.append(cursor)
        if cursor == self.fail_at:
            raise ServerFault("connection dropped")
        return self.answers[cursor]

    def pull(self, cursor: int, limit: int, *, checksum: bool = False) -> PullPage:
        return self.pull_packed(cursor, limit, checksum=checksum).payload()  # type: ignore[no-any-return]


def _bootstrap_pages(count: int = 6, rows: int = 3) -> list[PullPage]:
    return [
        _page(
            [_person(p * rows + n) for n in range(rows)],
            (p + 1) * rows,
            p + 1 < count,
        )
        for p in range(count)
    ]


def _state(store: LocalStore) -> tuple[int, str | None]:
    with store.engine.connect() as conn:
        count = conn.exec_driver_sql("SELECT count(*) FROM persons").scalar()
    return int(count or 0), store.fact("cursor")


def _indexes(store: LocalStore) -> set[str]:
    with store.engine.connect() as conn:
        return {
            n
            for (n,) in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'persons'"
            )
        }


@pytest.mark.parametrize(
    ("seconds", "commits"), [(3600.0, [9, 9]), (0.0, [3] * 6)], ids=["by-rows", "by-time"]
)
def test_a_bootstrap_commits_every_few_pages_and_keeps_every_whole_page(
    tmp_path, monkeypatch, seconds, commits
):
    """3 pages of 3 rows reach 7 rows, and the last page ends a transaction; a
    transaction open for longer than BOOTSTRAP_COMMIT_SECONDS ends after its page."""
    monkeypatch.setattr(sync_engine, "BOOTSTRAP_COMMIT_ROWS", 7)
    monkeypatch.setattr(sync_engine, "BOOTSTRAP_COMMIT_SECONDS", seconds)
    store = _store(tmp_path)
    try:
        indexes = _indexes(store)
        transport = _Pages(_bootstrap_pages())
        engine = SyncEngine(store, transport, lease_top_up=False)  # type: ignore[arg-type]
        ended: list[int] = []
        real_end = sync_engine._PageWriter._end

        def counted(writer: Any, *, commit: bool) -> None:
            ended.append(writer._open)
            real_end(writer, commit=commit)

        monkeypatch.setattr(sync_engine._PageWriter, "_end", counted)
        report = RoundReport()
        assert engine.pull_all(report) is True
        assert report.pulled == 18 and _state(store) == (18, "18")
        assert ended == commits
        assert "persons" in report.changed_tables and "persons" in report.uncounted
        assert _indexes(store) == indexes
    finally:
        store.close()


def test_a_bootstrap_cut_off_keeps_the_pages_it_has_and_resumes_from_them(tmp_path, monkeypatch):
    monkeypatch.setattr(sync_engine, "BOOTSTRAP_COMMIT_ROWS", 7)
    monkeypatch.setattr(sync_engine, "BOOTSTRAP_COMMIT_SECONDS", 3600.0)
    store = _store(tmp_path)
    try:
        indexes = _indexes(store)
        transport = _Pages(_bootstrap_pages())
        transport.fail_at = 12  # the fifth page does not come
        engine = SyncEngine(store, transport, lease_top_up=False)  # type: ignore[arg-type]
        with pytest.raises(ServerFault):
            engine.pull_all(RoundReport())
        # Four whole pages: the fourth was in a transaction still open, committed.
        assert _state(store) == (12, "12") and _indexes(store) == indexes
        transport.fail_at = None
        report = RoundReport()
        engine.pull_all(report)
        assert transport.asked[-2:] == [12, 15] and report.pulled == 6
        assert _state(store) == (18, "18")
    finally:
        store.close()


def test_a_page_that_cannot_be_written_loses_its_transaction_only(tmp_path, monkeypatch):
    monkeypatch.setattr(sync_engine, "BOOTSTRAP_COMMIT_ROWS", 7)
    monkeypatch.setattr(sync_engine, "BOOTSTRAP_COMMIT_SECONDS", 3600.0)
    store = _store(tmp_path)
    try:
        transport = _Pages(_bootstrap_pages())
        engine = SyncEngine(store, transport, lease_top_up=False)  # type: ignore[arg-type]
        real_apply = sync_engine.apply_page
        calls: list[int] = []

        def failing(conn: Any, page: PullPage, shadowed: Any) -> int:
            calls.append(page["cursor"])
            if page["cursor"] == 15:
                raise RuntimeError("disk full")
            return real_apply(conn, page, shadowed)

        monkeypatch.setattr(sync_engine, "apply_page", failing)
        with pytest.raises(RuntimeError):
            engine.pull_all(RoundReport())
        # Pages 1-3 were committed; page 4 shared the failed page's transaction.
        assert _state(store) == (9, "9")
        monkeypatch.setattr(sync_engine, "apply_page", real_apply)
        engine.pull_all(RoundReport())
        assert _state(store) == (18, "18")
        assert not store.write_lock._is_owned()  # type: ignore[attr-defined]
    finally:
        store.close()
