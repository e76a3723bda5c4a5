"""Urdu: the interface really switches, right to left, in Nastaliq, and stays so."""

from __future__ import annotations

import filecmp
import string
import xml.etree.ElementTree as ET

import pytest

from desktop import i18n_tools
from desktop.app import language_for
from desktop.i18n import LANGUAGE_FACT, URDU_FAMILY, error_text, tr
from desktop.qt import QApplication, Qt
from domain.errors import DomainError


def test_switching_to_urdu_flips_the_layout_and_translates_the_window(qtbot, session, store):
    window = session.window
    assert QApplication.layoutDirection() == Qt.LeftToRight
    assert window.nav.item(0).text() == "Arms licences"
    window.language_actions["ur"].trigger()
    assert QApplication.layoutDirection() == Qt.RightToLeft
    assert window.isRightToLeft()
    assert window.nav.item(0).text() == "اسلحہ لائسنس"
    assert window.licences.view.actions_by_key["new"].text() == "نئی درخواست"
    # The English letter in brackets: Alt+S opens it in Urdu too, and the Urdu letters
    # stay joined (an underline inside them would break them).
    assert window.menu_sync.title() == "ہم آہنگی (&S)"
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
    assert filecmp.cmp(compiled, i18n_tools.ts_path("ur").with_suffix(".qm"), shallow=False), (
        "run `python -m desktop.i18n_tools` and ship the new .qm"
    )


def _has_urdu(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def test_a_bad_cnic_in_the_urdu_form_is_explained_in_urdu(qtbot, session):
    window = session.window
    window.set_language("ur")
    form = window.licences.new_application()
    form.cnic.clear()
    qtbot.keyClicks(form.cnic, "1730112345")
    qtbot.mouseClick(form.submit_button, Qt.LeftButton)
    shown = form.fields["cnic"].error.text()
    assert _has_urdu(shown) and "شناختی کارڈ" in shown
    assert "CNIC" not in shown and "digits" not in shown
    assert "\u200e10\u200e" in shown  # the count stays left to right inside Urdu
    assert form.isVisible()
    form.reject()


def test_domain_errors_and_server_rejections_follow_the_interface_language(session):
    from domain.states import ARMS_APPLICATION, ensure_transition

    with pytest.raises(DomainError) as caught:
        ensure_transition(ARMS_APPLICATION, "rejected", "approved")
    english = caught.value.message
    answer = {"status": "rejected", **caught.value.as_dict()}
    assert error_text(caught.value) == english == error_text(answer)
    session.window.set_language("ur")
    for shown in (error_text(caught.value), error_text(answer)):
        assert _has_urdu(shown) and "«مسترد»" in shown and "«منظور شدہ»" in shown
        assert "arms licence" not in shown
    # an answer from an older server (no template) still shows its message
    assert error_text({"code": "duplicate", "message": "Already there."}) == "Already there."
    session.window.set_language("en")
    assert error_text(answer) == english


def test_every_domain_message_has_a_finished_urdu_translation_with_the_same_placeholders():
    templates = {
        **i18n_tools.extract_domain(),
        **i18n_tools.extract_domain(i18n_tools.DESKTOP),
        **i18n_tools.extract_domain(i18n_tools.SERVER),
    }
    assert len(templates) > 100 and "CNIC must have 13 digits; you typed {count}" in templates
    finished = {}
    for message in ET.parse(i18n_tools.ts_path("ur")).getroot().iter("message"):
        translation = message.find("translation")
        if translation is not None and translation.get("type") is None and translation.text:
            finished[message.findtext("source")] = translation.text
    formatter = string.Formatter()

    def names(text: str) -> set[str]:
        return {name for _, name, _, _ in formatter.parse(text) if name is not None}

    untranslated = sorted(t for t in templates if t not in finished)
    assert untranslated == [], (
        "translate these in daftar_ur.ts, then run python -m desktop.i18n_tools"
    )
    mismatched = {t: finished[t] for t in templates if names(t) != names(finished[t])}
    assert mismatched == {}
