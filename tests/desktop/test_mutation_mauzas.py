"""The office's mauza list from a CSV feeds the entry form's mauza completer beside
the mauzas already used; rows it cannot use are named by row number; a file that is
not a CSV is one clear line."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def test_an_imported_mauza_list_is_suggested_in_the_entry_form(qtbot, session, store, tmp_path):
    ws = session.window.mutations
    path = tmp_path / "mauzas.csv"
    path.write_text(
        "Tehsil,Mauza\nPSH-01,Chamkani\nPeshawar City,Pakha  Ghulam\nNowhere,Lost\nPSH-01,\n",
        encoding="utf-8",
    )
    said: list[str] = []
    ws.message.connect(said.append)
    ws.import_mauzas(path)
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    assert said[-1] == (
        "2 mauzas added for 1 tehsils. 2 rows skipped; the first: Row 4: unknown tehsil Nowhere."
    )
    ws.import_mauzas(path)  # again: nothing new
    qtbot.waitUntil(lambda: len(said) == 2, timeout=5000)
    assert said[-1].startswith("0 mauzas added")
    form = ws.new_entry()
    form.district.setCurrentIndex(form.district.findData("PSH"))
    form.tehsil.setCurrentIndex(form.tehsil.findData("PSH-01"))
    model: Any = form.mauza_completer.model()
    qtbot.waitUntil(lambda: "Chamkani" in model.stringList(), timeout=5000)
    assert "Pakha Ghulam" in model.stringList()
    form.changed = False
    form.reject()


def test_a_file_that_is_not_a_mauza_list_is_one_line(qtbot, session, tmp_path: Path):
    ws = session.window.mutations
    said: list[str] = []
    ws.message.connect(said.append)
    (tmp_path / "x.csv").write_bytes(b"\xff\xfe\x00binary")
    ws.import_mauzas(tmp_path / "x.csv")
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    assert said[-1] == "The file is not UTF-8 text; save it as CSV UTF-8."
    (tmp_path / "y.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    ws.import_mauzas(tmp_path / "y.csv")
    qtbot.waitUntil(lambda: len(said) == 2, timeout=5000)
    assert said[-1] == "The file needs a 'tehsil' column and a 'mauza' column."
