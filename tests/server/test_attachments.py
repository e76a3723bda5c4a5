"""Scanned pages as attachments: a chunked upload cut mid-way resumes where it
stopped, the hash is checked, nothing is stored twice, and a second desk gets the
bytes only when it opens the scan; on the desk the bytes are kept encrypted."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from server.blobs import FolderBlobStore
from sync.attachments import AttachmentError, DeskAttachments, sha256_of

KEY = "ab" * 32


class CutLink:
    """A client whose link breaks after `chunks` chunk uploads."""

    def __init__(self, client: Any, chunks: int):
        self.client, self.left, self.put_bytes = client, chunks, 0

    def get(self, url: str, **kw: Any) -> Any:
        return self.client.get(url, **kw)

    def post(self, url: str, **kw: Any) -> Any:
        return self.client.post(url, **kw)

    def put(self, url: str, **kw: Any) -> Any:
        if self.left == 0:
            raise ConnectionError("link down")
        self.left -= 1
        self.put_bytes += len(kw["content"])
        return self.client.put(url, **kw)


@pytest.fixture
def blobs(server, tmp_path: Path) -> FolderBlobStore:
    store = FolderBlobStore(tmp_path / "server-blobs")
    server.client.app.state.blobs = store
    return store


def test_an_upload_cut_at_60_percent_resumes_from_60_percent(server, blobs, tmp_path):
    desk = server.enrol()
    local = DeskAttachments(tmp_path / "desk", KEY)
    scan = os.urandom(10 * 1024 * 1024)
    sha = local.put(scan)
    chunk = 1024 * 1024
    link = CutLink(server.client, chunks=6)
    with pytest.raises(ConnectionError):
        local.upload(link, sha, desk.headers, chunk=chunk)
    assert blobs.received(sha) == 6 * chunk and not blobs.has(sha)
    resumed = CutLink(server.client, chunks=100)
    assert local.upload(resumed, sha, desk.headers, chunk=chunk) == 4 * chunk
    assert resumed.put_bytes == 4 * chunk  # only the missing 40% went again
    assert blobs.has(sha)
    # The same page again: nothing is sent, nothing stored twice.
    assert local.upload(server.client, sha, desk.headers, chunk=chunk) == 0
    assert len(list((tmp_path / "server-blobs").glob("*/" + sha))) == 1


def test_bytes_that_do_not_match_their_hash_are_refused(server, blobs):
    desk = server.enrol()
    sha = sha256_of(b"the real page")
    r = server.client.put(
        f"/attachments/{sha}", params={"offset": 0}, content=b"another page", headers=desk.headers
    )
    assert r.status_code == 200
    done = server.client.post(f"/attachments/{sha}/complete", headers=desk.headers)
    assert done.status_code == 422 and done.json()["code"] == "hash_mismatch"
    assert not blobs.has(sha) and blobs.received(sha) == 0


def test_a_second_desk_fetches_a_scan_only_when_it_is_opened(server, blobs, tmp_path):
    first, second = server.enrol(), server.enrol(name="counter 2")
    sha = DeskAttachments(tmp_path / "a", KEY).put(b"%PDF-1.4 register page 17")
    DeskAttachments(tmp_path / "a", KEY).upload(server.client, sha, first.headers)
    other = DeskAttachments(tmp_path / "b", "cd" * 32)
    assert not other.has(sha)
    assert other.fetch(server.client, sha, second.headers) == b"%PDF-1.4 register page 17"
    assert other.has(sha)
    # Kept encrypted on the desk: the file holds no plain text of the page.
    assert b"register page" not in other.path(sha).read_bytes()
    with pytest.raises(AttachmentError, match="has not sent it"):
        other.fetch(server.client, "0" * 64, second.headers)


def test_only_an_enrolled_desk_may_upload(server, blobs):
    r = server.client.put(f"/attachments/{'1' * 64}", params={"offset": 0}, content=b"x")
    assert r.status_code == 401


def test_the_hash_is_checked_alike_with_or_without_the_running_hash(tmp_path):
    """The store hashes chunks as they come; an upload resumed by a restarted server
    (no running hash) is read back once; either way a wrong byte is refused."""
    data = os.urandom(3 * 1024 * 1024 + 17)
    sha = sha256_of(data)
    one = FolderBlobStore(tmp_path / "b")
    one.append(sha, 0, data[: 1 << 20])
    restarted = FolderBlobStore(tmp_path / "b")  # knows no running hash
    restarted.append(sha, 1 << 20, data[1 << 20 :])
    restarted.complete(sha)
    assert restarted.open(sha).read() == data

    bad = bytearray(data)
    bad[-1] ^= 1
    for folder, restart in (("c", False), ("d", True)):
        store = FolderBlobStore(tmp_path / folder)
        store.append(sha, 0, bytes(bad[:100]))
        if restart:
            store = FolderBlobStore(tmp_path / folder)
        store.append(sha, 100, bytes(bad[100:]))
        with pytest.raises(Exception, match="do not match its sha256"):
            store.complete(sha)
        assert not store.has(sha) and store.received(sha) == 0
    fresh = FolderBlobStore(tmp_path / "c")  # sent again after the refusal: kept
    fresh.append(sha, 0, data)
    fresh.complete(sha)
    assert fresh.has(sha)
