"""The store's encryption key: kept in the OS keychain, never beside the data.

A keychain problem is reported as what it is (Vorta's users saw such failures as
"wrong password"). On a headless machine with no keychain the operator may choose a
key file instead (DAFTAR_KEY_FILE or `key_file=`); that is a documented, explicit
choice, never a silent fallback, and the store stays encrypted either way.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

import keyring
import keyring.errors

SERVICE = "daftar"
KEY_FILE_ENV = "DAFTAR_KEY_FILE"


class KeychainUnavailable(RuntimeError):
    """No usable OS keychain; the message says how to proceed."""


def _new_key() -> str:
    return secrets.token_hex(32)


def _insecure_backend(backend: object) -> bool:
    """Backends that would keep the key in plain text where the data lives."""
    name = type(backend).__module__ + "." + type(backend).__name__
    return "keyrings.alt.file.PlaintextKeyring" in name or name.startswith("keyring.backends.fail")


class KeyFileExposed(KeychainUnavailable):
    """A key file that other users of the computer can read: refused, not used."""


def _check_private(path: Path) -> None:
    """A key file must be readable by its owner alone (POSIX permissions; Windows
    keeps access in ACLs that the user profile already restricts)."""
    if os.name == "nt":
        return
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise KeyFileExposed(
            f"The key file {path} can be read by other users (mode {mode:04o}); "
            f"run `chmod 600 {path}` and start again."
        )


def key_from_file(path: Path, *, create: bool) -> str:
    if path.exists():
        _check_private(path)
        try:
            text = path.read_text().strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise KeychainUnavailable(
                f"The key file {path} cannot be read ({exc}); give the "
                "file this profile's key was saved in."
            ) from exc
        if len(text) != 64 or any(c not in "0123456789abcdefABCDEF" for c in text):
            raise KeychainUnavailable(
                f"The key file {path} holds no store key (expected 64 hex "
                "digits): is it the right file?"
            )
        return text
    if not create:
        raise KeychainUnavailable(
            f"The key file {path} does not exist; give the file this "
            f"profile's key was saved in (--key-file or {KEY_FILE_ENV})."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    key = _new_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def chosen_key_file(key_file: Path | None = None) -> Path | None:
    """The key file in use: the one given, else DAFTAR_KEY_FILE, else None (keychain)."""
    return key_file or (Path(os.environ[KEY_FILE_ENV]) if os.environ.get(KEY_FILE_ENV) else None)


def forget_store_key(profile: str, *, key_file: Path | None = None) -> None:
    """Remove a key made for a store that is being discarded (an enrolment that failed
    right after the store was created), so no orphan key is left behind."""
    chosen = chosen_key_file(key_file)
    if chosen is not None:
        chosen.unlink(missing_ok=True)
        return
    with contextlib.suppress(keyring.errors.KeyringError):  # nothing saved, or no keychain
        keyring.delete_password(SERVICE, f"store-key:{profile}")


def store_key(profile: str, *, create: bool, key_file: Path | None = None) -> str:
    """The key of a profile's store, made and saved on first use when `create`."""
    chosen = chosen_key_file(key_file)
    if chosen is not None:
        return key_from_file(chosen, create=create)
    backend = keyring.get_keyring()
    if _insecure_backend(backend):
        raise KeychainUnavailable(
            "No usable keychain was found on this computer (keyring backend "
            f"{type(backend).__name__}). Daftar keeps its database key in the system keychain. "
            f"On a machine without one, set {KEY_FILE_ENV}=/path/to/daftar.key to keep the key "
            "in a file readable only by you (see README, 'Headless machines')."
        )
    account = f"store-key:{profile}"
    try:
        key = keyring.get_password(SERVICE, account)
        if key is None:
            if not create:
                raise KeychainUnavailable(
                    f"The keychain has no key for profile {profile!r}: the store cannot be opened. "
                    "Was it created under another user account or on another computer?"
                )
            key = _new_key()
            keyring.set_password(SERVICE, account, key)
        return key
    except keyring.errors.KeyringLocked as exc:
        raise KeychainUnavailable(
            "The system keychain is locked. Unlock it (log in to the desktop "
            "session, or open the keychain app) and start Daftar again; the "
            "database itself is not damaged."
        ) from exc
    except keyring.errors.NoKeyringError as exc:
        raise KeychainUnavailable(
            f"No keychain is available on this computer: {exc}. Set "
            f"{KEY_FILE_ENV}=/path/to/daftar.key to keep the key in a file "
            "readable only by you."
        ) from exc
    except keyring.errors.KeyringError as exc:
        raise KeychainUnavailable(
            f"The system keychain refused access: {exc}. Unlock it and try "
            "again; the database itself is not damaged."
        ) from exc
