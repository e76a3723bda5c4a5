"""Scanned pages between desks through the real server (DESIGN.md "Attachments"):
the engine uploads a scan on a thread and a link of its own, a cut upload resumes
mid-file, a second desk's bootstrap carries the scan's row but none of its bytes
until someone opens it, and scans older stores kept inside their rows move out on
the store's migration."""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import select

from domain.ids import new_id
from domain.models import Mutation, MutationScan
from sync.attachments import CHUNK_BYTES, AttachmentError, sha256_of
from sync.store import LocalStore
from sync.store.migrate import _config, current_revision, head_revision
from sync.transport import AttachmentLink, Offline


def entry(number: str, **over: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "mutation_id": new_id(),
        "tehsil_code": "PSH-01",
        "mutation_no": number,
        "mutation_date": "1998-03-14",
        "mauza": "Pajaggi",
        "mutation_type": "inheritance",
        "khewat_no": "44",
        "khasra_nos": ["101"],
        "area": "2-5-3",
        "parties": [
            {"role": "transferor", "name_en": "Father", "share": "1/2", "held": "1/2"},
            {"role": "transferee", "name_en": "Son", "share": "1/2"},
        ],
    }
    args.update(over)
    return args


def status(url: str, token: str, sha: str) -> dict[str, Any]:
    import requests

    r = requests.get(
        f"{url}/attachments/{sha}/status", headers={"Authorization": f"Bearer {token}"}, timeout=5
    )
    r.raise_for_status()
    return r.json()  # type: ignore[no-any-return]


def test_a_scan_reaches_a_second_desk_only_when_it_is_opened(live_server, make_device):
    first, first_engine = make_device("DC-PSH")
    second, second_engine = make_device("DC-PSH", name="counter 2")
    page = os.urandom(300_000)
    sha = first.attachments.put(page)
    args = entry("7001", attachments=[{"sha256": sha, "media_type": "image/png"}])
    first.execute("record_mutation", args, actor="clerk1")
    assert first.attachments.outgoing() == [sha]

    report = first_engine.run_once()  # the command goes; the scan waits for its thread
    assert report.pushed == 1 and report.rejected == 0
    assert first_engine.send_attachments() == (1, len(page))
    assert first.attachments.outgoing() == []
    assert first_engine.send_attachments() == (0, 0)  # nothing owed, nothing sent

    second_engine.run_once()  # a bootstrap: the scan's row, none of its bytes
    with second.sessions() as s:
        scan = s.scalars(
            select(MutationScan).where(MutationScan.mutation_id == args["mutation_id"])
        ).one()
        assert scan.sha256 == sha and scan.content == b""
    assert not second.attachments.has(sha)
    assert second_engine.fetch_attachment(sha) == page  # opened: fetched once, kept encrypted
    assert second.attachments.has(sha) and second.attachments.outgoing() == []
    assert page[:64] not in second.attachments.path(sha).read_bytes()


def test_a_scan_attached_offline_goes_once_the_link_is_back_and_never_blocks_commands(
    live_server, make_device
):
    store, engine = make_device("DC-PSH")
    engine.run_once()
    live_server.stop()
    sha = store.attachments.put(b"%PDF-1.4 page typed offline")
    store.execute(
        "record_mutation",
        entry("7002", attachments=[{"sha256": sha, "media_type": "application/pdf"}]),
        actor="clerk1",
    )
    with pytest.raises(Offline):
        engine.send_attachments()
    assert store.attachments.outgoing() == [sha]
    live_server.start()
    assert engine.run_once().pushed == 1  # the command does not wait for the scan
    engine.send_attachments()
    assert status(live_server.url, store.fact("device_token"), sha)["complete"]
    assert store.attachments.outgoing() == []


def test_an_upload_cut_mid_way_resumes_from_what_the_server_holds(
    live_server, make_device, monkeypatch
):
    store, engine = make_device("DC-PSH")
    scan = os.urandom(3 * CHUNK_BYTES + 12345)
    sha = store.attachments.put(scan)
    sent: list[int] = []
    real_put = AttachmentLink.put

    def cut_after_three(self: AttachmentLink, url: str, **kw: Any) -> Any:
        if len(sent) == 2:
            raise Offline("link down")
        sent.append(len(kw["content"]))
        return real_put(self, url, **kw)

    monkeypatch.setattr(AttachmentLink, "put", cut_after_three)
    with pytest.raises(Offline):
        engine.send_attachments()
    token = store.fact("device_token")
    assert status(live_server.url, token, sha) == {"received": 2 * CHUNK_BYTES, "complete": False}
    monkeypatch.setattr(AttachmentLink, "put", real_put)
    assert engine.send_attachments() == (1, CHUNK_BYTES + 12345)  # only the missing part went
    assert status(live_server.url, token, sha)["complete"]


def test_a_scan_the_server_does_not_have_yet_says_so(live_server, make_device):
    _store, engine = make_device("DC-PSH")
    with pytest.raises(AttachmentError, match="has not sent it"):
        engine.fetch_attachment(sha256_of(b"never uploaded"))
    live_server.stop()
    with pytest.raises(AttachmentError, match="cannot be reached"):
        engine.fetch_attachment(sha256_of(b"never uploaded"))


def test_scans_kept_inside_rows_move_to_the_attachment_cache_on_migration(tmp_path: Path):
    path, key = tmp_path / "old.db", "5a" * 32
    # Rows as a store of release 0008 kept them, scans inside: written at the head, then
    # the schema taken back to 0008 (the bytes stay in the rows).
    old = LocalStore.open("old", path=path, key=key)
    old.attachments = None
    pages = [os.urandom(2000) for _ in range(3)]
    ids = []
    for n, page in enumerate(pages):
        args = entry(
            f"80{n}",
            scan={"content_b64": base64.b64encode(page).decode(), "media_type": "image/png"},
        )
        ids.append(args["mutation_id"])
        old.execute("record_mutation", args, actor="clerk1")
    engine = old.engine
    cfg = _config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008")
        conn.commit()
    with engine.connect() as conn:
        kept = conn.exec_driver_sql("SELECT count(*) FROM mutation_scans WHERE length(content) > 0")
        assert kept.scalar() == 3
    old.close()

    store = LocalStore.open("old", path=path, key=key)
    try:
        assert current_revision(store.engine) == head_revision()
        assert store.migration.backup is not None
        with store.sessions() as s:
            scans = {
                r.mutation_id: r
                for r in s.scalars(select(MutationScan).where(MutationScan.mutation_id.in_(ids)))
            }
            assert len(s.scalars(select(Mutation)).all()) == 3
        for mutation_id, page in zip(ids, pages):
            scan = scans[mutation_id]
            assert scan.content == b"" and scan.sha256 == sha256_of(page)
            assert store.attachments.get(scan.sha256) == page
        assert sorted(store.attachments.outgoing()) == sorted(sha256_of(p) for p in pages)
    finally:
        store.close()
    again = LocalStore.open("old", path=path, key=key)  # nothing more to do
    assert again.migration.backup is None
    again.close()


def test_the_running_engine_sends_a_scan_on_its_own_thread(live_server, make_device):
    import threading
    import time

    store, engine = make_device("DC-PSH")
    sha = store.attachments.put(b"%PDF-1.4 sent in the background")
    engine.interval = 0.2
    engine.start()
    deadline, tick = time.monotonic() + 30, threading.Event()
    while store.attachments.outgoing() and time.monotonic() < deadline:
        tick.wait(0.05)
    engine.stop()
    assert store.attachments.outgoing() == []
    assert status(live_server.url, store.fact("device_token"), sha)["complete"]
