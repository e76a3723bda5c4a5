"""Test-wide setup: a keyring of our own (never the developer's keychain), a data
directory per test, and Qt offscreen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import keyring.backend
import pytest


class MemoryKeyring(keyring.backend.KeyringBackend):
    """Keeps secrets in a dict for the length of the test run."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


_KEYRING = MemoryKeyring()
keyring.set_keyring(_KEYRING)


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    return _KEYRING


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("DAFTAR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DAFTAR_KEY_FILE", raising=False)
    yield
