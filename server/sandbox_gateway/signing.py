"""Signing of payment intimations (gateway -> central server callbacks).

The gateway sends ``X-Signature: hex(HMAC-SHA256(shared_secret, raw body))`` and
``X-Timestamp`` (Unix seconds). The central server imports :func:`verify` from here so
both ends agree byte for byte. Note what the scheme covers: the MAC is over the body
only, so the timestamp check limits how stale a delivery may look, not who set it;
what makes a replayed delivery harmless is that the server dedupes on tran_auth_id.
"""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-Signature"
TIMESTAMP_HEADER = "X-Timestamp"


def sign(body: bytes, secret: str) -> str:
    """Hex HMAC-SHA256 of the raw body under the shared secret."""
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(
    body: bytes,
    signature: str | None,
    secret: str,
    timestamp: str | int | None,
    max_skew_s: float = 300.0,
    *,
    now: float | None = None,
) -> bool:
    """True when ``signature`` is the body's MAC and ``timestamp`` is within the skew.

    Compares in constant time; any missing or malformed input is simply ``False``, so
    a caller can answer 401 without telling an attacker which part was wrong.
    """
    if not signature or timestamp is None or not secret:
        return False
    try:
        sent = float(timestamp)
    except (TypeError, ValueError):
        return False
    current = time.time() if now is None else now
    if abs(current - sent) > max_skew_s:
        return False
    return hmac.compare_digest(sign(body, secret), signature.strip().lower())
