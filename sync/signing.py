"""What an operator signs when a command is made, and how anyone checks it.

Every command is signed by the operator who made it (DESIGN.md "Identity, roles and
audit"), at the moment the desk runs it locally, with that operator's Ed25519 key.
The signature covers the device, the command's number on that device, its id, its
name and its arguments in one canonical byte string, so a command cannot be moved to
another device or number, renamed or altered without the signature failing, and a
replay under a new number is a different message. The desk and the server both build
the bytes here, so they can never disagree on what was signed.

Keys travel as the raw 32 bytes, URL-safe base64 without padding (43 characters);
signatures the same way (64 bytes, 86 characters).
"""

from __future__ import annotations

import base64
from functools import lru_cache
from typing import Any

import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

#: Changes if the signed message ever changes shape; part of the signed bytes.
SIGNING_CONTEXT = "daftar-command/1"


def canonical_command(
    device_id: str,
    device_no: int,
    device_seq: int,
    command_id: str,
    name: str,
    args: dict[str, Any],
) -> bytes:
    """The bytes an operator signs for one command: a JSON array with sorted keys and
    no spaces, the same on every machine (orjson writes floats and text one way)."""
    return orjson.dumps(
        [SIGNING_CONTEXT, device_id, device_no, device_seq, command_id, name, args],
        option=orjson.OPT_SORT_KEYS,
    )


def b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def b64decode(text: str) -> bytes:
    """Raises ValueError on anything that is not URL-safe base64."""
    if not isinstance(text, str) or len(text) > 200:
        raise ValueError("not a base64 text")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise ValueError("not a base64 text") from exc


def new_key_pair() -> tuple[Ed25519PrivateKey, str]:
    """A fresh key pair and its public key as text (what the server registers)."""
    key = Ed25519PrivateKey.generate()
    return key, public_key_text(key)


def public_key_text(key: Ed25519PrivateKey) -> str:
    return b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def sign(key: Ed25519PrivateKey, message: bytes) -> str:
    return b64encode(key.sign(message))


@lru_cache(maxsize=4096)
def _public_key(text: str) -> VerifyKey | None:
    """A key text loaded once: a push of 1,000 commands is mostly one operator's."""
    raw = b64decode(text)
    return VerifyKey(raw) if len(raw) == 32 else None


def verify(public_key: str, message: bytes, signature: str) -> bool:
    """True only for a well-formed signature of `message` by `public_key`; never raises
    for malformed input (a bad signature is a refusal, not a fault).

    Checked with libsodium (PyNaCl), not with OpenSSL, which makes the keys and the
    signatures: both speak RFC 8032 Ed25519, and libsodium checks a signature in
    about 80 µs where OpenSSL took 175 µs on the server's cores. The server checks
    every command of every push, so that was 6% of a pushed command's CPU (issue 21).
    libsodium is also the stricter: it refuses keys and signature points of small
    order, which no key made by `new_key_pair` has.
    """
    try:
        key = _public_key(public_key)
        raw_sig = b64decode(signature)
        if key is None or len(raw_sig) != 64:
            return False
        key.verify(message, raw_sig)
    except (ValueError, TypeError, BadSignatureError):
        return False
    return True
