"""Urdu: the interface really switches, right to left, in Nastaliq, and stays so."""

from __future__ import annotations

import filecmp

from desktop import i18n_tools
from desktop.app import language_for
from desktop.i18n import LANGUAGE_FACT, URDU_FAMILY, tr
from desktop.qt import QApplication, Qt


def test_switching_to_urdu_flips_the_layout_and_translates_the_window(qtbot, session, store):
    window = session.window
    assert QApplication.layoutDirection() == Qt.LeftToRight
    assert window.nav.item(0).text() == "Arms licences"
    window.language_actions["ur"].trigger()
    assert QApplication.layoutDirection() == Qt.RightToLeft
    assert window.isRightToLeft()
    assert window.nav.item(0).text() == "اسلحہ لائسنس"
    assert window.licence_view.actions_by_key["new"].text() == "نئی درخواست"
    assert window.menu_sync.title() == "ہم آہنگی"  # no mnemonic: an underline breaks the joined letters
    assert window.status.pending.text() == "زیر التوا: 0"
    assert window.status.connectivity.text().endswith("آف لائن — کوئی سرور مقرر نہیں")
    header = window.licences.model.headerData(1, Qt.Horizontal)
    assert header == "درخواست گزار"
    assert QApplication.font().families()[0] == URDU_FAMILY
    # remembered in the profile for the next start
    qtbot.waitUntil(lambda: store.fact(LANGUAGE_FACT) == "ur", timeout=5000)
    assert language_for(store, None) == "ur"

    window.language_actions["en"].trigger()
    assert QApplication.layoutDirection() == Qt.LeftToRight
    assert window.nav.item(0).text() == "Arms licences"
    assert tr("Pending: {n}") == "Pending: {n}"


def test_urdu_form_shows_urdu_labels_and_names(qtbot, session):
    window = session.window
    window.set_language("ur")
    form = window.licences.new_application()
    assert form.windowTitle() == "نئے اسلحہ لائسنس کی درخواست"
    assert form.submit_button.text() == "درخواست جمع کریں"
    assert form.weapon.itemText(0) == "پستول"
    assert form.isRightToLeft()
    form.reject()


def test_every_text_in_the_desktop_has_an_urdu_translation():
    assert i18n_tools.untranslated("ur") == []


def test_the_shipped_qm_is_compiled_from_the_shipped_ts(tmp_path):
    compiled = tmp_path / "daftar_ur.qm"
    i18n_tools.compile_ts(i18n_tools.ts_path("ur"), compiled)
    assert filecmp.cmp(compiled, i18n_tools.ts_path("ur").with_suffix(".qm"), shallow=False), \
        "run `python -m desktop.i18n_tools` and ship the new .qm"
