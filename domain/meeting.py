"""Meeting links of confirmed visits: the video platform's URL template with an
unguessable token (at least 128 bits from `secrets`), and the messages that tell the
family (confirmation, change, cancellation) in Urdu and English.

The URL template is configuration (`DAFTAR_MEETING_URL_TEMPLATE`, default a
placeholder host), so a prison department can move platforms without a release.
"""

from __future__ import annotations

import os
import re
import secrets

ENV_URL_TEMPLATE = "DAFTAR_MEETING_URL_TEMPLATE"
DEFAULT_URL_TEMPLATE = "https://meet.prisons.kp.gov.pk/visit/{token}"
#: 16 bytes = 128 bits, as 22 URL-safe characters.
TOKEN_BYTES = 16
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{22,64}$")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def url_template() -> str:
    template = os.environ.get(ENV_URL_TEMPLATE) or DEFAULT_URL_TEMPLATE
    return template if "{token}" in template else DEFAULT_URL_TEMPLATE


def meeting_link(token: str) -> str:
    return url_template().format(token=token)
