"""The inbox from the licence workspace (issue 19, point 1): a refused record's detail pane
links to it, and the status bar's count opens it."""

from __future__ import annotations


def test_a_refused_records_detail_pane_links_to_the_inbox(qtbot, store, operator):
    """The licence detail pane of a refused record opens the inbox from its link."""
    from desktop.app import open_main_window
    from desktop.qt import QUrl
    from desktop.screenshots import _refused

    refused = _refused(store)
    session = open_main_window(store, operator, lang="en")
    try:
        window = session.window
        licences = window.workspaces["licences"]
        qtbot.waitUntil(lambda: licences.model.complete, timeout=5000)
        licences.view.table.selectRow(licences.model.ids.index(refused))
        qtbot.waitUntil(lambda: licences.detail is not None and licences.detail.app.id == refused)
        pane = licences.view.detail
        assert "Open its items in the Inbox" in pane.toPlainText()
        pane.anchorClicked.emit(QUrl("daftar:inbox"))
        assert window.pages.currentWidget() is window.page_by_key["inbox"]
        inbox = window.workspaces["inbox"]
        qtbot.waitUntil(lambda: inbox.loaded and inbox.row_count() == 1, timeout=5000)
    finally:
        session.close()


def _open_app(qtbot, store, operator, app_id):
    from desktop.app import open_main_window

    session = open_main_window(store, operator, lang="en")
    licences = session.window.workspaces["licences"]
    qtbot.waitUntil(lambda: licences.model.complete, timeout=5000)
    licences.view.table.selectRow(licences.model.ids.index(app_id))
    qtbot.waitUntil(lambda: licences.detail is not None and licences.detail.app.id == app_id)
    return session, licences


def test_an_applicants_details_are_edited_from_the_licence_workspace(qtbot, store, operator):
    """Ctrl+E opens the details as held; saving sends edit_record with what it replaced."""
    from sqlalchemy import select

    from desktop.qt import Qt
    from desktop.screenshots import _walk_through
    from domain.models import Person
    from sync.store.client_models import OutboxCommand

    app_id = _walk_through(store)
    session, licences = _open_app(qtbot, store, operator, app_id)
    try:
        assert licences.view.actions_by_key["edit"].isEnabled()
        licences.view.actions_by_key["edit"].trigger()
        form = licences.dialog
        mobile = form.editors[("persons", "mobile")]
        before = mobile.text()
        mobile.setText("0345-1112223")
        form.editors[("licence_applications", "remarks")].setText("new address verified")
        with qtbot.waitSignal(form.done_with, timeout=5000):
            qtbot.mouseClick(form.submit_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: "03451112223" in licences.view.detail.toPlainText(), timeout=5000)
        with store.sessions() as s:
            edits = [
                c.args
                for c in s.scalars(
                    select(OutboxCommand)
                    .where(OutboxCommand.name == "edit_record")
                    .order_by(OutboxCommand.device_seq)
                )
            ]
            assert s.scalars(select(Person.mobile)).first() is not None
        assert [e["table"] for e in edits] == ["persons", "licence_applications"]
        assert edits[0]["changes"] == {"mobile": "03451112223"}
        assert edits[0]["base_values"] == {"mobile": before}
        assert edits[1]["changes"] == {"remarks": "new address verified"}
    finally:
        session.close()


def test_an_issued_licences_application_is_past_the_point_of_edit(qtbot, store, operator):
    import pytest

    from desktop.licences import workflow
    from desktop.screenshots import _as, _walk_through
    from domain.errors import ValidationError

    app_id = _walk_through(store)
    _as(store, "dc.peshawar")
    workflow.issue_licence(store, "dc.peshawar", app_id)
    _as(store, operator.username)
    session, licences = _open_app(qtbot, store, operator, app_id)
    try:
        form = licences.edit_details()
        assert not form.editors[("licence_applications", "remarks")].isEnabled()
        assert "correcting order" in form.intro.text()
        assert form.editors[("persons", "mobile")].isEnabled()  # the person can still be corrected
        form.reject()
        with pytest.raises(ValidationError) as refused:
            store.execute(
                "edit_record",
                {"table": "licence_applications", "row_id": app_id, "changes": {"remarks": "x"}},
            )
        assert refused.value.code == "final" and "correcting order" in str(refused.value)
    finally:
        session.close()
