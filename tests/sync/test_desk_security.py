"""What the desk refuses and how it keeps its files: key files others can read, plain
http to another machine, an unverifiable server; store, WAL and backups 0600; a
revoked device stops syncing and locks its store."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from domain.ids import new_id, utcnow
from sync.engine import SyncEngine
from sync.store.keys import KeyFileExposed, store_key
from sync.store.local import LocalStore
from sync.store.migrate import backup_store
from sync.store.signer import StoreLocked
from sync.transport import DeviceRevoked, InsecureServer, Received, Refused, Transport

posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
def test_a_key_file_others_can_read_is_refused_with_one_clear_line(tmp_path):
    key_file = tmp_path / "daftar.key"
    key_file.write_text("ab" * 32)
    os.chmod(key_file, 0o644)
    with pytest.raises(KeyFileExposed) as refused:
        store_key("p", create=False, key_file=key_file)
    message = str(refused.value)
    assert "can be read by other users (mode 0644)" in message and "chmod 600" in message
    assert "\n" not in message

    os.chmod(key_file, 0o600)
    assert store_key("p", create=False, key_file=key_file) == "ab" * 32


@posix_only
def test_a_key_file_daftar_makes_is_its_owners_alone(tmp_path):
    key_file = tmp_path / "new.key"
    store_key("p", create=True, key_file=key_file)
    assert _mode(key_file) == 0o600


@posix_only
def test_the_store_its_wal_and_shm_and_its_backups_are_0600(tmp_path):
    old_umask = os.umask(0o022)  # what most desktops run with: files 0644 unless told
    try:
        store = LocalStore.open("p", path=tmp_path / "p.db", key="1" * 64)
        try:
            store.set_facts(x="1")  # a write, so the WAL exists
            files = [tmp_path / "p.db", tmp_path / "p.db-wal", tmp_path / "p.db-shm"]
            assert all(f.exists() for f in files)
            assert {f.name: _mode(f) for f in files} == {f.name: 0o600 for f in files}
            backup = backup_store(store.engine, store.path, "0002")
            assert _mode(backup) == 0o600
        finally:
            store.close()
    finally:
        os.umask(old_umask)


@posix_only
def test_an_existing_store_left_world_readable_is_narrowed_when_opened(tmp_path):
    path = tmp_path / "p.db"
    LocalStore.open("p", path=path, key="1" * 64).close()
    os.chmod(path, 0o644)
    LocalStore.open("p", path=path, key="1" * 64).close()
    assert _mode(path) == 0o600


@pytest.mark.parametrize(
    "url", ["http://10.0.0.5:8000", "http://server.example.pk", "http://192.168.1.20"]
)
def test_plain_http_to_another_machine_is_refused(url):
    with pytest.raises(InsecureServer, match=r"plain http is allowed only to 127\.0\.0\.1"):
        Transport(url, "token")


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000", "http://localhost:8000", "https://daftar.kp.gov.pk"]
)
def test_loopback_http_and_https_are_accepted_and_tls_is_verified(url):
    transport = Transport(url, "token")
    assert transport.http.verify is True
    assert all(t > 0 for t in transport.timeout)


def test_a_configured_ca_bundle_is_used_and_a_missing_one_is_refused(tmp_path, monkeypatch):
    bundle = tmp_path / "office-ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    assert Transport("https://daftar.kp.gov.pk", ca_bundle=bundle).http.verify == str(bundle)
    monkeypatch.setenv("DAFTAR_CA_BUNDLE", str(bundle))
    assert Transport("https://daftar.kp.gov.pk").http.verify == str(bundle)
    with pytest.raises(InsecureServer, match="does not exist"):
        Transport("https://daftar.kp.gov.pk", ca_bundle=tmp_path / "missing.pem")


def test_every_request_goes_with_a_timeout_and_verification(monkeypatch):
    seen: list[dict[str, Any]] = []

    def request(method: str, url: str, **kw: Any) -> Any:
        seen.append(kw)
        raise __import__("requests").ConnectionError("refused")

    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    transport = Transport("http://127.0.0.1:9", "token")
    monkeypatch.setattr(transport.http, "request", request)
    assert not transport.health()
    assert seen and all(kw["timeout"] == transport.timeout and kw["verify"] is True for kw in seen)


def test_a_ca_bundle_named_in_the_environment_is_used_as_requests_would(monkeypatch, tmp_path):
    """The environment is read once (not on every call); a CA bundle named there still
    verifies the server, and NO_PROXY still keeps the desk's calls off a proxy."""
    seen: list[dict[str, Any]] = []

    def request(method: str, url: str, **kw: Any) -> Any:
        seen.append(kw)
        raise __import__("requests").ConnectionError("refused")

    bundle = tmp_path / "office-ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "daftar.kp.gov.pk")
    transport = Transport("https://daftar.kp.gov.pk", "token")
    monkeypatch.setattr(transport.http, "request", request)
    assert not transport.health()
    assert seen and seen[0]["verify"] == str(bundle)
    assert not transport.http.trust_env and "https" not in transport.http.proxies
    monkeypatch.setenv("NO_PROXY", "")
    assert (
        Transport("https://daftar.kp.gov.pk").http.proxies["https"] == "http://proxy.example:3128"
    )


def test_a_401_revoked_answer_is_told_apart():
    with pytest.raises(DeviceRevoked):
        Received(
            401,
            {"Content-Type": "application/json"},
            b'{"code": "revoked", "message": "This device was revoked"}',
        ).payload()
    with pytest.raises(Refused) as other:
        Received(401, {}, b'{"code": "bad_token"}').payload()
    assert not isinstance(other.value, DeviceRevoked)


class RevokingTransport:
    """A server that has revoked this device: every call answers 401 `revoked`."""

    def __init__(self) -> None:
        self.calls = 0

    def push(self, *_a: Any, **_k: Any) -> Any:
        self.calls += 1
        raise DeviceRevoked(401, {"code": "revoked"})

    pull = pull_packed = push


def test_a_revoked_device_stops_syncing_and_its_store_makes_no_more_commands(tmp_path, signer_for):
    store = LocalStore.open("p", path=tmp_path / "p.db", key="1" * 64)
    try:
        store.execute(
            "open_visit_slot",
            {
                "slot_id": new_id(),
                "prison_code": "CP-PSH",
                "minutes": 30,
                "capacity": 1,
                "starts_at": utcnow().replace(second=0, microsecond=0).isoformat(),
            },
            actor="clerk",
        )
        transport = RevokingTransport()
        engine = SyncEngine(store, transport, lease_top_up=False)  # type: ignore[arg-type]
        seen: list[str] = []
        engine.add_listener(lambda status: seen.append(status.state))
        with pytest.raises(DeviceRevoked):
            engine.run_once()
        assert seen[-1] == "revoked" and "revoked" in engine.status.message
        assert store.revoked() and store.signer is None
        assert store.pending_count() == 1  # the work is kept
        with pytest.raises(StoreLocked, match="enrol this computer again"):
            store.sign_in(signer_for("clerk"))
        # Nothing is asked of the server again, in this run or the next.
        with pytest.raises(DeviceRevoked):
            engine.run_once()
        assert transport.calls == 1
    finally:
        store.close()


@pytest.mark.real_signing
def test_a_revoked_store_refuses_a_command_even_with_a_key_in_hand(tmp_path, signer_for):
    stand_in_signer = signer_for
    store = LocalStore.open("p", path=tmp_path / "p.db", key="1" * 64)
    try:
        store.sign_in(stand_in_signer("clerk"))
        store.lock_revoked()
        store.signer = stand_in_signer("clerk")  # as if a thread still held it
        with pytest.raises(StoreLocked):
            store.execute("open_visit_slot", {}, actor="clerk")
    finally:
        store.close()


def test_a_locked_keychain_is_reported_as_locked_not_as_a_wrong_key(memory_keyring, monkeypatch):
    import keyring.errors

    from sync.store.keys import KeychainUnavailable

    def locked(*_a: Any) -> None:
        raise keyring.errors.KeyringLocked("collection is locked")

    monkeypatch.setattr(memory_keyring, "get_password", locked)
    with pytest.raises(KeychainUnavailable, match=r"The system keychain is locked\. Unlock it"):
        store_key("p", create=True)


def test_a_missing_keychain_is_reported_as_missing(monkeypatch):
    import keyring
    import keyring.backends.fail

    from sync.store.keys import KeychainUnavailable

    monkeypatch.setattr(keyring, "get_keyring", lambda: keyring.backends.fail.Keyring())
    with pytest.raises(KeychainUnavailable, match="No usable keychain was found"):
        store_key("p", create=True)
