"""Bad numbers and bytes are the caller's mistake, answered 4xx with the usual body
{"code", "message"} on every route of the central server, on SQLite and PostgreSQL;
and the application bounds request bodies itself (issue 12, point 3)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from server.app import create_app
from server.sandbox_gateway.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign
from server.settings import Settings

ENROLMENT_KEY = "test-enrolment-key"  # as tests/server/conftest.py enrols

SECRET = "limits-intimation-secret"
BEYOND_64 = str(2**64)
BEYOND_63 = str(2**63)


@pytest.fixture
def payments_server(
    server_engine: Engine, make_server: Callable[[Engine], Any], monkeypatch: pytest.MonkeyPatch
) -> Any:
    """The app with an intimation secret, so signed intimations reach their checks."""
    monkeypatch.setenv("DAFTAR_INTIMATION_SECRET", SECRET)
    monkeypatch.setenv("DAFTAR_PAYMENT_JOBS", "0")
    return make_server(server_engine)


def _refused(response: Any, *statuses: int) -> dict[str, Any]:
    assert response.status_code in statuses, (response.status_code, response.text)
    body = response.json()
    assert isinstance(body.get("code"), str) and isinstance(body.get("message"), str), body
    return body


#: Every GET route with the query that breaks it: (path, params, expected statuses).
GETS = [
    ("/sync/pull", {"cursor": BEYOND_64}, (422,)),
    ("/sync/pull", {"cursor": BEYOND_63}, (422,)),
    ("/sync/pull", {"cursor": "-1"}, (422,)),
    ("/sync/pull", {"limit": BEYOND_64}, (422,)),
    ("/sync/pull", {"checksum": BEYOND_64}, (422,)),
    ("/sync/pull", {"cursor": "0\x00"}, (400,)),
    ("/payments/ledger", {"offset": BEYOND_63}, (422,)),
    ("/payments/ledger", {"offset": BEYOND_64}, (422,)),
    ("/payments/ledger", {"limit": BEYOND_64}, (422,)),
    ("/payments/ledger", {"psid": "1234\x00"}, (400,)),
    ("/payments/ledger", {"voucher_id": "\x00"}, (400,)),
    ("/payments/exceptions", {"offset": BEYOND_63}, (422,)),
    ("/payments/exceptions", {"limit": BEYOND_64}, (422,)),
    ("/payments/exceptions", {"state": "open\x00"}, (400,)),
    ("/payments/exceptions", {"kind": "late\x1b"}, (400,)),
    ("/reports/revenue", {"district": "PSH\x00"}, (400,)),
    ("/reports/revenue", {"from": "2026-01-01\x00"}, (400,)),
    ("/sync/whoami", {"x": "\x00"}, (400,)),
]


@pytest.mark.parametrize("path, params, statuses", GETS)
def test_out_of_range_numbers_and_nul_in_a_query_are_answered_4xx(server, path, params, statuses):
    desk = server.enrol()
    _refused(server.client.get(path, headers=desk.headers, params=params), *statuses)


def test_the_largest_64_bit_cursor_and_offset_are_still_answered(server):
    desk = server.enrol()
    top = str(2**63 - 1)
    page = server.client.get("/sync/pull", headers=desk.headers, params={"cursor": top})
    assert page.status_code == 200, page.text
    for path in ("/payments/ledger", "/payments/exceptions"):
        # The payment lists page by offsets of at most a thousand million: beyond it is
        # a clear 422, never a 500.
        answer = server.client.get(path, headers=desk.headers, params={"offset": top})
        assert _refused(answer, 422)["code"] == "validation"
        answer = server.client.get(path, headers=desk.headers, params={"offset": "1000000000"})
        assert answer.status_code == 200, answer.text


@pytest.mark.parametrize("path", ["/payments/vouchers/%00", "/payments/vouchers/abc%00def"])
def test_nul_in_a_path_is_answered_400(server, path):
    desk = server.enrol()
    _refused(server.client.get(path, headers=desk.headers), 400)


def test_clearing_an_exception_number_beyond_64_bits_is_answered_422(server):
    desk = server.enrol()
    _refused(
        server.client.post(
            f"/payments/exceptions/{BEYOND_63}/clear",
            headers=desk.headers,
            json={"note": "refunded by the bank"},
        ),
        422,
    )
    _refused(
        server.client.post(
            f"/payments/exceptions/{BEYOND_64}/clear",
            headers=desk.headers,
            json={"note": "refunded by the bank"},
        ),
        422,
    )


@pytest.mark.parametrize(
    "path, body",
    [
        ("/payments/exceptions/1/clear", {"note": "refunded\x00 by HBL"}),
        ("/payments/exceptions/1/clear", {"note": "refunded by HBL", "cleared_by": "Ali\x00"}),
        ("/payments/psid-lease", {"count": 2, "request_id": "req\x00"}),
        ("/payments/psid-lease", {"count": 2**64}),
        ("/payments/psid-lease", {"count": 2**63}),
    ],
)
def test_nul_and_huge_numbers_in_a_desk_body_are_answered_422(server, path, body):
    desk = server.enrol()
    _refused(server.client.post(path, headers=desk.headers, json=body), 422)


@pytest.mark.parametrize(
    "body",
    [
        {"device_name": "counter\x00 2"},
        {"device_name": "counter 2", "office_code": "DC-PSH\x00"},
        {"device_name": "counter 2", "district_codes": ["PSH\x00"]},
        {"device_name": "counter 2", "district_codes": [2**64]},
    ],
)
def test_nul_or_huge_numbers_in_an_enrolment_are_answered_422(server, body):
    body = {"enrolment_key": ENROLMENT_KEY, "office_code": "DC-PSH", **body}
    _refused(server.client.post("/devices/enrol", json=body), 422)


def test_a_push_with_a_command_number_beyond_64_bits_is_answered_422(server):
    desk = server.enrol()
    for seq in (2**63, 2**64):
        envelope = {"device_seq": seq, "command_id": "x", "name": "edit_record", "args": {}}
        _refused(desk.push_envelopes([envelope]), 422)


def test_a_command_id_with_a_nul_is_answered_as_that_commands_rejection(server):
    """Not a refusal of the push, which the desk would send again for ever."""
    desk = server.enrol()
    response = desk.push_envelopes(
        [
            {"device_seq": 1, "command_id": "a\x00b", "name": "edit_record", "args": {}},
            desk.envelope("edit_record", {}, seq=2),
        ]
    )
    assert response.status_code == 200, response.text
    answers = response.json()["results"]
    assert [a["status"] for a in answers] == ["rejected", "rejected"]
    assert response.json()["last_seq"] == 2


def _intimation(payments_server: Any, **over: Any) -> Any:
    doc = {
        "psid": "1234567890123",
        "tran_auth_id": "A1B2C3",
        "amount_paisa": 100_000,
        "paid_at": "2026-11-20T10:00:00+00:00",
        "bank_mnemonic": "HBL",
        **over,
    }
    raw = json.dumps(doc).encode()  # orjson cannot write integers beyond 64 bits
    return payments_server.client.post(
        "/payments/intimation",
        content=raw,
        headers={
            SIGNATURE_HEADER: sign(raw, SECRET),
            TIMESTAMP_HEADER: str(int(time.time())),
            "Content-Type": "application/json",
        },
    )


@pytest.mark.parametrize(
    "over",
    [
        {"amount_paisa": 2**63},
        {"amount_paisa": 2**64},
        {"amount_paisa": -(2**64)},
        {"amount_paisa": 1.5},
        {"amount_paisa": "100"},
        {"psid": "12345\x00"},
        {"tran_auth_id": "A1\x00"},
        {"bank_mnemonic": "HBL\x00"},
        {"paid_at": "9999-12-31T23:59:59-12:00"},
        {"paid_at": "31-12-2026"},
        {"department_transaction_id": "x" * 1000},
        {"department_transaction_id": 7},
    ],
)
def test_a_signed_intimation_with_bad_numbers_or_bytes_is_answered_422(payments_server, over):
    _refused(_intimation(payments_server, **over), 422)


# ------------------------------------------------------------------ body size


@pytest.fixture
def small_server(sqlite_engine: Engine) -> Iterator[TestClient]:
    with TestClient(
        create_app(Settings(enrolment_key=ENROLMENT_KEY, max_body_bytes=4096), engine=sqlite_engine)
    ) as client:
        yield client


def test_a_body_beyond_the_servers_bound_is_answered_413_by_the_app_itself(small_server):
    enrolled = small_server.post(
        "/devices/enrol",
        json={"enrolment_key": ENROLMENT_KEY, "office_code": "DC-PSH", "device_name": "counter"},
    )
    assert enrolled.status_code == 200
    desk = {"Authorization": f"Bearer {enrolled.json()['token']}"}
    big = orjson.dumps({"commands": [], "padding": "x" * 10_000})
    body = _refused(small_server.post("/sync/push", headers=desk, content=big), 413)
    assert body["code"] == "too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: the app counts what arrives
        for _ in range(10):
            yield b" " * 1000

    _refused(small_server.post("/sync/push", headers=desk, content=chunks()), 413)
    _refused(small_server.post("/devices/enrol", content=big), 413)
    # a body within the bound is served as before
    ok = small_server.post("/sync/push", headers=desk, json={"commands": []})
    assert ok.status_code == 200, ok.text


def test_the_body_bound_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DAFTAR_MAX_BODY_BYTES", "12345")
    assert Settings.from_env().max_body_bytes == 12345
    assert Settings().max_body_bytes >= 16 * 1024 * 1024  # a push of 500 commands fits
