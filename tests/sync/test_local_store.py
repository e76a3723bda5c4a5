"""The local store: encrypted, keyed from the keychain, transactional outbox, migrations."""

from __future__ import annotations

import shutil
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from sqlalchemy import select

from domain.errors import ValidationError
from domain.ids import new_id
from domain.models import LicenceApplication
from sync.store import LocalStore
from sync.store.client_models import OutboxCommand, ShadowRow
from sync.store.engine import READ_ONLY, WrongKey, open_engine, pragma_outside_transaction
from sync.store.keys import KeychainUnavailable

FIXTURES = Path(__file__).parent / "fixtures"


def application_args(**over: object) -> dict[str, object]:
    args: dict[str, object] = {
        "application_id": new_id(),
        "application_no": f"PSH-26-T{new_id()[-6:]}",
        "kind": "new",
        "weapon_type": "pistol",
        "bore": ".30",
        "validity": "district",
        "documents": ["cnic_copy", "affidavit", "police_clearance"],
        "applicant": {
            "cnic": "17301-1234567-1",
            "name_en": "Gul Khan",
            "name_ur": "گل خان",
            "date_of_birth": "1980-01-01",
        },
    }
    args.update(over)
    return args


def test_store_file_is_encrypted_and_key_lives_in_the_keychain(tmp_path, memory_keyring):
    store = LocalStore.open("clerk1")
    store.execute("submit_licence_application", application_args(), actor="clerk1")
    store.close()
    raw = store.path.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert b"Gul Khan" not in raw
    assert ("daftar", "store-key:clerk1") in memory_keyring.secrets
    with pytest.raises(WrongKey):
        open_engine(store.path, "00" * 32).connect()


def test_without_a_keychain_the_operator_is_told_what_to_do(monkeypatch):
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        with pytest.raises(KeychainUnavailable, match="DAFTAR_KEY_FILE"):
            LocalStore.open("nokeychain")
    finally:
        keyring.set_keyring(previous)


def test_key_file_fallback_is_explicit_and_private(tmp_path, monkeypatch):
    key_file = tmp_path / "daftar.key"
    monkeypatch.setenv("DAFTAR_KEY_FILE", str(key_file))
    store = LocalStore.open("headless")
    assert key_file.stat().st_mode & 0o077 == 0
    store.close()
    assert LocalStore.open("headless").pending_count() == 0


def test_wal_and_foreign_keys_are_on():
    store = LocalStore.open("pragmas")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_read_only_connection_reads_one_snapshot_without_the_write_lock():
    store = LocalStore.open("clerk1")
    store.execute("submit_licence_application", application_args(), actor="clerk1")
    count = "SELECT count(*) FROM licence_applications"
    with (
        store.engine.connect().execution_options(**{READ_ONLY: True}) as reader,
        store.engine.connect() as writer,
    ):
        assert reader.exec_driver_sql(count).scalar() == 1  # its snapshot starts here
        pragma_outside_transaction(writer, "PRAGMA busy_timeout = 0")  # a held lock fails at once
        with writer.begin():  # BEGIN IMMEDIATE: the write lock is free
            writer.exec_driver_sql("DELETE FROM licence_applications")
        assert reader.exec_driver_sql(count).scalar() == 1  # still its own snapshot
        reader.rollback()
        assert reader.exec_driver_sql(count).scalar() == 0
        reader.rollback()
    store.close()


def test_command_writes_rows_and_outbox_together():
    store = LocalStore.open("outbox")
    args = application_args()
    store.execute("submit_licence_application", args, actor="clerk1")
    with store.sessions() as s:
        app = s.get(LicenceApplication, args["application_id"])
        assert app is not None and app.sync_state == "pending" and app.status == "submitted"
        entry = s.scalars(select(OutboxCommand)).one()
        assert entry.name == "submit_licence_application" and entry.device_seq == 1
        assert entry.args["at"] and entry.args["actor"] == "clerk1"
        assert ["licence_applications", args["application_id"]] in entry.touched
        # a pending create has no server pre-image
        assert s.get(ShadowRow, ("licence_applications", args["application_id"])).data is None


def test_rejected_input_writes_nothing():
    store = LocalStore.open("atomic")
    bad = application_args(
        applicant={
            "cnic": "17301-1234567-1",
            "name_en": "Young Khan",
            "date_of_birth": "2010-01-01",
        }
    )
    with pytest.raises(ValidationError, match="21 or older"):
        store.execute("submit_licence_application", bad, actor="clerk1")
    with store.sessions() as s:
        assert s.scalars(select(OutboxCommand)).all() == []
        assert s.scalars(select(LicenceApplication)).all() == []


def test_store_of_first_schema_version_is_backed_up_and_migrated(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "store_v1.db", path)
    store = LocalStore.open("old", path=path, key="5a" * 32)
    assert store.migration.from_revision == "0001"
    assert store.migration.backup is not None and store.migration.backup.exists()
    with store.sessions() as s:
        app = s.scalars(select(LicenceApplication)).one()
        assert app.application_no == "PSH-26-T000001" and app.applicant_name_ur == "گل خان"
        pending = s.scalars(select(OutboxCommand)).one()
        assert pending.state == "pending" and pending.actor == "clerk1"
    with store.engine.connect() as conn:
        names = {
            r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='index'")
        }
    assert "ix_licence_applications_applicant_name_ur" in names
    # opening again does nothing more
    store.close()
    again = LocalStore.open("old", path=path, key="5a" * 32)
    assert again.migration.backup is None


def test_a_new_store_uses_16_kb_pages_and_a_store_of_the_first_format_still_opens(tmp_path, capfd):
    """The committed store_v1.db was made with SQLCipher's defaults (4 KB pages,
    HMAC-SHA512). It must open and stay writable in its own format, and probing it
    with the current format must not print SQLCipher's decryption errors."""
    fresh = LocalStore.open("fresh", path=tmp_path / "fresh.db", key="6b" * 32)
    with fresh.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA page_size").scalar() in (16384, "16384")
    fresh.close()
    old = tmp_path / "old.db"
    shutil.copy(FIXTURES / "store_v1.db", old)
    capfd.readouterr()
    store = LocalStore.open("old", path=old, key="5a" * 32)
    assert "hmac check failed" not in capfd.readouterr().err
    store.execute("submit_licence_application", application_args(), actor="clerk1")
    store.close()
    again = LocalStore.open("old", path=old, key="5a" * 32)
    with again.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA page_size").scalar() in (4096, "4096")
        assert conn.exec_driver_sql("SELECT count(*) FROM licence_applications").scalar() == 2
    again.close()
    with pytest.raises(WrongKey):
        LocalStore.open("old", path=old, key="00" * 32)
