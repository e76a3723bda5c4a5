"""Test-wide setup: a keyring of our own (never the developer's keychain), a data
directory per test, and Qt offscreen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Servers started by tests make no visit slots of their own (server.visit_slots):
# tests open the slots they book, and count the rows desks pull.
os.environ.setdefault("DAFTAR_GENERATE_VISIT_SLOTS", "0")

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
def _cheap_argon2(monkeypatch):
    """Operator credentials made with argon2id at its smallest cost: the tests check
    what a login does, not how long it takes (each credential keeps its parameters)."""
    from sync.store import credentials

    monkeypatch.setattr(
        credentials, "KDF", credentials.KdfParams(time_cost=1, memory_kib=64, parallelism=1)
    )


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("DAFTAR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DAFTAR_KEY_FILE", raising=False)
    yield


# ------------------------------------------------------------------ signing operators
#
# Every command a store makes is signed by a logged-in operator (sync.store.signer).
# Tests about something else (domain rules, sync, screens) say who acts with
# `actor=`; a stand-in of that name takes the place of the login they would otherwise
# all repeat. Its commands go unsigned (no operator id, no signature), which the test
# servers take because they run with `--unsigned-commands` (the server side's switch
# for tests that are not about identity); a signed command is always verified. The
# login, the keys, the signatures and the refusal with nobody logged in are tested
# with `@pytest.mark.real_signing`, which turns the stand-in off.


from sync import signing as _signing  # noqa: E402 - after the keyring backend is chosen
from sync.store.local import LocalStore  # noqa: E402 - after the keyring backend is chosen
from sync.store.signer import Signer  # noqa: E402 - after the keyring backend is chosen

_TEST_SIGNERS: dict[str, Signer] = {}


class UnsignedStandIn(Signer):
    """Records commands under a username with no signature: what the desk sent before
    commands were signed, and what `--unsigned-commands` servers still take."""

    def sign_command(self, *_args, **_kw) -> str:  # type: ignore[no-untyped-def]
        return ""


def stand_in_signer(username: str) -> Signer:
    """The same stand-in for a username, all session long."""
    if username not in _TEST_SIGNERS:
        _TEST_SIGNERS[username] = UnsignedStandIn("", username, _signing.new_key_pair()[0])
    return _TEST_SIGNERS[username]


@pytest.fixture(autouse=True)
def _stand_in_signer(request, monkeypatch):
    if request.node.get_closest_marker("real_signing"):
        yield
        return
    real_execute = LocalStore.execute

    def execute(self, name, args, *, actor=None):  # type: ignore[no-untyped-def]
        wanted = actor or (self.signer.username if self.signer else "tester")
        if self.signer is None or self.signer.username != wanted:
            self.signer = stand_in_signer(wanted)
        return real_execute(self, name, args, actor=actor)

    monkeypatch.setattr(LocalStore, "execute", execute)
    yield


@pytest.fixture
def signer_for():
    """stand_in_signer, for tests that put a signer on a store themselves."""
    return stand_in_signer
