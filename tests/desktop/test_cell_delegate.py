"""The record table's cell delegate draws exactly what Qt's own delegate draws.

`RecordCellDelegate` fills a cell's style option from the row's cells in one call
instead of the seven model roles Qt's `QStyledItemDelegate` asks for; the screen must
not change: the list is grabbed with each delegate and compared pixel for pixel, in
English and in Urdu (right to left, the Latin font for numbers), with a row selected
and the sync column's coloured dot.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from desktop.app import open_main_window
from desktop.demo_rows import insert_demo_applications
from desktop.qt import QStyledItemDelegate
from desktop.record_view import RecordCellDelegate


@pytest.fixture
def window(qtbot: Any, store: Any, operator: Any) -> Iterator[Any]:
    insert_demo_applications(store, 300, variety=True)
    s = open_main_window(store, operator, lang="en")
    qtbot.waitUntil(lambda: s.window.licences.model.complete, timeout=5000)
    yield s.window
    s.close()


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_the_cell_delegate_draws_what_qts_own_delegate_draws(qtbot: Any, window: Any, lang: str):
    window.resize(1366, 768)
    window.set_language(lang)
    table, model = window.licences.view.table, window.licences.model
    assert isinstance(table.itemDelegate(), RecordCellDelegate)
    table.select_row(2)
    shown = range(max(table.rowAt(0), 0), table.rowAt(table.viewport().height() - 1) + 1)
    assert len(shown) > 5
    qtbot.waitUntil(lambda: all(model.cells(r) is not None for r in shown), timeout=5000)
    ours = table.grab().toImage()
    stock = QStyledItemDelegate(table)
    table.setItemDelegate(stock)
    try:
        theirs = table.grab().toImage()
    finally:
        table.setItemDelegate(table.cell_delegate)
    assert ours.size() == theirs.size()
    assert ours == theirs
