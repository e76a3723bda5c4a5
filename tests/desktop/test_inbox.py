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
        qtbot.waitUntil(lambda: inbox.loaded and inbox.view.table.rowCount() == 1, timeout=5000)
    finally:
        session.close()
