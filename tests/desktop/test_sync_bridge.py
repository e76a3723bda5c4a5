"""The status bar always says where sync stands, with or without a server."""

from __future__ import annotations

import threading
from datetime import datetime, timezone

from desktop.app import open_main_window
from desktop.qt import QApplication, Qt
from desktop.sync_bridge import NO_SERVER, SyncBridge
from sync.status import SyncStatus


def test_statuses_from_the_engine_thread_arrive_on_the_gui_thread(
    qtbot, store, worker, fake_engine
):
    bridge = SyncBridge(store, worker, fake_engine)
    seen: list[tuple[SyncStatus, bool]] = []
    bridge.status_changed.connect(
        lambda s: seen.append((s, threading.current_thread() is threading.main_thread()))
    )
    status = SyncStatus(state="syncing", pending=3, progress_done=10, progress_total=50)
    thread = threading.Thread(target=fake_engine.report, args=(status,))
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [(status, True)]


def test_without_a_server_the_window_says_so_and_still_works(qtbot, session):
    window = session.window
    assert session.bridge.status.message == NO_SERVER
    assert "Offline — no server configured" in window.status.connectivity.text()
    assert window.status.last_sync.text() == "Last sync: never"
    window.sync_action.trigger()
    assert "No server is configured" in window.status.currentMessage()


def test_status_bar_shows_state_last_sync_counts_and_progress(qtbot, store, operator, fake_engine):
    session = open_main_window(store, operator, engine=fake_engine, lang="en")
    try:
        window = session.window
        qtbot.waitUntil(lambda: fake_engine.started)  # once the list has its ids
        window.activateWindow()
        qtbot.waitActive(window)
        qtbot.keyClick(window.windowHandle(), Qt.Key_S, Qt.ControlModifier | Qt.ShiftModifier)
        assert fake_engine.sync_requests == 1
        fake_engine.report(
            SyncStatus(
                state="syncing",
                message="Downloading records… 5,000",
                progress_done=5000,
                progress_total=None,
            )
        )
        qtbot.waitUntil(lambda: "Syncing" in window.status.connectivity.text())
        assert window.status.busy.isVisibleTo(window)
        assert window.status.busy.maximum() == 0  # indeterminate: total unknown
        when = datetime(2026, 11, 22, 9, 5, tzinfo=timezone.utc)
        fake_engine.report(SyncStatus(state="online", last_sync=when, pending=2, attention=1))
        qtbot.waitUntil(lambda: "Online" in window.status.connectivity.text())
        assert window.status.last_sync.text() == "Last sync: 22-11-2026 14:05"  # Karachi, UTC+5
        assert window.status.pending.text() == "Pending: 2"
        assert window.status.attention.text() == "Needs attention: 1"
        assert "Downloading" not in window.status.busy_text.text()  # the round's progress is gone
        # the bar stays only while the desk's own background reads finish (lists, index)
        qtbot.waitUntil(lambda: not window.status.busy.isVisibleTo(window))
        qtbot.mouseClick(window.status.attention, Qt.LeftButton)
        assert window.pages.currentWidget() is window.page_by_key["inbox"]
    finally:
        session.close()
    assert fake_engine.stopped


def test_the_pending_count_follows_local_commands(qtbot, store, worker):
    bridge = SyncBridge(store, worker, None)
    bridge.refresh_counts()
    qtbot.waitUntil(lambda: bridge.status.pending == 0 and bridge.status.message == NO_SERVER)
    store.set_facts(last_sync="2026-11-22T09:05:00+00:00")
    store.execute(
        "submit_licence_application",
        {
            "application_id": "01a2056d-f463-7201-9db0-8c855b81c65b",
            "application_no": "PSH-26-T000009",
            "applicant": {
                "cnic": "1730112345679",
                "name_en": "Imran Khan",
                "date_of_birth": "1980-01-01",
            },
            "weapon_type": "pistol",
            "bore": ".30",
            "validity": "district",
            "documents": ["cnic_copy", "affidavit", "police_clearance"],
        },
        actor="amina",
    )
    bridge.refresh_counts()
    qtbot.waitUntil(lambda: bridge.status.pending == 1)
    assert bridge.status.last_sync is not None
    QApplication.processEvents()


def test_applications_a_sync_round_brings_appear_in_the_list(qtbot, store, operator, fake_engine):
    """A first sync fills the store after the window opened: the list must show the
    new rows without the operator pressing Refresh."""
    from desktop.demo_rows import insert_demo_applications

    session = open_main_window(store, operator, engine=fake_engine, lang="en")
    try:
        model = session.window.licences.model
        qtbot.waitUntil(lambda: model.complete)
        before = model.rowCount()
        fake_engine.report(SyncStatus(state="syncing", message="Downloading records…"))
        insert_demo_applications(store, 30, seed=5)  # what the pull wrote
        fake_engine.report(
            SyncStatus(
                state="online", changed_tables=frozenset({"persons", "licence_applications"})
            )
        )
        qtbot.waitUntil(lambda: model.complete and model.rowCount() == before + 30, timeout=5000)
        assert f"{before + 30} applications" in session.window.licences.view.count.text()
    finally:
        session.close()


def test_syncing_starts_once_the_list_has_its_ids(qtbot, store, operator, fake_engine):
    """A first round pulling while the list streams its ids stalled the window."""
    session = open_main_window(store, operator, engine=fake_engine, lang="en")
    try:
        assert not fake_engine.started  # the list's first rows are still on their way
        model = session.window.licences.model
        started_with_list: list[bool] = []
        real_start = fake_engine.start

        def start() -> None:
            started_with_list.append(model.complete)
            real_start()

        fake_engine.start = start  # type: ignore[method-assign]
        qtbot.waitUntil(lambda: fake_engine.started)
        assert started_with_list == [True]
    finally:
        session.close()
    session.bridge.start()  # as a late timer would: nothing starts after closing
    assert fake_engine.stopped


def test_a_round_that_names_its_ids_rereads_those_rows_not_the_whole_list(
    qtbot, store, operator, fake_engine
):
    """Sync rounds report ids, not only tables: a round that changed rows already
    listed re-reads them where they are; one that brought new rows reads the list."""
    from sqlalchemy import update

    from desktop.demo_rows import insert_demo_applications
    from domain.models import LicenceApplication as LA

    insert_demo_applications(store, 40, seed=5)
    session = open_main_window(store, operator, engine=fake_engine, lang="en")
    try:
        model = session.window.licences.model
        qtbot.waitUntil(lambda: model.complete and model.rowCount() == 40)
        qtbot.waitUntil(lambda: model.data(model.index(0, 1)) not in (None, "…"))
        listed, first = model.ids, model.ids[0]
        with store.engine.begin() as conn:  # what the pull wrote
            conn.execute(update(LA).where(LA.id == first).values(applicant_name_en="Renamed"))
        fake_engine.report(SyncStatus(state="syncing"))
        fake_engine.report(
            SyncStatus(
                state="online",
                changed_tables=frozenset({"licence_applications"}),
                changed_ids={"licence_applications": frozenset({first})},
            )
        )
        qtbot.waitUntil(lambda: model.data(model.index(0, 1)) == "Renamed", timeout=5000)
        assert model.ids is listed  # the rows were re-read in place, not the whole list

        insert_demo_applications(store, 1, seed=5, start=40)
        with store.engine.connect() as conn:
            new_id = conn.exec_driver_sql(
                "SELECT id FROM licence_applications ORDER BY rowid DESC LIMIT 1"
            ).scalar()
        fake_engine.report(SyncStatus(state="syncing"))
        fake_engine.report(
            SyncStatus(
                state="online",
                changed_tables=frozenset({"licence_applications"}),
                changed_ids={"licence_applications": frozenset({new_id})},
            )
        )
        qtbot.waitUntil(lambda: model.complete and model.rowCount() == 41, timeout=10_000)
    finally:
        session.close()


def test_a_server_shedding_load_is_busy_not_offline_in_both_languages(qtbot, session):
    """At a morning burst the server answers 503 and the desk waits what it was told:
    the link works and nothing is lost, so the bar says so, in the operator's language."""
    window = session.window
    busy = SyncStatus(
        state="busy", retry_after=2.0, message="The server is busy; trying again in 2 s."
    )
    window.status.show_status(busy)
    assert window.status.connectivity.text().endswith("</span> Server busy")
    assert "Offline" not in window.status.connectivity.text()
    assert window.status.connectivity.toolTip() == (
        "The server is busy; this desk tries again in 2 s. Your work is kept on this desk."
    )
    window.set_language("ur")
    window.status.show_status(busy)
    assert window.status.connectivity.text().endswith("سرور مصروف ہے")
    assert "2 سیکنڈ بعد دوبارہ کوشش" in window.status.connectivity.toolTip()
    window.set_language("en")
