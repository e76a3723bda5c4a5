"""A new workspace needs a source and a registration, not a change to the window.

The test registers a small "People" workspace over the `persons` table (a record
table with its own source), opens the real window with it, and sees it in the
navigation, searched from the global search box, and refreshed by `records_changed`
— after a local command and after a sync round — while `desktop/main_window.py`
names no workspace at all.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Select, select

import desktop.main_window
from desktop.app import open_main_window
from desktop.changes import Changes
from desktop.db import read_rows
from desktop.demo_rows import insert_demo_applications
from desktop.qt import QObject, Qt
from desktop.record_table import Column, RecordSource, RecordTableModel, TableQuery
from desktop.record_view import RecordTableView
from desktop.workspace import Desk, Workspace
from desktop.workspaces import default_registry
from domain.models import Person
from sync.status import SyncStatus
from sync.store.local import LocalStore


class PersonRow(NamedTuple):
    id: str
    name: str
    cnic: str


@dataclass(frozen=True)
class PeopleQuery(TableQuery):
    prefix: str = ""


class PeopleSource(RecordSource[PersonRow]):
    columns = (Column("name", "Name"), Column("cnic", "CNIC", latin=True))
    table = "persons"

    def default_query(self) -> PeopleQuery:
        return PeopleQuery()

    def id_query(self, query: Any) -> Select[Any]:
        stmt = select(Person.id).order_by(Person.name_en, Person.id)
        if query.prefix:
            stmt = stmt.where(Person.name_en.startswith(query.prefix))
        return stmt

    def fetch_rows(self, store: LocalStore, ids: list[str]) -> list[PersonRow]:
        found = {
            r[0]: r
            for r in read_rows(
                store, select(Person.id, Person.name_en, Person.cnic).where(Person.id.in_(ids))
            )
        }
        return [PersonRow(*found[i]) if i in found else PersonRow(i, "—", "") for i in ids]


class PeopleWorkspace(Workspace):
    key = "people"
    title = "People"
    searchable = True
    heard: list[Changes]

    def __init__(self, desk: Desk, parent: QObject | None = None):
        super().__init__(desk, parent)
        self.heard = []
        self.model: RecordTableModel[PersonRow] = RecordTableModel(
            PeopleSource(), desk.store, desk.worker, self
        )
        self.table = RecordTableView(stretch="name")
        self.table.setModel(self.model)
        self.page = self.table
        self.model.loaded.connect(lambda _n: self.ready.emit())

    def start(self) -> None:
        self.model.reload()

    def search(self, text: str) -> bool:
        self.model.reload(replace(self.model.filter, prefix=text.strip()))
        return True

    def on_records_changed(self, changes: Changes) -> None:
        self.heard.append(changes)
        if changes.touches("persons"):
            self.model.reload()


def _names(model: RecordTableModel[PersonRow]) -> list[str]:
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def test_a_registered_workspace_is_listed_searched_and_refreshed_without_touching_the_window(
    qtbot, store, operator, fake_engine
):
    insert_demo_applications(store, 40, seed=3)
    registry = default_registry().copy()
    registry.register(PeopleWorkspace)
    session = open_main_window(store, operator, engine=fake_engine, lang="en", registry=registry)
    try:
        window = session.window
        people = window.workspaces["people"]
        assert isinstance(people, PeopleWorkspace)
        # listed: a navigation entry and a page, after the built-in workspaces
        assert window.nav.item(window.nav.count() - 1).text() == "People"
        window.show_workspace("people")
        assert window.pages.currentWidget() is people.table
        model = people.model
        qtbot.waitUntil(lambda: model.complete and model.rowCount() == 40, timeout=5000)
        qtbot.waitUntil(lambda: "…" not in _names(model), timeout=5000)

        # searched: the global search goes to the workspace shown, since it searches
        first = _names(model)[0]
        prefix = first[:4]
        window.search.setText(prefix)
        qtbot.keyClick(window.search, Qt.Key_Return)
        qtbot.waitUntil(lambda: model.complete and 0 < model.rowCount() < 40, timeout=5000)
        qtbot.waitUntil(lambda: "…" not in _names(model), timeout=5000)
        assert all(name.startswith(prefix) for name in _names(model))
        people.search("")
        qtbot.waitUntil(lambda: model.complete and model.rowCount() == 40, timeout=5000)

        # refreshed by a local command's result, announced by the licence workspace's path
        result = store.execute(
            "submit_licence_application",
            {
                "application_id": "01a2056d-f463-7201-9db0-8c855b81c65b",
                "application_no": "PSH-26-T000009",
                "applicant": {
                    "cnic": "1730112345679",
                    "name_en": "Aaban Test",
                    "date_of_birth": "1980-01-01",
                },
                "weapon_type": "pistol",
                "bore": ".30",
                "validity": "district",
                "documents": ["cnic_copy", "affidavit", "police_clearance"],
            },
            actor="amina",
        )
        session.bridge.changes.command_done(result)
        assert people.heard[-1].origin == "local" and people.heard[-1].touches("persons")
        qtbot.waitUntil(lambda: model.complete and model.rowCount() == 41, timeout=5000)
        qtbot.waitUntil(lambda: _names(model)[0] == "Aaban Test", timeout=5000)
        # ... and the licence list heard the same signal and shows the application
        licences = window.workspaces["licences"]
        qtbot.waitUntil(lambda: licences.model.rowCount() == 41, timeout=5000)

        # refreshed by a sync round that changed persons (fed by the sync bridge)
        with store.write_lock, store.sessions.begin() as s:
            s.add(
                Person(
                    id="01a2056d-f441-767d-bc50-03f437c299e3",
                    cnic="1730199999991",
                    name_en="Aaaa From Server",
                    district_code="PSH",
                    office_code="DC-PSH",
                )
            )
        fake_engine.report(SyncStatus(state="syncing"))
        fake_engine.report(SyncStatus(state="online", changed_tables=frozenset({"persons"})))
        qtbot.waitUntil(lambda: people.heard[-1].origin == "sync", timeout=5000)
        assert people.heard[-1].ids_in("persons") is None  # any row of the table may have changed
        qtbot.waitUntil(
            lambda: model.rowCount() == 42 and _names(model)[0] == "Aaaa From Server", timeout=5000
        )
    finally:
        session.close()


class FiguresWorkspace(PeopleWorkspace):
    """A heavy page most operators never open: it loads when first shown."""

    key = "figures"
    title = "Figures"
    searchable = False
    load_when_shown = True


def test_a_page_that_loads_when_shown_reads_nothing_until_the_operator_opens_it(
    qtbot, store, operator, fake_engine
):
    insert_demo_applications(store, 12, seed=4)
    registry = default_registry().copy()
    registry.register(FiguresWorkspace)
    session = open_main_window(store, operator, engine=fake_engine, lang="en", registry=registry)
    try:
        window = session.window
        figures = window.workspaces["figures"]
        licences = window.workspaces["licences"]
        qtbot.waitUntil(lambda: licences.model.complete, timeout=5000)
        session.bridge.changes.records_changed.emit(Changes(frozenset({"persons"}), {}, "sync"))
        window.worker.wait_idle()
        assert figures.model.rowCount() == 0 and figures.heard == []  # not read, not told
        assert not window.started("figures") and window.started("licences")

        window.show_workspace("figures")
        qtbot.waitUntil(lambda: figures.model.complete and figures.model.rowCount() == 12)
        session.bridge.changes.records_changed.emit(Changes(frozenset({"persons"}), {}, "sync"))
        assert len(figures.heard) == 1  # from now on it hears changes
    finally:
        session.close()


def test_the_main_window_names_no_workspace():
    source = Path(desktop.main_window.__file__).read_text(encoding="utf-8").lower()
    for word in ("licence", "mutation", "visit", "payment", "conflict", "inbox", "dashboard"):
        assert word not in source, word


def test_a_pages_message_leaves_with_the_page_and_with_the_language(
    qtbot, store, operator, fake_engine
):
    """'3 inmates found' said by the visits page is not left on the dashboard's status
    bar, nor in English once the desk has switched to Urdu."""
    session = open_main_window(store, operator, engine=fake_engine, lang="en")
    try:
        window = session.window
        window.show_workspace("visits")
        window.workspaces["visits"].message.emit("3 inmates found")
        assert window.status.currentMessage() == "3 inmates found"
        window.show_workspace("dashboard")
        assert window.status.currentMessage() == ""
        window.show_workspace("visits")
        window.workspaces["visits"].message.emit("3 inmates found")
        window.set_language("ur")
        assert "inmates" not in window.status.currentMessage()  # it may speak again, in Urdu
    finally:
        session.close()
