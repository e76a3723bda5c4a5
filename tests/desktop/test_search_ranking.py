"""Search by any part of a name: exact matches first, then names starting with the
text, then the rest, each tier streamed from an index rather than every match sorted;
after a bulk load the search index is built in the background, and a search misses
no row meanwhile."""

from __future__ import annotations

from collections import Counter
from typing import Any

from desktop.demo_rows import insert_demo_applications
from desktop.licences import queries
from desktop.licences.queries import LicenceFilter, parse_search
from sync.store import search_index
from sync.store.bulk import indexes_built_after

Row = tuple[int, str, str, str, str, str, str]  # rowid, id, name_key, name_ur, cnic, no, status


def _ids(store: Any, text: str, **filters: Any) -> list[str]:
    stmt = queries.id_query(LicenceFilter(search=parse_search(text), **filters))
    with store.engine.connect() as conn:
        return [r[0] for r in conn.execute(stmt)]


def _rows(store: Any) -> dict[str, Row]:
    with store.engine.connect() as conn:
        return {
            r[1]: tuple(r)  # type: ignore[misc]
            for r in conn.exec_driver_sql(
                "SELECT rowid, id, name_key, applicant_name_ur, cnic, application_no, status "
                "FROM licence_applications"
            )
        }


def _expected(store: Any, text: str) -> set[str]:
    """Every application whose text holds every word of three characters or more."""
    words = [w.lower() for w in search_index.search_words(parse_search(text).value)]
    with store.engine.connect() as conn:
        bodies = conn.exec_driver_sql(
            f"SELECT id, lower({search_index.body_sql()}) FROM licence_applications"
        ).all()
    return {i for i, body in bodies if all(w in body for w in words)}


def _check_order(rows: dict[str, Row], ids: list[str], value: str) -> None:
    assert len(ids) == len(set(ids))  # no tier repeats another's rows
    column = 4 if value.isdigit() else 3 if queries._ARABIC.search(value) else 2
    keys = [rows[i][column] for i in ids]
    tier = [0 if k == value else 1 if k.startswith(value) else 2 for k in keys]
    assert tier == sorted(tier), "exact, then starting with it, then the rest"
    exact = [rows[i][0] for i, t in zip(ids, tier, strict=True) if t == 0]
    assert exact == sorted(exact, reverse=True)  # latest on this desk first
    starting = [k for k, t in zip(keys, tier, strict=True) if t == 1]
    assert starting == sorted(starting)  # in the name index's order
    rest = [rows[i][0] for i, t in zip(ids, tier, strict=True) if t == 2]
    assert rest == sorted(rest, reverse=True)  # latest on this desk first


def test_exact_matches_first_then_names_starting_with_it_then_the_rest(store):
    insert_demo_applications(store, 1_500, variety=True)
    rows = _rows(store)
    full = Counter(r[2] for r in rows.values()).most_common(1)[0][0]
    first = full.split()[0]
    for text in (full, first[:3], first[1:4], full.split()[-1][1:]):
        value = parse_search(text).value
        ids = _ids(store, text)
        assert ids and set(ids) == _expected(store, text), text
        _check_order(rows, ids, value)
    assert rows[_ids(store, full)[0]][2] == full
    queries.RANKED_HEAD, bounded = 5, queries.RANKED_HEAD  # beyond the head: in the rest
    try:
        ids = _ids(store, first[:3])
        assert set(ids) == _expected(store, first[:3]) and len(ids) == len(set(ids))
    finally:
        queries.RANKED_HEAD = bounded
    urdu = next(r[3] for r in rows.values() if r[3])
    for text in (urdu, urdu.split()[-1], urdu[:4]):
        ids = _ids(store, text)
        assert set(ids) == _expected(store, text) != set()
        _check_order(rows, ids, parse_search(text).value)
    ids = _ids(store, first[:3], status="submitted")  # filters hold in every tier
    assert ids and {rows[i][6] for i in ids} == {"submitted"}
    assert set(ids) == {i for i in _expected(store, first[:3]) if rows[i][6] == "submitted"}


def test_a_bulk_load_leaves_the_index_to_the_background_and_search_misses_nothing(store):
    insert_demo_applications(store, 200, variety=True)  # indexed as written, by triggers
    with indexes_built_after(store.engine, ["licence_applications", "persons"]):
        insert_demo_applications(store, 900, start=200, variety=True)
    with store.engine.connect() as conn:
        assert search_index.pending(conn) > 1_000  # nothing rebuilt inside the load
    rows = _rows(store)
    name = next(iter(rows.values()))[2]
    texts = [name, name.split()[-1][1:4], next(iter(rows.values()))[4][-5:]]
    steps, left = 0, 1
    while True:
        for text in texts:  # before, halfway and after: the same rows, in order
            ids = _ids(store, text)
            assert set(ids) == _expected(store, text) != set(), text
            _check_order(rows, ids, parse_search(text).value)
        if not left:
            break
        with store.write_lock, store.engine.begin() as conn:
            left = search_index.build_step(conn, rows=400)
        steps += 1
    assert steps == 3
    with store.engine.connect() as conn:
        assert search_index.pending(conn) == 0
        indexed = conn.exec_driver_sql(f"SELECT count(*) FROM {search_index.TABLE}").scalar()
    assert indexed == len(rows)


def test_the_licence_workspace_builds_the_index_in_the_background(qtbot, session):
    store = session.window.store
    with indexes_built_after(store.engine, ["licence_applications", "persons"]):
        insert_demo_applications(store, 300)
    with store.engine.connect() as conn:
        assert search_index.pending(conn) > 0

    def pending() -> int:
        with store.engine.connect() as conn:
            return search_index.pending(conn)

    session.window.licences.build_search_index()  # what start() and a sync round do
    qtbot.waitUntil(lambda: pending() == 0, timeout=10_000)


def test_background_index_steps_are_sized_to_leave_a_search_waiting_briefly():
    from desktop.licences.controller import (
        INDEX_STEP_MAX,
        INDEX_STEP_MIN,
        INDEX_STEP_SECONDS,
        index_step_rows,
    )

    assert index_step_rows(1_000, 0.33) == int(1_000 * INDEX_STEP_SECONDS / 0.33)  # was slow
    assert index_step_rows(200, 0.001) == 400  # quick by chance: at most twice as many
    assert index_step_rows(100, 60.0) == INDEX_STEP_MIN  # never stuck at nothing
    assert index_step_rows(INDEX_STEP_MAX, 0.0) == INDEX_STEP_MAX
