"""The server's OpenAPI document against the server (issue 14, point 7): a bounded
schemathesis run with a valid device token and a registered operator, so generated
requests go past authentication into the real routes. Every answer must be no server
error and documented: status code, content type, headers and body schema
(schemathesis's response conformance checks). Whether every schema-valid request is
also accepted (`positive_data_acceptance`) is not asked: the document states lengths
and patterns, not every rule of the domain (a CNIC's check digit, a real date).

In-process over ASGI (no socket at all); examples per operation are limited so the
run stays well under a minute on the 2-core machine.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import Engine

from server.app import create_app
from server.db import make_engine
from server.migrate import prepare_database
from server.settings import Settings
from tests.server.conftest import ENROLMENT_KEY, Server

EXAMPLES = 12  # per operation and mode: ~20 operations, a few hundred requests in all


class Holder:
    """The device token the run authenticates with; a generated call to
    `/devices/rotate` replaces it, so the holder follows."""

    token = ""


@pytest.fixture(scope="module")
def _engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('st') / 'server.sqlite3'}")
    prepare_database(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def api_schema(_engine: Engine) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    app = create_app(Settings(enrolment_key=ENROLMENT_KEY), engine=_engine)
    with TestClient(app) as client:
        server = Server(client, _engine)
        desk = server.enrol()  # a supervisor of PSH signs for it, key registered
        Holder.token = desk.token
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


#: 5xx answers that are no fault: a busy server, and the payment routes of a server
#: run without a gateway (this one), which say so.
EXPECTED_5XX = {(503, "busy"), (503, "no_gateway")}


#: Response conformance, and that what breaks the document is refused; server errors
#: are `_no_server_error`'s.
CHECKS = [
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def _no_server_error(response: Any) -> None:
    if response.status_code < 500:
        return
    try:
        code = response.json().get("code")
    except ValueError:
        code = None
    assert (response.status_code, code) in EXPECTED_5XX, (
        f"server error {response.status_code}: {response.text[:500]}"
    )


def _run(api_schema: Any, mode: GenerationMode) -> list[str]:
    """Every operation, EXAMPLES cases each; the failures as lines."""
    failures: list[str] = []
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            response = case.call_and_validate(
                headers={"Authorization": f"Bearer {Holder.token}"}, checks=CHECKS
            )
            _no_server_error(response)
            if case.path == "/devices/rotate" and response.status_code == 200:
                Holder.token = response.json()["token"]

        try:
            check()
        except Unsatisfiable:  # nothing to break in an operation without parameters
            assert mode is GenerationMode.NEGATIVE, operation.label
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - all are run
            failures.append(f"{operation.label}: {_said(exc)}")
    return failures


def _said(exc: BaseException) -> str:
    """A failure and what it groups, without the tracebacks."""
    lines = [f"{type(exc).__name__}: {exc}"]
    for sub in getattr(exc, "exceptions", ()):
        lines.append(f"  - {type(sub).__name__}: {sub}")
    return "\n".join(lines)


@pytest.mark.slow
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_server_keeps_to_its_openapi_document(api_schema: Any, mode: GenerationMode) -> None:
    failures = _run(api_schema, mode)
    assert not failures, "\n\n".join(failures)


def test_completing_an_upload_never_started_is_refused_not_a_server_error(server):
    """Found by the run above: a 500 (the partial file was opened unchecked)."""
    desk = server.enrol(signed=False)
    answer = server.client.post(f"/attachments/{'0' * 63}1/complete", headers=desk.headers)
    assert answer.status_code == 404 and answer.json()["code"] == "not_found"


def test_a_push_without_its_list_of_commands_is_refused(server):
    """Found by the run above: `{}` was answered 200 as an empty push."""
    desk = server.enrol(signed=False)
    for body in ({}, {"commands": "x"}, {"commands": {}}):
        answer = server.client.post("/sync/push", headers=desk.headers, json=body)
        assert answer.status_code == 422 and answer.json()["code"] == "bad_push", body
