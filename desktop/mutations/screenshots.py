"""The mutation workspace's screens for `make screenshots`, in English and Urdu:
the list with a mutation's history, the entry form with unbalanced shares, the
second clerk's mismatches, and the backlog with its weekly trend."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from desktop.form_dialog import DESK_SCREEN
from desktop.mutations.actions import Mismatch, VerifyDialog
from desktop.mutations.controller import MutationController
from desktop.qt import QWidget
from sync.store.local import LocalStore


def _specimen_page(out: Path) -> Path:
    """A drawn register page (ruled columns and figures), standing in for a scan."""
    from desktop.qt import QColor, QImage, QPainter, QPen

    image = QImage(900, 1200, QImage.Format.Format_RGB32)
    image.fill(QColor("#f4efe1"))
    p = QPainter(image)
    p.setPen(QPen(QColor("#6d5c3d"), 2))
    for x in (40, 160, 320, 520, 700, 860):
        p.drawLine(x, 60, x, 1160)
    for y in range(60, 1161, 70):
        p.drawLine(40, y, 860, y)
    p.setPen(QColor("#2b2b6b"))
    for row, cells in enumerate(
        (("1207", "14-03-1998", "44", "2-5-3", "5/12"), ("", "Gul Khan", "101, 102/1", "", "1/3"))
    ):
        for x, text in zip((50, 170, 330, 530, 710), cells):
            p.drawText(x, 110 + row * 70, text)
    p.end()
    path = out / "specimen-register-page.png"
    image.save(str(path))
    return path


def _specimen_import(out: Path) -> Path:
    """An earlier spreadsheet of the register: two good entries and two with problems."""
    import csv

    head = ["Mutation no", "Date", "Tehsil", "Mauza", "Type", "Khewat", "Khasra", "Area",
            "Role", "Name", "Name ur", "Share", "Held"]  # fmt: skip
    rows = [
        ["S-1", "14-03-1998", "PSH-01", "Pajaggi", "inheritance", "44", "101", "2-5-3",
         "transferor", "Gul Khan", "گل خان", "1/2", "1/2"],
        ["S-1", "14-03-1998", "PSH-01", "Pajaggi", "inheritance", "44", "101", "2-5-3",
         "transferee", "Imran Khan", "عمران خان", "1/2", ""],
        ["S-2", "02-07-1999", "PSH-01", "Pajaggi", "sale", "45", "7", "1-0-0",
         "transferor", "Seller", "", "5/12", "1/2"],
        ["S-2", "02-07-1999", "PSH-01", "Pajaggi", "sale", "45", "7", "1-0-0",
         "transferee", "Buyer", "", "1/3", ""],
        ["S-3", "31-02-1999", "PSH-01", "Pajaggi", "gift", "46", "8", "0-4-0",
         "transferor", "Donor", "", "1/4", "1/4"],
        ["S-3", "31-02-1999", "PSH-01", "Pajaggi", "gift", "46", "8", "0-4-0",
         "transferee", "Donee", "", "1/4", ""],
    ]  # fmt: skip
    path = out / "specimen-register.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([head, *rows])
    return path


def _import_checked(
    ws: MutationController,
    out: Path,
    wait_until: Callable[[Callable[[], bool]], None],
    save: Callable[[QWidget, Path], Path],
    prefix: str,
) -> Path:
    """The import dialog after checking the specimen spreadsheet."""
    importer = ws.import_records()
    importer.load(_specimen_import(out))
    wait_until(lambda: importer.sheet is not None)
    importer.run(check_only=True)
    wait_until(lambda: not importer.running)
    path = save(importer, out / f"{prefix}mutation_import_checked.png")
    importer.reject()
    return path


def _attested_id(store: LocalStore) -> str | None:
    from sqlalchemy import select

    from domain.models import Mutation

    with store.sessions() as s:
        return s.scalar(select(Mutation.id).where(Mutation.status == "attested").limit(1))


def render_mutation_screenshots(
    window: Any,
    store: LocalStore,
    out: Path,
    wait_until: Callable[[Callable[[], bool]], None],
    save: Callable[[QWidget, Path], Path],
) -> list[Path]:
    from sqlalchemy import func, select

    from daftar_cli.mutation_seed import seed_mutation_backlog
    from domain.models import Mutation

    with store.sessions() as s:
        if not s.scalar(select(func.count()).select_from(Mutation)):
            seed_mutation_backlog(s)
    ws = cast(MutationController, window.workspaces["mutations"])
    window.show_workspace("mutations")
    saved: list[Path] = []
    for lang in ("en", "ur"):
        prefix = "urdu_" if lang == "ur" else ""
        window.set_language(lang)
        ws.view.tabs.setCurrentIndex(0)
        ws.refresh()
        wait_until(lambda: ws.model.complete and ws.model.rowCount() > 0)
        ws.view.table.setCurrentIndex(ws.model.index(0, 0))
        ws.load_detail(ws.selected_id())
        wait_until(lambda: ws.detail is not None)
        model = ws.model
        wait_until(lambda: all(model.data(model.index(r, 0)) != "…" for r in range(20)))  # noqa: B023
        saved.append(save(ws.view, out / f"{prefix}mutations_list.png"))

        form = ws.new_entry()
        form.mutation_no.setText("1207")
        form.date.setText("14-03-1998")
        form.date.editingFinished.emit()
        form.mauza.setText("Mauza 2")
        form.khewat.setText("44")
        form.khasra.setText("101, 102/1")
        form.area.setText("2-5-3")
        form.consideration.setText("60000")
        form.page_taxes.setText("Mutation fee=600; Stamp duty=1800")
        for row, cells in enumerate(
            (
                ("1", "Gul Khan", "گل خان", "5/12", "1/2"),
                ("2", "Imran Khan", "عمران خان", "1/3", ""),
            )
        ):
            for key, text in zip(("role", "name_en", "name_ur", "share", "held"), cells):
                form.parties.set_cell(row, key, text)
        form.scans.add_file(_specimen_page(out))
        form.attempt()
        form.fit_to(DESK_SCREEN)
        saved.append(save(form, out / f"{prefix}mutation_entry.png"))
        form.changed = False
        form.reject()

        dialog = VerifyDialog(
            store, ws.worker, ws.operator, ws.detail.mutation.id if ws.detail else "", window
        )
        for key, text in (
            ("mutation_no", "1001"),
            ("khasra_nos", "101"),
            ("area", "2-5-3"),
            ("transferors", "1/2"),
            ("transferees", "1/3"),
        ):
            dialog.edits[key].setText(text)
        dialog.show()
        dialog.show_mismatches(
            [Mismatch("area", "0-9-4", "2-5-3"), Mismatch("transferees", "1/2", "1/3")]
        )
        dialog.fit_to(DESK_SCREEN)
        saved.append(save(dialog, out / f"{prefix}mutation_verify_mismatches.png"))
        dialog.changed = False
        dialog.reject()

        saved.append(_import_checked(ws, out, wait_until, save, prefix))

        attested = _attested_id(store)
        if attested is not None:
            from desktop.mutations.detail import load_detail

            correction = ws.correct(load_detail(store, attested))
            assert correction is not None
            correction.mutation_no.setText("C-1207")
            correction.reason.setText("Khasra 102/1 was misread; the page says 102/2.")
            correction.fit_to(DESK_SCREEN)
            saved.append(save(correction, out / f"{prefix}mutation_correction.png"))
            correction.changed = False
            correction.reject()

        ws.show_backlog()
        wait_until(lambda: bool(ws.view.backlog.backlog.weeks))
        saved.append(save(ws.view, out / f"{prefix}mutation_backlog.png"))
    window.set_language("en")
    return saved
