"""One bad command never blocks a desk (issue 12): a value the desk's SQLite would take
but the server's PostgreSQL refuses used to make the server answer 500 to every push,
and the valid work queued behind it waited for ever.

Today's desk refuses these values itself, at once, with the same message the server
gives; a desk of an older release may still hold them in its outbox. So the test puts
each poisoned command into the outbox directly, between two valid commands, and runs
one sync round against the real server, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from domain.commands import person_id_for
from domain.errors import DomainError
from domain.ids import new_id, utcnow
from domain.models import LicenceApplication, Person
from sync.store import LocalStore
from sync.store.client_models import OutboxCommand

PERSON_CNIC = 1  # the applicant of the first valid application


def _edit_person(changes: dict[str, Any]) -> Callable[[Any], tuple[str, dict[str, Any]]]:
    def make(kit: Any) -> tuple[str, dict[str, Any]]:
        person = person_id_for(kit.cnic(PERSON_CNIC))
        return "edit_record", {"table": "persons", "row_id": person, "changes": changes}

    return make


def _application_with(**applicant: Any) -> Callable[[Any], tuple[str, dict[str, Any]]]:
    def make(kit: Any) -> tuple[str, dict[str, Any]]:
        args = kit.application_args(900 + len(applicant), prefix="BAD")
        args["applicant"].update(applicant)
        return "submit_licence_application", args

    return make


#: (what, command maker, code answered, message answered)
POISON = [
    (
        "27-character mobile",
        _edit_person({"mobile": "0" * 27}),
        "validation",
        "Mobile is too long (27 characters; at most 15).",
    ),
    (
        "NUL in a name",
        _application_with(name_en="Gul\x00 Khan"),
        "validation",
        "Name en contains a control character ('\\x00') at position 4; type it again without it.",
    ),
    (
        "date 31-12-1980",
        _application_with(date_of_birth="31-12-1980"),
        "validation",
        "Date of birth must be a date written YYYY-MM-DD; got '31-12-1980'.",
    ),
    (
        "a number where text belongs",
        _edit_person({"name_en": 3001234567}),
        "validation",
        "name_en must be text.",
    ),
    (
        "10,000-character name",
        _edit_person({"name_en": "A" * 10_000}),
        "validation",
        "Name en is too long (10000 characters; at most 120).",
    ),
    (
        "unknown command name with NUL",
        lambda kit: ("edit_record\x00", {"table": "persons"}),
        "unknown_command",
        "Unknown command 'edit_record\\x00'.",
    ),
]


def _put_in_outbox(store: LocalStore, name: str, args: dict[str, Any]) -> int:
    """Queue a command as an older desk would have: in the outbox, never checked here."""
    args = {"at": utcnow().isoformat(), "actor": "old desk", **args}
    with store.write_lock, store.sessions.begin() as s:
        seq = (s.scalar(select(func.max(OutboxCommand.device_seq))) or 0) + 1
        s.add(
            OutboxCommand(
                device_seq=seq,
                command_id=new_id(),
                name=name,
                args=args,
                base_versions={},
                actor="old desk",
                client_time=utcnow(),
                state="pending",
                touched=[],
            )
        )
    return seq


def test_each_poisoned_command_is_rejected_with_its_reason_and_the_work_around_it_is_applied(
    live_server, make_device, sync_kit
):
    store, engine = make_device("DC-PSH")
    store.execute(
        "submit_licence_application", sync_kit.application_args(PERSON_CNIC), actor="clerk"
    )
    poisoned: dict[int, tuple[str, str, str]] = {}
    for n, (what, make, code, message) in enumerate(POISON, start=2):
        name, args = make(sync_kit)
        # today's desk refuses it at once, with the server's own words
        with pytest.raises(DomainError) as refused:
            store.execute(name, dict(args), actor="clerk")
        assert (refused.value.code, str(refused.value.message)) == (code, message), what
        poisoned[_put_in_outbox(store, name, args)] = (what, code, message)
        store.execute("submit_licence_application", sync_kit.application_args(n), actor="clerk")
    assert store.pending_count() == 1 + 2 * len(POISON)

    report = engine.run_once()  # one round

    assert store.pending_count() == 0
    assert report.rejected == len(POISON)
    for command in sync_kit.outbox(store):
        if command.device_seq in poisoned:
            what, code, message = poisoned[command.device_seq]
            assert command.state == "rejected", what
            assert (command.answer["code"], command.answer["message"]) == (code, message), what
        else:
            assert command.state == "applied", (command.device_seq, command.answer)
    with live_server.engine.connect() as conn:
        numbers = set(conn.scalars(select(LicenceApplication.application_no)))
        mobile = conn.scalar(
            select(Person.mobile).where(Person.id == person_id_for(sync_kit.cnic(PERSON_CNIC)))
        )
    assert numbers == {f"PSH-26-{n:07d}" for n in range(1, len(POISON) + 2)}
    assert mobile == "03001234567"  # the poisoned edit left the person as it was
    assert live_server.processed_count(store.identity().device_id) == 1 + 2 * len(POISON)
    # and the desk shows the same: every valid application, no half-applied poison
    with store.sessions() as s:
        local = set(s.scalars(select(LicenceApplication.application_no)))
    assert local == numbers
    assert engine.run_once().pushed == 0  # nothing left to retry
