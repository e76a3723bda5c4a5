"""Wire types of sync protocol v1, shared by the client engine and the server.

Bodies are orjson; pull pages are zstd-packed (gzip for a client that takes only
gzip) and carry rows as arrays under a column list per table, which keeps a licence
row well under 150 bytes on the wire.

Push  POST /sync/push   body  {"device_id", "commands": [Envelope...]}
                        answer {"results": [Answer...], "last_seq": int}
      A command number already processed gets its stored answer again; a gap
      (first number > last processed + 1) is refused with 409 {"code": "gap",
      "expected": n} and nothing is applied. A command the server cannot apply because
      of its data (a value the database refuses, a handler failing on it) is answered
      rejected {"code": "cannot_apply"} and the commands behind it go on; only a fault of
      the server itself answers 5xx, for the desk to retry. Bodies beyond the server's
      bound answer 413; NUL in a path, query or (non-push) body field 400/422.
Pull  GET /sync/pull?cursor=C&limit=N[&checksum=1]
      answer {"cursor": C2, "more": bool,
              "tables": {name: {"columns": [...], "rows": [[...], ...]}},
              "deleted": [[table, id], ...],
              "checksum": {table: [count, sum_of_versions]} | null}
      Rows come in change order across pages; a page is applied in one transaction.
      A desk gets only the tables its office's accounts' roles need (`tables` of
      resources/reference/roles.json, always `operators`; only `operators` while
      the office has no account, every table on an --unsigned-commands server), a
      tehsil office only its tehsil's mutations, a desk whose visit-keeping accounts
      are limited to prisons only those prisons' visit records; the checksum counts
      the same rows. When `operators` rows arrive, the desk checks the checksum at
      once: an account's new roles are downloaded without waiting.
      Headers `Daftar-Cursor: C2` and `Daftar-More: 0|1` repeat the two fields, so
      a client can ask for the next page before it has unpacked this one. A client
      that accepts application/x-ndjson gets the same page as JSON lines: the page
      with empty `rows`, then {"table", "rows"} lines of a few thousand rows each.
Enrol POST /devices/enrol body {"enrolment_code", "device_name", "office_code"?}
      answer {"device_id", "device_no", "token", "office_code", "district_codes"}
      The code is one-time, issued for one office (`daftar admin device code`); the
      scope is that office's district, whatever the request asks. Refusals 403
      {"code": "bad_enrolment_code"} (unknown, used, expired, other office), 429
      {"code": "throttled"} with Retry-After after repeated failures. A demo server
      (`daftar server --demo`) also takes {"enrolment_key", "office_code",
      "device_name"} with its shared key.
Rotate POST /devices/rotate (device bearer) answer {"device_id", "token",
      "token_idle_days"}: the old token is still accepted until the new one is first
      used or a grace period passes (then 401 {"code": "token_replaced"}), so a desk that
      lost the answer retries with the old one and rotates again. A token unused for
      token_idle_days expires (the enrolment answer names it too); a desk rotates its
      token every half of that (`sync.enrol.rotation_due`), so no token lives long.
Login POST /auth/login body {"username", "password", "public_key"?}
      (device bearer) answer {"operator": {"id", "username", "full_name",
      "full_name_ur", "roles", "scope", "active"}, "server_time"}; refusals 401
      {"code": "bad_credentials"}, 403 {"code": "operator_disabled"}, 403
      {"code": "out_of_scope"} (the account does not work at this desk's office),
      429 {"code": "throttled"} with Retry-After. `public_key` (sync.signing text)
      is registered for this operator on this device; a desk sends it at an
      operator's first online login there.
Every call but enrolment and /health carries `Authorization: Bearer <device token>`;
refusals 401 {"code": "unknown_token" | "revoked" | "token_expired" |
"token_replaced"}. On `revoked`
the desk locks its store.

Each pushed envelope carries `operator_id` (the signing operator's id) and
`signature`: `sync.signing.sign` over `sync.signing.canonical_command(device_id,
device_no, device_seq, command_id, name, args)`. The server checks signature, then
the operator is active, then role, then scope, then the domain rules. Refusals
are `rejected` answers with code `bad_signature`, `operator_disabled`,
`not_permitted` or `out_of_scope` and a message naming the rule.
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict

PROTOCOL_VERSION = 1
DEFAULT_PAGE_ROWS = 5000
CURSOR_HEADER = "Daftar-Cursor"
MORE_HEADER = "Daftar-More"
#: A pull page as JSON lines, for a client that asks for it (`server.page_body`).
LINES_MEDIA_TYPE = "application/x-ndjson"


class Envelope(TypedDict):
    device_seq: int
    command_id: str
    name: str
    args: dict[str, Any]
    base_versions: dict[str, int]
    client_time: str
    operator_id: str
    signature: str


class Answer(TypedDict, total=False):
    device_seq: int
    command_id: str
    status: Literal["applied", "rejected", "conflict"]
    versions: dict[str, int]
    code: str
    message: str
    hints: dict[str, Any]
    fields: list[str]
    theirs: dict[str, Any]
    ours: dict[str, Any]


class TablePage(TypedDict):
    columns: list[str]
    rows: list[list[Any]]
    #: On a desk loading in bulk only: the page's JSON lines of this table as they
    #: came, not parsed (`sync.transport`), which `sync.pull_apply` hands to SQLite
    #: as they are; `rows` is then empty. Never on the wire.
    packed: NotRequired[list[bytes]]


class PullPage(TypedDict):
    cursor: int
    more: bool
    tables: dict[str, TablePage]
    deleted: list[list[str]]
    checksum: dict[str, list[int]] | None
