"""Bulk import of earlier register records through the real dialog: the columns are
matched from the header, every row is checked with the same rules as the entry form
(shares that do not add up, an unknown tehsil) and listed with its row number; the
valid entries go in together; cancel keeps nothing; the same file again adds nothing;
an .xlsx file imports like a CSV."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import func, select

from desktop.mutations.import_dialog import ImportDialog
from desktop.mutations.importing import entries, guess_mapping, import_entries, read_sheet
from domain.models import Mutation, MutationParty

HEADER = [
    "Mutation no", "Date", "Tehsil", "Mauza", "Type", "Khewat", "Khasra", "Area",
    "Consideration", "Role", "Name", "CNIC", "Share", "Held",
]  # fmt: skip


def _rows(n: int) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for i in range(n):
        no = str(5000 + i)
        rows.append([no, "14-03-1998", "PSH-01", "Pajaggi", "inheritance", "44", "101, 102",
                     "2-5-3", "", "transferor", f"Father {i}", "", "1/2", "1/2"])  # fmt: skip
        rows.append([no, "14-03-1998", "Peshawar City", "Pajaggi", "inheritance", "44", "101",
                     "2-5-3", "", "transferee", f"Son {i}", "", "1/2", ""])  # fmt: skip
    return rows


def _bad_rows() -> list[list[Any]]:
    return [
        ["9001", "1998-03-14", "PSH-01", "Pajaggi", "inheritance", "45", "7", "1-0-0", "",
         "transferor", "Seller", "", "5/12", "1/2"],
        ["9001", "1998-03-14", "PSH-01", "Pajaggi", "inheritance", "45", "7", "1-0-0", "",
         "transferee", "Buyer", "", "1/3", ""],
        ["9002", "1998-03-14", "XXX-99", "Pajaggi", "inheritance", "45", "7", "1-0-0", "",
         "transferor", "Seller", "", "1/2", "1/2"],
        ["9002", "1998-03-14", "XXX-99", "Pajaggi", "inheritance", "45", "7", "1-0-0", "",
         "seller?", "Buyer", "", "1/2", ""],
    ]  # fmt: skip


def _csv(path: Path, rows: list[list[Any]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([HEADER, *rows])
    return path


def _count(store: Any, model: Any = Mutation) -> int:
    with store.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _dialog(qtbot: Any, session: Any, path: Path) -> ImportDialog:
    dialog = session.window.mutations.import_records()
    qtbot.addWidget(dialog)
    dialog.load(path)
    qtbot.waitUntil(lambda: dialog.sheet is not None, timeout=5000)
    return dialog


def _run(qtbot: Any, dialog: ImportDialog, button: Any) -> None:
    button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)


def test_a_file_with_bad_rows_imports_the_good_ones_and_lists_the_rest(
    qtbot, session, store, tmp_path
):
    path = _csv(tmp_path / "register.csv", _rows(3) + _bad_rows())
    before = _count(store)
    dialog = _dialog(qtbot, session, path)
    assert dialog.column_mapping()[0] == "mutation_no" and dialog.column_mapping()[13] == "held"
    assert not dialog.import_button.isEnabled()  # look first
    _run(qtbot, dialog, dialog.check_button)
    assert dialog.outcome is not None and dialog.outcome.checked_only
    assert (dialog.outcome.imported, dialog.outcome.already) == (3, 0)
    assert dialog.outcome.problems == [
        ("Rows 8–9", "transferors give 5/12, transferees get 1/3: 1/12 unaccounted"),
        ("Rows 10–11", "Row 11: the role must be transferor or transferee."),
    ]
    assert _count(store) == before  # a check keeps nothing
    _run(qtbot, dialog, dialog.import_button)
    assert dialog.outcome.imported == 3 and not dialog.outcome.checked_only
    assert _count(store) == before + 3
    with store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(MutationParty)) >= 6
        m = s.scalars(select(Mutation).where(Mutation.mutation_no == "5001")).one()
        assert m.khasra_nos == ["101", "102"] and str(m.mutation_date) == "1998-03-14"
    dialog.save_problems_to(tmp_path / "left-out.csv")
    saved = (tmp_path / "left-out.csv").read_text(encoding="utf-8-sig")
    assert "Rows 8–9" in saved and "1/12 unaccounted" in saved

    # The same file again adds nothing.
    again = _dialog(qtbot, session, path)
    _run(qtbot, again, again.check_button)
    assert (again.outcome.imported, again.outcome.already) == (0, 3)
    assert not again.import_button.isEnabled()
    assert _count(store) == before + 3


def test_cancel_keeps_nothing(qtbot, session, store, tmp_path):
    # Entries go in by slices of 500 (sync.store.batch): a file of several slices, and
    # Cancel as soon as the first slice shows, so it lands while later ones are running.
    path = _csv(tmp_path / "big.csv", _rows(3000))
    before = _count(store)
    dialog = _dialog(qtbot, session, path)
    _run(qtbot, dialog, dialog.check_button)
    dialog.progress.valueChanged.connect(lambda v: dialog.cancel() if v > 0 else None)
    _run(qtbot, dialog, dialog.import_button)
    assert dialog.message.text() == "Cancelled: nothing was imported."
    assert _count(store) == before


def test_an_xlsx_file_and_a_file_that_is_not_one(qtbot, session, store, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in _rows(2):
        sheet.append(row)
    book.save(tmp_path / "register.xlsx")
    before = _count(store)
    dialog = _dialog(qtbot, session, tmp_path / "register.xlsx")
    _run(qtbot, dialog, dialog.check_button)
    _run(qtbot, dialog, dialog.import_button)
    assert dialog.outcome.imported == 2 and _count(store) == before + 2

    (tmp_path / "fake.xlsx").write_bytes(b"PK\x03\x04 not a workbook \x00")
    broken = session.window.mutations.import_records()
    qtbot.addWidget(broken)
    broken.load(tmp_path / "fake.xlsx")
    qtbot.waitUntil(lambda: bool(broken.message.text()), timeout=5000)
    assert broken.message.text().startswith("The file is not an .xlsx workbook")
    assert "\n" not in broken.message.text()


def test_import_speed(session, store, tmp_path):
    """Rows per second of the check and the import (reported, not a gate here)."""
    import time

    path = _csv(tmp_path / "speed.csv", _rows(1000))
    sheet = read_sheet(path)
    found = entries(sheet, guess_mapping(sheet.header))
    started = time.perf_counter()
    outcome = import_entries(store, found, check_only=False)
    seconds = time.perf_counter() - started
    assert outcome.imported == 1000
    print(f"import: {2000 / seconds:,.0f} rows/s ({1000 / seconds:,.0f} entries/s)")


def test_an_urdu_desk_is_told_the_field_in_urdu(qtbot, session, store, tmp_path):
    """The refusal is the domain's own; only the field it names is said as the
    import's column title in the operator's language (English: word for word)."""
    rows = _rows(1)
    for row in rows:
        row[1] = ""  # no date
    sheet = read_sheet(_csv(tmp_path / "undated.csv", rows))
    found = entries(sheet, guess_mapping(sheet.header))
    english = import_entries(store, found, check_only=True)
    assert english.problems == [("Rows 2–3", "Mutation date is required.")]
    session.window.set_language("ur")
    try:
        urdu = import_entries(store, found, check_only=True)
    finally:
        session.window.set_language("en")
    assert urdu.problems[0][1] == "تاریخ لازمی ہے۔"
