"""The licence list over row ids: lazy rows, streamed ids, filters and searches."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.db import read_rows
from desktop.demo_rows import insert_demo_applications
from desktop.licences import queries
from desktop.licences.queries import LicenceFilter, Search, parse_search
from desktop.licences.table_model import COLUMNS, LicenceTableModel
from desktop.qt import Qt
from desktop.record_table import IdList
from domain.errors import ValidationError
from domain.models import LicenceApplication

N = 5_000


@pytest.fixture
def seeded(store):
    insert_demo_applications(store, N, variety=True)
    return store


@pytest.fixture
def model(qtbot, seeded, worker):
    m = LicenceTableModel(seeded, worker)
    m.CHUNK = 1_000  # several chunks even with 5,000 rows
    return m


def test_first_page_comes_before_the_whole_id_list(qtbot, model):
    with qtbot.waitSignal(model.first_rows, timeout=5000):
        model.reload(LicenceFilter())
    assert model.rowCount() == model.FIRST_PAGE  # shown before the rest has arrived
    assert not model.complete
    assert model.data(model.index(0, 0)) != "…"  # its rows came with it
    with qtbot.waitSignal(model.loaded, timeout=5000) as blocker:
        pass
    assert blocker.args == [N]
    assert model.rowCount() == N and model.complete


def test_a_far_row_is_built_only_when_asked_for(qtbot, model):
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.reload(LicenceFilter())
    far = model.index(N - 3, 0)
    assert model.data(far) == "…"  # not loaded: a placeholder, and a fetch is queued
    assert len(model._blocks) == 1
    qtbot.waitUntil(lambda: model.data(far) != "…", timeout=5000)
    # One block of 200 more (and at most the one beside it, read ahead), not the 5,000.
    assert len(model._blocks) in (2, 3)
    number = model.data(far)
    row_id = model.row_id(N - 3)
    assert read_rows(model.store, queries.application_query(row_id))[0].application_no == number
    cnic_text = model.data(model.index(N - 3, [k for k, _ in COLUMNS].index("cnic")))
    assert len(cnic_text) == 15 and cnic_text[5] == "-" and cnic_text[13] == "-"


def test_the_rows_beside_a_shown_block_are_read_before_the_scroll_reaches_them(qtbot, model):
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.reload(LicenceFilter())
    shown = 10 * model.BLOCK + 5
    assert model.data(model.index(shown, 0)) == "…"
    qtbot.waitUntil(lambda: model.data(model.index(shown, 0)) != "…", timeout=5000)
    before, after = model.index(10 * model.BLOCK - 1, 1), model.index(11 * model.BLOCK, 1)
    # Read ahead without being shown: the next scroll step paints them at once.
    qtbot.waitUntil(lambda: len(model._blocks) == 4, timeout=5000)
    assert model.data(before) not in ("…", None, "")
    assert model.data(after) not in ("…", None, "")
    assert len(model._blocks) == 4  # the first, the shown one and its two neighbours


def test_newest_first_by_default_and_sorting_by_a_column(qtbot, model):
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.reload(LicenceFilter())
    ids = [model.row_id(i) for i in range(N)]
    assert ids == sorted(ids, reverse=True)
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.sort([k for k, _ in COLUMNS].index("application_no"), Qt.AscendingOrder)
    qtbot.waitUntil(lambda: model.data(model.index(1, 0)) != "…")
    first, second = model.data(model.index(0, 0)), model.data(model.index(1, 0))
    assert first < second


def test_filters_by_status_district_kind_and_dates(qtbot, model, seeded):
    f = LicenceFilter(
        status="approved",
        district="PSH",
        kind="new",
        date_from=date(2020, 1, 1),
        date_to=date(2022, 12, 31),
    )
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.reload(f)
    rows = read_rows(
        seeded,
        queries.id_query(f).with_only_columns(
            LicenceApplication.status,
            LicenceApplication.district_code,
            LicenceApplication.kind,
            LicenceApplication.submitted_at,
        ),
    )
    assert 0 < model.rowCount() == len(rows) < N
    for status, district, kind, submitted in rows:
        assert (status, district, kind) == ("approved", "PSH", "new")
        assert date(2019, 12, 31) <= submitted.date() <= date(2022, 12, 31)


def test_search_kinds_are_told_apart():
    assert parse_search("17301-1234567-9") == Search("cnic", "1730112345679")
    assert parse_search(" 1730112345679 ") == Search("cnic", "1730112345679")
    assert parse_search("psh-24-s0001234") == Search("number", "PSH-24-S0001234")
    assert parse_search("Imran  Kh") == Search("text", "imran kh")
    assert parse_search("Kh") == Search("name_en", "kh")  # too short for the trigram index
    assert parse_search("عمران") == Search("text", "عمران")
    assert parse_search("  ") is None
    # Part of a CNIC (first or last digits), a mobile, a PSID: the full-text index.
    assert parse_search("17301-123456-7") == Search("text", "173011234567")
    assert parse_search("03001234567") == Search("text", "03001234567")
    with pytest.raises(ValidationError, match="at least three digits"):
        parse_search("17")


def test_searches_use_their_indexes(seeded):
    plans = {}
    for text in ("1730112345679", "PSH-24-S0001234", "imran"):
        stmt = queries.id_query(LicenceFilter(search=parse_search(text)))
        compiled = stmt.compile(seeded.engine, compile_kwargs={"literal_binds": True})
        with seeded.engine.connect() as conn:
            plans[text] = " ".join(
                r[-1] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")
            )
    assert "ix_licence_applications_cnic" in plans["1730112345679"]
    assert "ix_licence_applications_application_no" in plans["PSH-24-S0001234"]
    assert "SCAN licence_applications" not in plans["PSH-24-S0001234"]
    assert "VIRTUAL TABLE INDEX" in plans["imran"]  # the FTS5 trigram index


def test_name_prefix_search_in_english_and_urdu(qtbot, model, seeded):
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.reload(LicenceFilter(search=parse_search("Bilal")))
    count = model.rowCount()
    assert 0 < count < N
    shown = min(count, 200)  # a screenful comes with the list, the rest when scrolled to
    qtbot.waitUntil(lambda: model.data(model.index(shown - 1, 1)) is not None)
    names = [model.data(model.index(r, 1)) for r in range(shown)]
    assert all("bilal" in n.lower() for n in names)  # anywhere in the name
    starts = [n.lower().startswith("bilal") for n in names]
    assert starts == sorted(starts, reverse=True)  # names that start with it come first
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.reload(LicenceFilter(search=parse_search("بلال"), lang="ur"))
    assert model.rowCount() == count
    model.set_language("ur")
    qtbot.waitUntil(lambda: model.data(model.index(0, 1)) is not None)
    assert model.data(model.index(0, 1)).startswith("بلال")


def test_id_list_packs_uuids_and_finds_them():
    ids = ["01a2056d-f463-7201-9db0-8c855b81c65b", "01a2056d-f441-767d-bc50-03f437c299e3"]
    packed = IdList(IdList.pack(ids))
    assert len(packed) == 2 and packed[1] == ids[1]
    assert packed.index(ids[1]) == 1
    assert packed.index("01a2056d-f441-767d-bc50-03f437c299e4") is None
    with pytest.raises(ValueError):
        IdList.pack(["not-a-uuid"])
