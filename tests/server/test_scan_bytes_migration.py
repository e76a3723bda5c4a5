"""Scan bytes leave the synced rows (migration 0013): a server whose mutation scans
still hold their pages in `content` moves them into its blob store, and the change
feed never sends a scan's bytes, on SQLite and on PostgreSQL."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from alembic import command
from sqlalchemy import text

from server.blobs import FolderBlobStore
from server.migrate import alembic_config, current_revision, head_revision, upgrade
from sync.attachments import DeskAttachments
from tests.server.test_mutation_corrections import _args

PAGE = b"\x89PNG register page 17 of the 1998 register"


def _entry(no: str, page: bytes) -> dict[str, object]:
    """An entry as a desk of before attachments sent it: the page inside the command."""
    return {
        **_args(no),
        "scan": {"content_b64": base64.b64encode(page).decode(), "media_type": "image/png"},
    }


def _held_in_rows(engine) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return int(
            conn.execute(
                text("SELECT count(*) FROM mutation_scans WHERE length(content) > 0")
            ).scalar()
            or 0
        )


def test_migration_0013_moves_scan_bytes_into_the_blob_store(server, tmp_path: Path):
    desk = server.enrol()
    other = PAGE + b" (second page)"
    for no, page in (("1201", PAGE), ("1202", other), ("1203", PAGE)):  # 1203: same page
        assert desk.push("record_mutation", _entry(no, page))["status"] == "applied"
    assert _held_in_rows(server.engine) == 3  # as a server before 0013 kept them

    # The feed already sends no scan bytes, whatever the row holds.
    pulled = desk.pull_all()
    scans = [row for (table, _), row in desk.seen.items() if table == "mutation_scans"]
    assert len(scans) == 3 and {row["content"] for row in scans} == {""}
    assert base64.b64encode(PAGE).decode() not in str(pulled)

    cfg = alembic_config()
    with server.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0012")
        conn.commit()
    blobs = FolderBlobStore(tmp_path / "blobs")
    upgrade(server.engine, blobs=blobs)
    assert current_revision(server.engine) == head_revision()

    assert _held_in_rows(server.engine) == 0
    with server.engine.connect() as conn:
        hashes = {row[0] for row in conn.execute(text("SELECT sha256 FROM mutation_scans"))}
    assert hashes == {hashlib.sha256(PAGE).hexdigest(), hashlib.sha256(other).hexdigest()}
    for sha in hashes:  # each page kept once, under the hash its row names
        with blobs.open(sha) as f:
            assert hashlib.sha256(f.read()).hexdigest() == sha
    assert len(list((tmp_path / "blobs").glob("*/*"))) == 2

    # A second desk opening the scan fetches it from the blob store.
    server.client.app.state.blobs = blobs
    reader = DeskAttachments(tmp_path / "desk", "cd" * 32)
    assert reader.fetch(server.client, hashlib.sha256(other).hexdigest(), desk.headers) == other

    # Run again (a restarted server): nothing left to move, nothing doubled.
    with server.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0012")
        conn.commit()
    upgrade(server.engine, blobs=blobs)
    assert len(list((tmp_path / "blobs").glob("*/*"))) == 2


def test_a_page_pushed_inside_a_command_after_0013_is_served_from_the_blob_store(
    server, tmp_path: Path
):
    """A desk of before attachments may still push its queued entries with the page
    inside: the feed never sends it, and the first desk to open it moves it out."""
    blobs = FolderBlobStore(tmp_path / "blobs")
    server.client.app.state.blobs = blobs
    desk, other = server.enrol(), server.enrol(name="counter 2")
    late = PAGE + b" (pushed late)"
    assert desk.push("record_mutation", _entry("1301", late))["status"] == "applied"
    assert _held_in_rows(server.engine) == 1
    other.pull_all()
    assert {row["content"] for (t, _), row in other.seen.items() if t == "mutation_scans"} == {""}
    sha = hashlib.sha256(late).hexdigest()
    reader = DeskAttachments(tmp_path / "desk", "cd" * 32)
    assert reader.fetch(server.client, sha, other.headers) == late
    assert blobs.has(sha) and _held_in_rows(server.engine) == 0
