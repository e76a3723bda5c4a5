"""The verifying clerk and the officer see the entry's scanned pages beside their
dialog: from this desk's encrypted cache, or fetched from the server the first time
they are opened here (a bootstrap brings none), and a scan that cannot be had is
said in one line."""

from __future__ import annotations

from typing import Any

from desktop.mutations.actions import VerifyDialog
from desktop.qt import QBuffer, QByteArray, QColor, QImage, QIODevice
from domain.ids import new_id
from sync.attachments import AttachmentError, sha256_of


def _png(colour: str) -> bytes:
    image = QImage(60, 80, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


class FakeEngine:
    """Stands for the sync engine: the server holds `held`; counts the fetches."""

    def __init__(self, store: Any, held: dict[str, bytes]):
        self.store, self.held, self.fetched = store, held, []

    def fetch_attachment(self, sha: str) -> bytes:
        self.fetched.append(sha)
        if sha not in self.held:
            raise AttachmentError("The server does not have this scan yet.")
        self.store.attachments.put(self.held[sha], send=False)
        return self.held[sha]


def _entry(store: Any, shas: list[str]) -> str:
    mid = new_id()
    store.execute(
        "record_mutation",
        {
            "mutation_id": mid,
            "tehsil_code": "PSH-01",
            "mutation_no": f"S{mid[-6:]}",
            "mutation_date": "1998-03-14",
            "mauza": "Pajaggi",
            "mutation_type": "inheritance",
            "khewat_no": "44",
            "khasra_nos": ["101"],
            "area": "2-5-3",
            "parties": [
                {"role": "transferor", "name_en": "A", "share": "1/2", "held": "1/2"},
                {"role": "transferee", "name_en": "B", "share": "1/2"},
            ],
            "attachments": [{"sha256": s, "media_type": "image/png"} for s in shas],
        },
        actor="clerk-a",
    )
    return mid


def _dialog(qtbot: Any, session: Any, store: Any, mid: str, engine: Any) -> VerifyDialog:
    ws = session.window.mutations
    dialog = VerifyDialog(store, ws.worker, ws.operator, mid, ws.view.window())
    qtbot.addWidget(dialog)
    dialog.show_scans(engine)
    return dialog


def test_a_kept_scan_is_shown_and_one_from_the_server_is_fetched_once(qtbot, session, store):
    here, there = _png("white"), _png("#f4efe1")
    kept = store.attachments.put(here)
    mid = _entry(store, [kept, sha256_of(there)])
    engine = FakeEngine(store, {sha256_of(there): there})
    dialog = _dialog(qtbot, session, store, mid, engine)
    pane = dialog.side_panel
    qtbot.waitUntil(lambda: len(pane.scans) == 2, timeout=10000)
    assert [s.data for s in pane.scans] == [here, there] or [s.data for s in pane.scans] == [
        there,
        here,
    ]
    assert engine.fetched == [sha256_of(there)]  # the kept one never went to the server
    assert pane.view.scene().items()
    again = _dialog(qtbot, session, store, mid, engine)
    qtbot.waitUntil(lambda: len(again.side_panel.scans) == 2, timeout=10000)
    assert engine.fetched == [sha256_of(there)]  # opened again: from this desk's cache


def test_a_scan_that_cannot_be_had_is_said_in_one_line(qtbot, session, store):
    missing = sha256_of(b"never sent")
    mid = _entry(store, [missing])
    offline = _dialog(qtbot, session, store, mid, FakeEngine(store, {}))
    qtbot.waitUntil(lambda: bool(offline.side_panel.message.text()), timeout=10000)
    assert offline.side_panel.message.text() == "Page 1: The server does not have this scan yet."
    alone = _dialog(qtbot, session, store, mid, None)
    qtbot.waitUntil(lambda: bool(alone.side_panel.message.text()), timeout=10000)
    assert "no server is set up" in alone.side_panel.message.text()
