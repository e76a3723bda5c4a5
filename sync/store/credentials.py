"""An operator's secrets on one desk: the offline-login verifier and the wrapped key.

Both come from the password with argon2id (`argon2-cffi`): the verifier is an
ordinary argon2id password hash (its own salt, in its text); the key that wraps the
operator's Ed25519 private key is `hash_secret_raw` over the password with a salt of
this operator on this desk, and the wrapping is AES-256-GCM with the operator and the
device as associated data (a wrapped key copied to another operator's row or another
desk does not open). Made only at an online login, when the server has just said the
password is right; offline, the verifier is checked and the key unwrapped.

`KDF` is OWASP's argon2id setting (19 MiB, 2 passes, 1 lane), twice per login: about
0.13 s a derivation measured on the 2-core reference machine at a load of 10 (RFC
9106's 64 MiB / 3 passes / 4 lanes took 0.8 s there, 1.6 s a login, too slow for a
lock screen on the old laptops of remote help desks). Both secrets also sit inside
the SQLCipher-encrypted store, so guessing needs the store key first. Tests lower it.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from typing import Any

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from sync import signing


@dataclass(frozen=True)
class KdfParams:
    time_cost: int = 2
    memory_kib: int = 19456
    parallelism: int = 1


#: What new credentials are made with; each credential keeps the parameters it was
#: made with, so raising these never locks anyone out.
KDF = KdfParams()


@dataclass(frozen=True)
class Sealed:
    """What the store keeps (columns of `OperatorCredential`)."""

    verifier: str
    salt: str
    kdf: dict[str, Any]
    wrapped_key: str
    public_key: str


def _hasher(params: KdfParams) -> PasswordHasher:
    return PasswordHasher(
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        type=Type.ID,
    )


def _wrapping_key(password: str, salt: bytes, params: KdfParams) -> bytes:
    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def _aad(operator_id: str, device_id: str) -> bytes:
    return f"daftar-operator-key/1|{operator_id}|{device_id}".encode()


def seal(
    password: str,
    key: Ed25519PrivateKey,
    operator_id: str,
    device_id: str,
    params: KdfParams | None = None,
) -> Sealed:
    """The verifier and the wrapped private key for `password`."""
    params = params or KDF
    salt = os.urandom(16)
    nonce = os.urandom(12)
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    wrapped = AESGCM(_wrapping_key(password, salt, params)).encrypt(
        nonce, raw, _aad(operator_id, device_id)
    )
    return Sealed(
        verifier=_hasher(params).hash(password),
        salt=salt.hex(),
        kdf=asdict(params),
        wrapped_key=signing.b64encode(nonce + wrapped),
        public_key=signing.public_key_text(key),
    )


def password_matches(verifier: str, password: str) -> bool:
    try:
        return PasswordHasher().verify(verifier, password)  # parameters are read from the hash
    except (VerificationError, InvalidHashError):
        return False


def unwrap(
    password: str,
    salt: str,
    kdf: dict[str, Any],
    wrapped_key: str,
    operator_id: str,
    device_id: str,
) -> Ed25519PrivateKey | None:
    """The private key, or None when `password` does not open it."""
    params = KdfParams(**{k: int(v) for k, v in kdf.items() if k in KdfParams.__dataclass_fields__})
    blob = signing.b64decode(wrapped_key)
    try:
        raw = AESGCM(_wrapping_key(password, bytes.fromhex(salt), params)).decrypt(
            blob[:12], blob[12:], _aad(operator_id, device_id)
        )
    except InvalidTag:
        return None
    return Ed25519PrivateKey.from_private_bytes(raw)
